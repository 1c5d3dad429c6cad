/** A demo trust for every shipped rubric: who is there, and three past terms of history each. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { parseAnswers } from '../../src/evaluator/answers.js';
import { evaluate } from '../../src/evaluator/evaluate.js';
import type { Evaluation, TransitionCounts } from '../../src/evaluator/types.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { modelOf, rankOf, scaleOf } from '../../src/rubric/model.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/port.js';
import { chosenDemo, UnknownDemoError } from '../../src/trust/choice.js';
import { seedDemo, seedDemoTrust } from '../../src/trust/demo.js';
import { DemoTrustError, demoNames, demoTrustFile, loadDemoTrust } from '../../src/trust/demo-file.js';
import { seedDemoCentralLines } from '../../src/trust/demo-window.js';
import { RecordingOutbound } from '../review/harness.js';

const NOW = new Date('2026-11-24T09:00:00.000Z');
const PAST = ['2025-26-autumn', '2025-26-spring', '2025-26-summer'];
const teamsId = (n: number) => `00000000-0000-0000-0000-0000000000${String(n).padStart(3, '0')}`;

let rubrics: ReadonlyMap<string, Rubric>;
/** Each demo seeded once and only read: the store hands out copies. */
const seeded = new Map<string, Store>();
beforeAll(async () => {
  rubrics = loadRubrics();
  for (const name of ['four-stages', 'cmat', 'an-daras', 'cat-excellence']) {
    const store = new MemoryStore();
    await seedDemo(store, rubrics, NOW, name);
    seeded.set(name, store);
  }
});

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** The decided categories per school the demo files tell, autumn to summer 2025-26. */
const INTENDED: Record<string, { trust: string; rubricId: string; central: string[][]; history: Record<string, string[]> }> = {
  'four-stages': {
    trust: 'Saltmarsh Learning Trust',
    rubricId: 'four_stages',
    central: [['ceo', 'Chief Executive Officer']],
    history: {
      'Harbour View Primary School': ['attention_needed', 'secure', 'secure'],
      'Saltmarsh Primary School': ['causing_concern', 'attention_needed', 'attention_needed'],
      'Kestrel Fields Primary School': ['secure', 'strong', 'strong'],
      'Wrenfield Junior School': ['secure', 'attention_needed', 'attention_needed'],
    },
  },
  cmat: {
    trust: 'Brookmere Multi-Academy Trust',
    rubricId: 'cmat',
    central: [['ceo', 'Chief Executive Officer'], ['director_of_education', 'Director of Education']],
    history: {
      'Holy Cross Academy': ['category_2', 'category_1', 'category_1'],
      'Brookmere Primary Academy': ['category_3', 'category_3', 'category_2'],
      "St Cuthbert's Church of England Academy": ['category_1', 'category_1', 'category_1'],
      'Ashdown Vale Academy': ['category_2', 'category_3', 'category_3'],
    },
  },
  'an-daras': {
    trust: 'Carrick Tor Academy Trust',
    rubricId: 'an_daras',
    central: [['ceo', 'Chief Executive Officer']],
    history: {
      'Tremayne Vale Primary School': ['de_clutter', 'repair', 'repair'],
      'Porthcarrow Primary School': ['sustain_and_strengthen', 'improve', 'improve'],
      'Trevenna Community Primary School': ['repair', 'improve', 'improve'],
    },
  },
  'cat-excellence': {
    trust: 'Larchwood Academies Trust',
    rubricId: 'cat_excellence',
    central: [['ceo', 'Chief Executive Officer']],
    history: {
      'Oakfield Academy': [],
      'Millbrook Primary Academy': [],
      'Thornley Park Academy': [],
      'Fernhill Primary Academy': [],
    },
  },
};

describe('the demo trusts on offer', () => {
  it('are one per shipped rubric, each named after its rubric file', () => {
    expect(demoNames()).toEqual(['an-daras', 'cat-excellence', 'cmat', 'ethos', 'four-stages']);
    const runs = demoNames().map((n) => loadDemoTrust(demoTrustFile(n)).trust.rubricId).sort();
    expect(runs).toEqual([...rubrics.keys()].sort());
  });
});

