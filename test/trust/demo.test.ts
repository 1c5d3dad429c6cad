/** The demo trust as a first-run user meets it: who is there, and three terms of decided history. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/evaluator/answers.js';
import { evaluate } from '../../src/evaluator/evaluate.js';
import type { Evaluation } from '../../src/evaluator/types.js';
import { loadRubricFile, rubricFile } from '../../src/rubric/load.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/port.js';
import { answersForCategory } from '../../src/trust/answers.js';
import { seedDemoTrust } from '../../src/trust/demo.js';
import { DemoTrustError, loadDemoTrust } from '../../src/trust/demo-file.js';

const NOW = new Date('2026-11-24T09:00:00.000Z');
let rubric: Rubric;
/** Seeded once and only read: the store hands out copies, so tests cannot disturb each other. */
let demo: Store;
beforeAll(async () => {
  rubric = loadRubricFile(rubricFile('ethos'));
  demo = new MemoryStore();
  await seedDemoTrust(demo, rubric, NOW);
});

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'termly-demo-'));
  dirs.push(dir);
  return dir;
}

async function seeded(): Promise<Store> {
  return demo;
}

/** The history the demo is meant to tell, decided category per term (autumn, spring, summer 2025-26). */
const INTENDED: Record<string, string[]> = {
  'Engage Academy': ['improve', 'improve', 'sustain'],
  'Reach Academy': ['stabilise', 'repair', 'improve'],
  'Elements Academy': ['repair', 'repair', 'improve'],
  'Ethos College': ['sustain', 'sustain', 'sustain'],
  'Evolve Academy': ['improve', 'improve', 'improve'],
  'Enrich Academy': ['repair', 'stabilise', 'repair'],
};

