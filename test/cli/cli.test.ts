import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { boot } from '../../src/boot.js';
import { runCli } from '../../src/cli/main.js';

const ROOT = new URL('../../', import.meta.url).pathname;

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...process.env, ...env }, cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tempDir() {
  return mkdtempSync(join(tmpdir(), 'termly-cli-'));
}

function inputFile(data: unknown) {
  const file = join(tempDir(), 'input.json');
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

describe('rubric commands', () => {
  it('lists all five frameworks', async () => {
    const { code, out } = await cli(['rubric', 'list']);
    expect(code).toBe(0);
    expect(out.split('\n').map((l) => l.split(' ')[0])).toEqual(['an_daras', 'cat_excellence', 'cmat', 'ethos', 'four_stages']);
  });

  it('shows a rubric as text and as JSON', async () => {
    expect((await cli(['rubric', 'show', 'ethos'])).out).toContain('Scale RAG assurance: Intervention required → Not yet assured → Assured (worst first)');
    const json = JSON.parse((await cli(['rubric', 'show', 'ethos', '--json'])).out);
    expect(json.categories.map((c: { id: string }) => c.id)).toEqual(['stabilise', 'repair', 'improve', 'sustain']);
  });

  it.each(readdirSync(join(ROOT, 'rubrics')).filter((f) => f.endsWith('.yaml')))('checks the shipped %s as valid', async (file) => {
    const { code, out } = await cli(['rubric', 'check', `rubrics/${file}`]);
    expect(code).toBe(0);
    expect(out).toContain('valid');
  });

  it('names the file, path and line of a problem, with exit code 1', async () => {
    const broken = readFileSync(join(ROOT, 'rubrics/ethos.yaml'), 'utf8').replace('scale: rag', 'scale: traffic_lights');
    const file = join(tempDir(), 'broken.yaml');
    writeFileSync(file, broken);
    const { code, err } = await cli(['rubric', 'check', file]);
    expect(code).toBe(1);
    expect(err).toMatch(/broken\.yaml: .*\n.*unknown scale "traffic_lights"/);
    expect(err).toMatch(/\(line \d+\)/);
  });

  it('says which rubrics exist when asked for one that does not', async () => {
    const { code, err } = await cli(['rubric', 'show', 'ofsted']);
    expect(code).toBe(1);
    expect(err).toBe('no rubric "ofsted"; available: an_daras, cat_excellence, cmat, ethos, four_stages');
  });
});

describe('evaluate', () => {
  it('explains Reach Academy\'s proposed category in plain words', async () => {
    const { code, out } = await cli(['evaluate', '--rubric', 'ethos', '--input', 'rubrics/examples/ethos-reach-academy.json']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Reach Academy — /);
    expect(out).toContain('Proposed category: REPAIR (was IMPROVE: more support)');
    expect(out).toMatch(/Why: .+/);
    expect(out).toContain('Self-rating and evidence differ (for moderation):');
  });

  it('prints the documented JSON contract', async () => {
    const { code, out } = await cli(['evaluate', '--rubric', 'ethos', '--input', 'rubrics/examples/ethos-reach-academy.json', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.indicators.attendance).toMatchObject({ value: 48.5, level: 'intervention_required' });
    expect(json.areas.safeguarding).toMatchObject({ level: expect.any(String) });
    expect(json.category).toMatchObject({ id: 'repair', rule: expect.any(String), reason: expect.any(String) });
    expect(json.flags).toEqual([expect.objectContaining({ area: 'attendance', selfRating: 'assured', evidenceLevel: 'intervention_required' })]);
    expect(json.missing).toEqual([]);
    // Per area: the self-rating, the evidence, the level used and which of them it is.
    expect(json.areas.attendance).toMatchObject({ self: 'assured', evidence: 'intervention_required', level: 'intervention_required', source: 'evidence' });
    expect(json.areas.teaching_learning).toMatchObject({ self: 'not_yet_assured', evidence: null, level: 'not_yet_assured', source: 'self_rated' });
    expect(json.category.provenance).toMatchObject({ kind: 'trust', source: expect.stringContaining('Attainment and progress measures are inconsistent') });
  });

  it.each([
    ['ethos', 'ethos-all-assured-red-figures.json', 'STABILISE', /Holistic progress is below average/],
    ['ethos', 'ethos-special-measures.json', 'STABILISE', /This rests on the framework's own words: "Recent notable changes \(e\.g\., OFSTED special measures/],
    ['cmat', 'cmat-secondary-no-early-years.json', 'Category 1', /Early Years +not applicable to this school/],
    ['four_stages', 'four-stages-strong-leadership-secure.json', 'Strong', /best fit of the 9 rated areas is Strong/],
  ])('%s %s is proposed %s, and says what it rests on', async (rubric, file, category, words) => {
    const { code, out } = await cli(['evaluate', '--rubric', rubric, '--input', `rubrics/examples/${file}`]);
    expect(code).toBe(0);
    expect(out).toContain(`Proposed category: ${category} `);
    expect(out).toMatch(words);
    expect(out).toMatch(/^This (rests on the framework's own words|is the trust's own choice, not the framework's rule)/m);
  });

  it('reads agreed levels and context from the input file, and refuses bad ones naming the field', async () => {
    const input = JSON.parse(readFileSync(join(ROOT, 'rubrics/examples/ethos-all-assured-red-figures.json'), 'utf8'));
    const agreed = await cli(['evaluate', '--rubric', 'ethos', '--input', inputFile({ ...input, agreed: { attendance: 'not_yet_assured' } }), '--json']);
    expect(JSON.parse(agreed.out).areas.attendance).toMatchObject({ self: 'assured', evidence: 'intervention_required', agreed: 'not_yet_assured', level: 'not_yet_assured', source: 'agreed' });
    const bad = await cli(['evaluate', '--rubric', 'ethos', '--input', inputFile({ ...input, context: { ofsted: 'inadequate', joined_trust: '2026-02-30' }, ratings: { ...input.ratings, safeguarding: 'not_applicable' } })]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('context.ofsted: "inadequate" is not an answer to "Current Ofsted judgement"; choose one of: outstanding, good, requires_improvement, serious_weaknesses, special_measures, not_yet_inspected');
    expect(bad.err).toContain('context.joined_trust: "2026-02-30" is not a date');
    expect(bad.err).toContain('ratings.safeguarding: "not_applicable" is not a level of Safeguarding (Safeguarding applies to every school)');
  });

  it.each([
    ['four_stages', 'four-stages-harbour-view-primary.json'],
    ['cmat', 'cmat-holy-cross-academy.json'],
    ['an_daras', 'an-daras-tremayne-vale-primary.json'],
    ['cat_excellence', 'cat-excellence-oakfield-academy.json'],
  ])('runs %s on its shipped example', async (rubric, file) => {
    const { code, out } = await cli(['evaluate', '--rubric', rubric, '--input', `rubrics/examples/${file}`, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    if (rubric === 'cat_excellence') expect(json.category).toBeNull();
    else expect(json.category.id).toEqual(expect.any(String));
  });

  it('reports An Daras\' transition table as net impact per pupil', async () => {
    const input = JSON.parse(readFileSync(join(ROOT, 'rubrics/examples/an-daras-tremayne-vale-primary.json'), 'utf8'));
    const weights: Record<string, Record<string, number>> = {
      low: { low: 0, middle: 1, high: 2 }, middle: { low: -1, middle: 0, high: 1 }, high: { low: -2, middle: -1, high: 0 },
    };
    let net = 0;
    let pupils = 0;
    for (const [from, row] of Object.entries(input.transitions as Record<string, Record<string, number>>)) {
      for (const [to, n] of Object.entries(row)) { net += n * weights[from]![to]!; pupils += n; }
    }
    const { out } = await cli(['evaluate', '--rubric', 'an_daras', '--input', 'rubrics/examples/an-daras-tremayne-vale-primary.json', '--json']);
    expect(JSON.parse(out).indicators.transition_impact.value).toBeCloseTo(net / pupils, 10);
  });

  it('refuses a bad value with exit code 1, naming the field and the value', async () => {
    const file = inputFile({ school: 'Reach Academy', ratings: { safeguarding: 'good' }, indicators: { attendance: 104 } });
    const { code, err, out } = await cli(['evaluate', '--rubric', 'ethos', '--input', file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('ratings.safeguarding: "good" is not a level of Safeguarding');
    expect(err).toContain('indicators.attendance: 104% is outside the allowed range for Attendance (0% to 100%)');
  });

  it.each([
    ['not JSON', '{ratings:', /not valid JSON/],
    ['an unknown field', { school: 'Reach', colour: 'red' }, /unexpected field "colour"/],
    ['an unknown previous category', { previous: 'outstanding' }, /previous: "outstanding" is not a category of .*; expected one of: stabilise, repair, improve, sustain/],
  ])('refuses %s with exit code 1', async (_what, data, message) => {
    const { code, err } = await cli(['evaluate', '--rubric', 'ethos', '--input', inputFile(data)]);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it('refuses a missing file with exit code 1', async () => {
    const { code, err } = await cli(['evaluate', '--rubric', 'ethos', '--input', 'nowhere.json']);
    expect(code).toBe(1);
    expect(err).toContain('nowhere.json: cannot be read (ENOENT)');
  });

  it.each([
    [['evaluate', '--rubric', 'ethos']],
    [['evaluate', '--rubric', 'ethos', '--input', 'x.json', '--colour']],
    [['frobnicate']],
    [[]],
  ])('exits 2 on wrong usage: %j', async (argv) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(2);
    expect(err).toMatch(/usage: (npm run cli|evaluate)/i);
  });
});

describe('schedule', () => {
  it('dates a category\'s support as JSON', async () => {
    const { code, out } = await cli(['schedule', '--rubric', 'ethos', '--category', 'stabilise', '--from', '2027-01-04', '--to', '2027-03-25', '--json']);
    expect(code).toBe(0);
    const { occurrences } = JSON.parse(out) as { occurrences: { activity: string; date: string; days: number | null; owner: string; strand: string; title: string }[] };
    const count = (id: string) => occurrences.filter((o) => o.activity === id).length;
    expect(count('termly_review')).toBe(1);
    expect(count('sip_days')).toBe(2);
    expect(count('ceo_wellbeing')).toBe(2);
    expect(occurrences.every((o) => o.date >= '2027-01-04' && o.date <= '2027-03-25' && o.owner && o.strand && o.title)).toBe(true);
    expect(occurrences.find((o) => o.activity === 'sip_days')?.days).toBe(1);
  });

  it('summarises a term\'s support by activity, in words, with what is on request and every date', async () => {
    const { code, out } = await cli(['schedule', '--rubric', 'ethos', '--category', 'repair', '--from', '2027-01-04', '--to', '2027-03-25']);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('REPAIR support, Mon 4 Jan 2027 to Thu 25 Mar 2027 (Ethos School Performance Assurance Framework)');
    expect(lines).toContain('  Engagement from Education Improvement Professionals (from within and beyond the Trust as required)');
    expect(out).toMatch(/^ {4}12 days a year · Education Improvement Professionals · from (Mon|Tue|Wed|Thu|Fri) \d{1,2} Jan · 4 days this term$/m);
    expect(out).toMatch(/^ {4}up to 10 days a year · HR professionals · from .+ · up to 3½ days this term$/m);
    expect(lines).toContain('    half-termly · CEO · from Thu 7 Jan · twice this term');
    expect(lines).toContain('On request:');
    expect(lines).toContain('  • External reviews if required (School Improvement Team)');
    expect(lines).toContain('  • Any budgetary changes to be discussed (Trust Finance Lead)');
    expect(out).toMatch(/^Every date \(\d+\):$/m);
    expect(out).toContain('  Tue 5 Jan 2027  Catch-up with a member of the HR Team and SLT/Managers needing HR support (30 minutes) — HR Team');
    expect(out).not.toMatch(/\d\.\d/);
  });

  it('gives the same summary as JSON, the days in halves', async () => {
    const { out } = await cli(['schedule', '--rubric', 'ethos', '--category', 'improve', '--from', '2026-09-01', '--to', '2027-08-31', '--json']);
    const { summary, onRequest } = JSON.parse(out) as { summary: { activity: string; often: string; owner: string; first: string; days: number | null; upTo: boolean; amount: string }[]; onRequest: { activity: string }[] };
    expect(summary.find((a) => a.activity === 'hr_days')).toMatchObject({ often: 'up to 5 days a year', owner: 'HR professionals', days: 5, upTo: true, amount: 'up to 5 days in all' });
    expect(summary.find((a) => a.activity === 'eip_days')).toMatchObject({ often: '6 days a year', days: 6, upTo: false, amount: '6 days in all' });
    expect(summary.find((a) => a.activity === 'ceo_wellbeing')).toMatchObject({ often: 'half-termly', owner: 'CEO', amount: '6 times in all' });
    expect(onRequest.map((a) => a.activity)).toEqual(['peer_learning', 'hr_review_input', 'budget_changes', 'phone_support']);
  });

  it('exports a calendar file', async () => {
    const { code, out } = await cli(['schedule', '--rubric', 'ethos', '--category', 'repair', '--from', '2027-01-04', '--to', '2027-03-25', '--ics']);
    expect(code).toBe(0);
    expect(out).toMatch(/^BEGIN:VCALENDAR/);
    expect(out).toContain('BEGIN:VEVENT');
  });

  it.each([
    [['--category', 'outstanding', '--from', '2027-01-04', '--to', '2027-03-25'], 1, /--category: "outstanding" is not a category/],
    [['--category', 'repair', '--from', '2027-13-01', '--to', '2027-03-25'], 1, /--from: "2027-13-01" is not a date/],
    [['--category', 'repair', '--from', '2027-03-25', '--to', '2027-01-04'], 1, /--from 2027-03-25 is after --to 2027-01-04/],
    [['--category', 'repair', '--from', '2027-01-04', '--to', '2027-03-25', '--json', '--ics'], 2, /choose one of --json or --ics/],
  ])('refuses %j', async (args, exit, message) => {
    const { code, err } = await cli(['schedule', '--rubric', 'ethos', ...args]);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });
});

/** A store holding the demo trust, written once (as `npm start` seeds it) and copied for each test. */
let seeded: string | null = null;
async function seededStore(): Promise<string> {
  if (!seeded) {
    seeded = join(tempDir(), 'seeded.db.json');
    await boot({ env: {}, outbound: { send: async () => ({ status: 'unreachable', detail: 'none' }) }, storeFile: seeded, seedDemo: true });
  }
  const copy = join(tempDir(), 'termly.db.json');
  // The store is a snapshot and a journal of the writes since.
  copyFileSync(seeded, copy);
  if (existsSync(`${seeded}.journal`)) copyFileSync(`${seeded}.journal`, `${copy}.journal`);
  return copy;
}

describe('status from the store', () => {
  it('finds a school from part of its name', async () => {
    const store = await seededStore();
    const { code, out } = await cli(['status', 'reach', '--json'], { TERMLY_STORE: store });
    expect(code).toBe(0);
    const status = JSON.parse(out);
    expect(status.school.name).toBe('Reach Academy');
    expect(status.category.name).toBe('IMPROVE');
    expect(status.trend.map((t: { category: { name: string } }) => t.category.name)).toEqual(['STABILISE', 'REPAIR', 'IMPROVE']);
  });

  it('never seeds an empty or missing store: it says the store is empty and how to seed it', async () => {
    const dir = tempDir();
    const store = join(dir, 'termly.db.json');
    const { code, out, err } = await cli(['status', 'reach'], { TERMLY_STORE: store });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(`the store ${store} is empty: no trust is set up in it yet. To try Termly with a demo trust, seed it with: npm run cli -- demo seed`);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.lock'))).toEqual([]);
  });

  it.each([
    ['context', 'reach', '--ofsted', 'good'], ['peers'], ['heatmap', '--out', 'h.png'], ['export', '--format', 'csv', '--out', 'x.csv'],
  ])('%s on an empty store refuses, names the store and how to fill it, and writes nothing', async (...argv) => {
    const dir = tempDir();
    const store = join(dir, 'termly.db.json');
    const { code, err } = await cli(argv, { TERMLY_STORE: store });
    expect(code).toBe(1);
    expect(err).toBe(`the store ${store} is empty: no trust is set up in it yet. To try Termly with a demo trust, seed it with: npm run cli -- demo seed`);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.lock'))).toEqual([]);
  });

  it('keeps a school\'s context until changed, set with context <school> --ofsted ... --joined-trust ...', async () => {
    const store = await seededStore();
    const set = await cli(['context', 'reach', '--ofsted', 'special_measures', '--joined-trust', '2026-09-01'], { TERMLY_STORE: store });
    expect(set.code).toBe(0);
    expect(set.out).toContain('Current Ofsted judgement: Special measures');
    const status = await cli(['status', 'reach'], { TERMLY_STORE: store });
    expect(status.out).toContain('Context: Date the school joined the trust: 2026-09-01');
    const bad = await cli(['context', 'reach', '--ofsted', 'outstanding', '--inspected', 'yes'], { TERMLY_STORE: store });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--inspected: not a context question of the Ethos School Performance Assurance Framework; expected: --ofsted, --joined-trust');
    expect((await cli(['context', 'reach'], { TERMLY_STORE: store })).out).toContain('Current Ofsted judgement: Special measures');
  });

  it('suggests names for a school it cannot find, with exit code 1', async () => {
    const store = await seededStore();
    const { code, err } = await cli(['status', 'Oakfield'], { TERMLY_STORE: store });
    expect(code).toBe(1);
    expect(err).toMatch(/no school matches "Oakfield"; did you mean: .*Academy/);
  });

  it('moves a corrupt store aside, says where, and writes nothing in its place', async () => {
    const dir = tempDir();
    const store = join(dir, 'termly.db.json');
    writeFileSync(store, '{"schemaVersion": 1, "trust": ');
    const { code, err } = await cli(['status', 'reach'], { TERMLY_STORE: store });
    expect(code).toBe(1);
    expect(err).toContain(`the store file ${store} is not valid and was moved to`);
    const aside = readdirSync(dir).find((f) => f.includes('.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"schemaVersion": 1, "trust": ');
    expect(existsSync(store)).toBe(false);
  });
});

describe('as a process', () => {
  it('sets the exit code the way scripts expect', async () => {
    const run = promisify(execFile);
    const ok = await run('npx', ['tsx', 'src/cli/main.ts', 'rubric', 'list'], { cwd: ROOT });
    expect(ok.stdout).toContain('ethos');
    const usage = await run('npx', ['tsx', 'src/cli/main.ts', 'nonsense'], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in usage && usage.code).toBe(2);
  });
});