for (const [name, intended] of Object.entries(INTENDED)) {
  describe(`the ${name} demo trust`, () => {
    const store = () => seeded.get(name)!;
    const rubric = () => rubrics.get(intended.rubricId)!;

    it(`is ${intended.trust}, running the ${intended.rubricId} rubric, with a head per school named by role`, async () => {
      const trust = (await store().getTrust())!;
      expect(trust).toMatchObject({ name: intended.trust, rubricId: intended.rubricId, leadershipChannel: { teams: 'channel:leadership' } });
      expect(trust.schools.map((s) => s.name)).toEqual(Object.keys(intended.history));
      expect(trust.schools.length).toBeGreaterThanOrEqual(3);
      for (const school of trust.schools) {
        const heads = trust.people.filter((p) => p.roles.includes('head') && p.schoolIds.includes(school.id));
        expect(heads.map((h) => h.name)).toEqual([`${heads[0]!.title}, ${school.name}`]);
        expect(school.aliases.length).toBeGreaterThan(0);
      }
      expect(trust.people.filter((p) => !p.roles.includes('head')).map((p) => [p.roles[0], p.name])).toEqual(intended.central);
      for (const person of trust.people) expect(person.name.startsWith(person.title)).toBe(true);
    });

    it('has the playground\'s Teams ids: the CEO 020, the first school\'s head 021, then the others in order', async () => {
      const trust = (await store().getTrust())!;
      const heads = trust.schools.map((s) => trust.people.find((p) => p.roles.includes('head') && p.schoolIds.includes(s.id))!);
      const central = trust.people.filter((p) => !p.roles.includes('head') && !p.roles.includes('ceo'));
      expect(trust.people.find((p) => p.roles.includes('ceo'))?.teams?.aadObjectId).toBe(teamsId(20));
      expect([...heads, ...central].map((p) => p.teams?.aadObjectId)).toEqual([...heads, ...central].map((_, i) => teamsId(21 + i)));
    });

    it('has three closed review windows of the academic year before now, and a submitted review per school in each', async () => {
      expect((await store().listWindows()).map((w) => [w.id, w.state])).toEqual(PAST.map((id) => [id, 'closed']));
      const trust = (await store().getTrust())!;
      for (const school of trust.schools) {
        const reviews = await store().listSubmissions({ schoolId: school.id });
        expect(reviews.map((r) => [r.windowId, r.state, r.submittedBy])).toEqual(PAST.map((w) => [w, 'submitted', `head-${school.id}`]));
      }
    });

    it('keeps each review\'s evaluation as the evaluator makes it, from answers the questionnaire would accept', async () => {
      for (const submission of await store().listSubmissions()) {
        expect(parseAnswers(rubric(), submission.answers).ok).toBe(true);
        const previous = (await store().listDecisions({ schoolId: submission.schoolId })).filter((d) => d.windowId < submission.windowId).at(-1)?.category ?? null;
        const stored = (await store().latestEvaluation(submission.schoolId, submission.windowId))!;
        const school = (await store().getTrust())!.schools.find((s) => s.id === submission.schoolId)!;
        const window = (await store().listWindows()).find((w) => w.id === submission.windowId)!;
        const facts = { context: school.context ?? {}, ...(school.phases ? { phases: school.phases } : {}), reviewDate: window.closesOn };
        expect(stored.evaluation).toEqual(JSON.parse(JSON.stringify(evaluate(rubric(), submission.answers, { ...facts, previous }))));
        expect((stored.evaluation as unknown as Evaluation).complete).toBe(true);
      }
    });

    if (name === 'cat-excellence') {
      it('has no decisions, the benchmarks having no categories, and strand shares that differ between schools and terms', async () => {
        expect(await store().listDecisions()).toEqual([]);
        const shares = new Set<string>();
        for (const submission of await store().listSubmissions()) {
          const evaluation = (await store().latestEvaluation(submission.schoolId, submission.windowId))!.evaluation as unknown as Evaluation;
          expect(evaluation.category).toBeNull();
          const groups = Object.values(evaluation.groups);
          expect(groups.map((g) => g.share?.level)).toEqual(['fully', 'fully', 'fully', 'fully', 'fully']);
          shares.add(groups.map((g) => g.share!.value).join('/'));
        }
        expect(shares.size).toBe(12);
      });
    } else {
      it('decides each school\'s category each term as the file tells, on the evaluator\'s proposal', async () => {
        const trust = (await store().getTrust())!;
        const decided: Record<string, string[]> = {};
        for (const school of trust.schools) {
          const decisions = await store().listDecisions({ schoolId: school.id });
          decided[school.name] = decisions.map((d) => d.category);
          expect(decisions.map((d) => d.previous)).toEqual([null, ...decisions.slice(0, -1).map((d) => d.category)]);
          for (const d of decisions) {
            const evaluation = (await store().latestEvaluation(d.schoolId, d.windowId))!.evaluation as unknown as Evaluation;
            expect(evaluation.category?.id).toBe(d.proposed);
            expect(d.kind === 'overridden').toBe(d.proposed !== d.category);
            expect(d.decidedBy).toBe('ceo');
          }
        }
        expect(decided).toEqual(intended.history);
      });
    }

    if (name === 'four-stages') {
      it('overrides one proposal, keeping the rationale', async () => {
        const overridden = (await store().listDecisions()).filter((d) => d.kind === 'overridden');
        expect(overridden).toHaveLength(1);
        expect(overridden[0]).toMatchObject({ schoolId: 'wrenfield-junior', windowId: '2025-26-summer', proposed: 'secure', category: 'attention_needed' });
        expect(overridden[0]!.rationale).toMatch(/safeguarding audit/);
      });
    }

    if (name === 'cmat') {
      it('records with every decision the two priority areas agreed: the lowest on the matrix that term', async () => {
        const model = modelOf(rubric());
        const place = (evaluation: Evaluation, id: string) => {
          const scale = scaleOf(model, model.areas.get(id)!.area.scale);
          return rankOf(scale, evaluation.areas[id]!.level!) / (scale.levels.length - 1);
        };
        for (const d of await store().listDecisions()) {
          expect(d.priorities).toHaveLength(2);
          const evaluation = (await store().latestEvaluation(d.schoolId, d.windowId))!.evaluation as unknown as Evaluation;
          // Areas that do not apply to the school (no early years) are never a priority.
          const others = [...model.areas.keys()].filter((id) => !d.priorities.includes(id) && evaluation.areas[id]!.level !== null);
          for (const p of d.priorities) for (const o of others) expect(place(evaluation, p)).toBeLessThanOrEqual(place(evaluation, o));
        }
        const brookmere = (await store().listDecisions({ schoolId: 'brookmere-primary-academy' }))[0]!;
        expect(brookmere.priorities).toContain('safeguarding');
      });
    }

    if (name === 'an-daras') {
      it('counts a cohort\'s moves between attainer bands each term, its net impact in the band of the level it was given', async () => {
        const indicator = rubric().indicators.find((i) => i.transitions)!;
        const tables = new Set<string>();
        for (const submission of await store().listSubmissions()) {
          const counts = submission.answers.indicators[indicator.id] as TransitionCounts;
          const cells = indicator.transitions!.moves.map((m) => counts[m.from]?.[m.to]);
          expect(cells.every((n) => Number.isInteger(n) && n! >= 0)).toBe(true);
          const pupils = cells.reduce((a, b) => a! + b!, 0)!;
          expect(pupils).toBeGreaterThanOrEqual(36);
          const result = (await store().latestEvaluation(submission.schoolId, submission.windowId))!.evaluation as unknown as Evaluation;
          const impact = result.indicators[indicator.id]!;
          expect(impact.transitions?.pupils).toBe(pupils);
          expect(Math.abs(impact.value!)).toBeLessThanOrEqual(0.5);
          expect(impact.level).not.toBeNull();
          tables.add(JSON.stringify(counts));
        }
        expect(tables.size).toBe(9);
      });
    }

    it('seeds nothing into the coming window: every line is the head\'s to rate', async () => {
      const store = new MemoryStore();
      await seedDemo(store, rubrics, NOW, name);
      const ctx = { store, rubrics, calendar: loadCalendar(), windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound: new RecordingOutbound() };
      expect(await seedDemoCentralLines(ctx)).toBe(0);
      expect((await store.listSubmissions()).filter((s) => s.state === 'draft')).toEqual([]);
    });
  });
}