describe('the demo trust', () => {
  it('is Ethos Academy Trust with its six academies, running the ethos rubric', async () => {
    const trust = (await (await seeded()).getTrust())!;
    expect(trust).toMatchObject({ name: 'Ethos Academy Trust', rubricId: 'ethos', leadershipChannel: { teams: 'channel:leadership' } });
    expect(trust.schools.map((s) => s.name)).toEqual(Object.keys(INTENDED));
    expect(trust.schools.find((s) => s.name === 'Reach Academy')?.aliases).toContain('Reach');
  });

  it('has a head for each academy, named by role, with the playground\'s Teams ids', async () => {
    const trust = (await (await seeded()).getTrust())!;
    const heads = trust.people.filter((p) => p.roles.includes('head'));
    expect(heads.map((h) => h.name).sort()).toEqual(trust.schools.map((s) => `Headteacher, ${s.name}`).sort());
    for (const head of heads) expect(head.schoolIds).toHaveLength(1);

    const byName = (name: string) => trust.people.find((p) => p.name === name);
    expect(byName('Chief Executive Officer')?.teams?.aadObjectId).toBe('00000000-0000-0000-0000-0000000000020');
    expect(byName('Headteacher, Reach Academy')?.teams?.aadObjectId).toBe('00000000-0000-0000-0000-0000000000021');
    const otherHeads = heads.filter((h) => h.name !== 'Headteacher, Reach Academy').map((h) => h.teams?.aadObjectId).sort();
    expect(otherHeads).toEqual(['022', '023', '024', '025', '026'].map((n) => `00000000-0000-0000-0000-0000000000${n}`));
    const ids = trust.people.map((p) => p.teams?.aadObjectId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the central roles, each named by its title', async () => {
    const trust = (await (await seeded()).getTrust())!;
    const central = trust.people.filter((p) => !p.roles.includes('head'));
    expect(central.map((p) => [p.roles[0], p.name])).toEqual([
      ['ceo', 'Chief Executive Officer'],
      ['director_of_education', 'Director of Education'],
      ['cfoo', 'Chief Finance and Operations Officer'],
      ['hr_lead', 'HR Lead'],
      ['finance_lead', 'Trust Finance Lead'],
      ['estates_lead', 'Estates Lead'],
    ]);
    for (const person of trust.people) expect(person.name.startsWith(person.title)).toBe(true);
  });
});

describe('the demo history', () => {
  it('has three closed review windows of the academic year before now', async () => {
    const windows = await (await seeded()).listWindows();
    expect(windows.map((w) => [w.id, w.state])).toEqual([
      ['2025-26-autumn', 'closed'],
      ['2025-26-spring', 'closed'],
      ['2025-26-summer', 'closed'],
    ]);
    for (const w of windows) expect(Date.parse(w.closedAt!)).toBeLessThan(NOW.getTime());
  });

  it('decides each school\'s category for each term as intended; Reach goes STABILISE, REPAIR, IMPROVE', async () => {
    const store = await seeded();
    const trust = (await store.getTrust())!;
    const decided = Object.fromEntries(
      await Promise.all(trust.schools.map(async (s) => [s.name, (await store.listDecisions({ schoolId: s.id })).map((d) => d.category)] as const)),
    );
    expect(decided).toEqual(INTENDED);
  });

  it('confirms the proposal in all but one decision, which overrides it with a rationale', async () => {
    const decisions = await (await seeded()).listDecisions();
    expect(decisions).toHaveLength(18);
    const overridden = decisions.filter((d) => d.kind === 'overridden');
    expect(overridden).toHaveLength(1);
    expect(overridden[0]).toMatchObject({ schoolId: 'evolve-academy', windowId: '2025-26-summer', proposed: 'sustain', category: 'improve' });
    expect(overridden[0]!.rationale).toMatch(/new headteacher/);
    for (const d of decisions.filter((x) => x.kind === 'confirmed')) expect(d.proposed).toBe(d.category);
    for (const d of decisions) expect(d.decidedBy).toBe('ceo');
  });

  it('keeps each school\'s previous category, so the trend can be told', async () => {
    const decisions = await (await seeded()).listDecisions({ schoolId: 'reach-academy' });
    expect(decisions.map((d) => [d.previous, d.category])).toEqual([
      [null, 'stabilise'],
      ['stabilise', 'repair'],
      ['repair', 'improve'],
    ]);
  });

  it('proposes each category from submitted answers, as the evaluator computes it', async () => {
    const store = await seeded();
    for (const decision of await store.listDecisions()) {
      const submission = (await store.getSubmission(decision.schoolId, decision.windowId))!;
      expect(submission).toMatchObject({ state: 'submitted', rubricId: 'ethos', submittedBy: `head-${decision.schoolId}` });
      expect(parseAnswers(rubric, submission.answers).ok).toBe(true);

      const stored = (await store.latestEvaluation(decision.schoolId, decision.windowId))!;
      const evaluation = stored.evaluation as unknown as Evaluation;
      expect(stored.submissionId).toBe(submission.id);
      const school = (await store.getTrust())!.schools.find((s) => s.id === decision.schoolId)!;
      const window = (await store.listWindows()).find((w) => w.id === decision.windowId)!;
      const facts = { context: school.context ?? {}, reviewDate: window.closesOn };
      expect(evaluation).toEqual(JSON.parse(JSON.stringify(evaluate(rubric, submission.answers, { ...facts, previous: decision.previous }))));
      expect(evaluation.complete).toBe(true);
      expect(evaluation.category?.id).toBe(decision.proposed);
    }
  });

  it('rates every area and gives every indicator a figure, with levels varying within a term', async () => {
    const store = await seeded();
    const areas = rubric.groups.flatMap((g) => g.areas.map((a) => a.id)).sort();
    for (const submission of await store.listSubmissions()) {
      expect(Object.keys(submission.answers.ratings).sort()).toEqual(areas);
      expect(Object.keys(submission.answers.indicators).sort()).toEqual(rubric.indicators.map((i) => i.id).sort());
    }
    const reachSpring = (await store.getSubmission('reach-academy', '2025-26-spring'))!;
    expect(new Set(Object.values(reachSpring.answers.ratings)).size).toBeGreaterThan(1);
  });

  it('records every write in the audit log as the system, the trust last', async () => {
    const log = await (await seeded()).listAudit();
    expect(log).toHaveLength(3 + 18 * 3 + 1);
    expect(log.map((a) => a.seq)).toEqual(log.map((_, i) => i + 1));
    expect(new Set(log.map((a) => a.actor))).toEqual(new Set(['system']));
    expect(log.at(-1)).toMatchObject({ action: 'trust.created', subject: 'trust:ethos', at: NOW.toISOString() });
    const times = log.slice(0, -1).map((a) => Date.parse(a.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('follows the date it is seeded on: the year before, whatever the year', async () => {
    const store = new MemoryStore();
    await seedDemoTrust(store, rubric, new Date('2028-07-20T12:00:00Z'));
    expect((await store.listWindows()).map((w) => w.id)).toEqual(['2026-27-autumn', '2026-27-spring', '2026-27-summer']);
    expect((await store.listDecisions({ schoolId: 'reach-academy' })).map((d) => d.category)).toEqual(INTENDED['Reach Academy']);
  });
});

describe('seeding', () => {
  it('leaves a store that already has a trust alone', async () => {
    const store = new MemoryStore();
    await seedDemoTrust(store, rubric, NOW);
    const before = await store.listAudit();
    expect(await seedDemoTrust(store, rubric, NOW)).toMatchObject({ seeded: false, trustId: 'ethos' });
    expect(await store.listAudit()).toEqual(before);
  });

  it('finishes a seed that was cut short, without repeating what was written', async () => {
    const store = new MemoryStore();
    let writes = 0;
    const failing = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (/^(save|add)/.test(String(name)) && ++writes > 25) throw new Error('the process stopped');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    await expect(seedDemoTrust(failing, rubric, NOW)).rejects.toThrow('the process stopped');
    expect(await store.getTrust()).toBeNull();

    expect(await seedDemoTrust(store, rubric, NOW)).toMatchObject({ seeded: true, decisions: 18 });
    expect(await store.listDecisions()).toHaveLength(18);
    expect(await store.listSubmissions()).toHaveLength(18);
    expect(await store.listAudit()).toHaveLength(3 + 18 * 3 + 1);
  });

  it('writes a store file that opens again with the whole history', async () => {
    const file = join(await tempDir(), 'termly.db.json');
    await seedDemoTrust(await FileStore.open(file), rubric, NOW);
    const reopened = await FileStore.open(file);
    expect((await reopened.getTrust())?.name).toBe('Ethos Academy Trust');
    expect(await reopened.listDecisions()).toEqual(await (await seeded()).listDecisions());
  });

  it('refuses a rubric other than the demo trust\'s', async () => {
    const other = loadRubricFile(rubricFile('four_stages'));
    await expect(seedDemoTrust(new MemoryStore(), other, NOW)).rejects.toThrow('runs the "ethos" rubric, but the "four_stages" rubric was given');
  });

  it('says which school and term cannot reach their category', () => {
    expect(() => answersForCategory(rubric, 'outstanding', 0.5, null, 'reach-academy/2025-26-autumn')).toThrow(
      /reach-academy\/2025-26-autumn: no answers to the ethos rubric lead it to propose "outstanding".*proposes only: .*stabilise/,
    );
  });
});

describe('the demo trust file', () => {
  const demoText = async (change: (text: string) => string) => {
    const file = join(await tempDir(), 'demo.yaml');
    const original = await readFile(new URL('../../data/demo/ethos-trust.yaml', import.meta.url), 'utf8');
    await writeFile(file, change(original));
    return file;
  };

  it('refuses an override without a rationale, naming the place', async () => {
    const file = await demoText((t) => t.replace(/        rationale: >-\n(          .*\n)+/, ''));
    expect(() => loadDemoTrust(file)).toThrow(DemoTrustError);
    expect(() => loadDemoTrust(file)).toThrow('history.schools.evolve-academy[2].rationale: a rationale is given exactly when');
  });

  it('refuses history for a school the trust does not have', async () => {
    const file = await demoText((t) => t.replace('    enrich-academy:\n', '    enrich-acadmy:\n'));
    expect(() => loadDemoTrust(file)).toThrow('history.schools.enrich-acadmy: not one of the trust\'s schools');
  });
});