describe('choosing a demo', () => {
  it('takes a demo\'s name whatever its case, and the Ethos demo when none is given', () => {
    expect(chosenDemo({ TERMLY_DEMO: 'CMAT' })).toBe('cmat');
    expect(chosenDemo({ TERMLY_DEMO: ' an-daras ' })).toBe('an-daras');
    expect(chosenDemo({})).toBe('ethos');
    expect(chosenDemo({ TERMLY_DEMO: '' })).toBe('ethos');
  });

  it('refuses a name that is no demo, naming the variable, the value and the choices', () => {
    expect(() => chosenDemo({ TERMLY_DEMO: 'four_stages' })).toThrow(UnknownDemoError);
    expect(() => chosenDemo({ TERMLY_DEMO: 'four_stages' })).toThrow(
      'TERMLY_DEMO: "four_stages" is not a demo trust. Choose one of: an-daras, cat-excellence, cmat, ethos, four-stages (unset, it is ethos).',
    );
  });
});

describe('a demo file its rubric does not bear out', () => {
  async function edited(name: string, change: (text: string) => string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'termly-demo-'));
    dirs.push(dir);
    const file = join(dir, `${name}-trust.yaml`);
    await writeFile(file, change(await readFile(demoTrustFile(name), 'utf8')));
    return file;
  }

  it('is refused when it decides categories for a rubric that has none, naming the place', async () => {
    const file = await edited('cat-excellence', (t) => t.replace('      - { term: autumn, strength: 0.45 }', '      - { term: autumn, category: good, strength: 0.45 }').replace('history:\n', 'history:\n  decidedBy: ceo\n'));
    const seeding = seedDemoTrust(new MemoryStore(), rubrics.get('cat_excellence')!, NOW, file);
    await expect(seeding).rejects.toThrow(DemoTrustError);
    await expect(seeding).rejects.toThrow('history.schools.oakfield-academy[0].category: the cat_excellence rubric has no categories, so its history is submitted reviews only; remove "category"');
  });

  it('is refused when a term names a category the rubric does not have, or leaves it out', async () => {
    const file = await edited('cmat', (t) => t.replace('{ term: autumn, category: category_2, strength: 0.45 }', '{ term: autumn, category: category_4, strength: 0.45 }').replace('{ term: spring, category: category_1, strength: 0.6 }', '{ term: spring, strength: 0.6 }'));
    const seeding = seedDemoTrust(new MemoryStore(), rubrics.get('cmat')!, NOW, file);
    await expect(seeding).rejects.toThrow('history.schools.holy-cross-academy[0].category: "category_4" is not a category of the cmat rubric (category_3, category_2, category_1)');
    await expect(seeding).rejects.toThrow('history.schools.holy-cross-academy[1].category: the cmat rubric has categories; give the one leadership decided');
  });

  it('is refused when decided categories name no one who decided them', async () => {
    const file = await edited('an-daras', (t) => t.replace('  decidedBy: ceo\n', ''));
    expect(() => loadDemoTrust(file)).toThrow('history.decidedBy: not given, but the history has decided categories');
  });

  it('is refused when no one holds a central role that rates lines of the rubric', async () => {
    const file = await edited('ethos', (t) => t.replace(/    - id: hr-lead\n(      .*\n)+?(?=    - id:)/, ''));
    const seeding = seedDemoTrust(new MemoryStore(), rubrics.get('ethos')!, NOW, file);
    await expect(seeding).rejects.toThrow('trust.people: no one holds the "hr_lead" role, which rates Safer Recruitment Practice');
  });

  it('is refused, with the rubrics on offer, when it names a rubric that is not shipped', async () => {
    const file = await edited('four-stages', (t) => t.replace('rubricId: four_stages', 'rubricId: five_stages'));
    const seeding = seedDemo(new MemoryStore(), rubrics, NOW, 'four-stages', join(file, '..'));
    await expect(seeding).rejects.toThrow(DemoTrustError);
    await expect(seeding).rejects.toThrow('trust.rubricId: "five_stages" is not a rubric in rubrics/ (available: ');
  });
});
