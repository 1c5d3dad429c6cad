import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/evaluator/answers.js';
import { evaluate } from '../../src/evaluator/evaluate.js';
import type { Answers, Evaluation } from '../../src/evaluator/types.js';
import { matchBand } from '../../src/rubric/bands.js';
import { loadRubrics, RUBRICS_DIR } from '../../src/rubric/load.js';
import { scaleOf, modelOf } from '../../src/rubric/model.js';
import type { Rubric } from '../../src/rubric/schema.js';

const rubrics = loadRubrics();

function rubric(id: string): Rubric {
  const found = rubrics.get(id);
  if (!found) throw new Error(`rubric "${id}" is not shipped; shipped: ${[...rubrics.keys()].join(', ')}`);
  return found;
}

const areasOf = (r: Rubric) => r.groups.flatMap((g) => g.areas);

/** The level an indicator's bands give a typed figure. */
function levelFor(r: Rubric, indicatorId: string, value: number): string | undefined {
  const indicator = r.indicators.find((i) => i.id === indicatorId)!;
  return matchBand(indicator, scaleOf(modelOf(r), indicator.scale), value)?.level;
}

interface Example {
  school: string;
  ratings: Record<string, string>;
  indicators: Record<string, number>;
  statements: Record<string, boolean>;
  previous: string | null;
  transitions?: Record<string, Record<string, number>>;
}

function readExample(file: string): Example {
  return JSON.parse(readFileSync(join(RUBRICS_DIR, 'examples', file), 'utf8')) as Example;
}

/** An example as the evaluator takes it: the transitions table is the transition indicator's input. */
function answersOf(r: Rubric, example: Example): Answers {
  const transition = r.indicators.find((i) => i.transitions);
  const indicators = example.transitions && transition ? { ...example.indicators, [transition.id]: example.transitions } : example.indicators;
  const parsed = parseAnswers(r, { ratings: example.ratings, indicators, statements: example.statements, notes: {} });
  if (!parsed.ok) throw new Error(`example for ${r.id} is not valid input: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

function evaluateExample(id: string, file: string): Evaluation {
  const r = rubric(id);
  const example = readExample(file);
  return evaluate(r, answersOf(r, example), example.previous);
}

describe('shipped rubrics', () => {
  it('every rubric in rubrics/ loads with no issues', () => {
    const files = readdirSync(RUBRICS_DIR).filter((f) => f.endsWith('.yaml'));
    expect(rubrics.size).toBe(files.length);
    for (const id of ['four_stages', 'cmat', 'an_daras', 'cat_excellence']) expect(rubrics.has(id)).toBe(true);
  });

  it('every example names a shipped rubric and every one of its areas, indicators and statements', () => {
    const examples = readdirSync(join(RUBRICS_DIR, 'examples')).filter((f) => f.endsWith('.json'));
    for (const id of ['four_stages', 'cmat', 'an_daras', 'cat_excellence']) {
      const prefix = `${id.replace(/_/g, '-')}-`;
      const mine = examples.filter((f) => f.startsWith(prefix));
      expect(mine.length, `no example for ${id}`).toBeGreaterThanOrEqual(1);
      for (const file of mine) {
        const evaluation = evaluateExample(id, file);
        expect(evaluation.missing, `${file} leaves answers out`).toEqual([]);
        expect(evaluation.complete).toBe(true);
      }
    }
  });
});

describe('Four Stages of Improvement (four_stages)', () => {
  const r = rubric('four_stages');

  it('has the 9 areas on the 4 stages, each with all 4 descriptors', () => {
    expect(areasOf(r).map((a) => a.name)).toEqual([
      'Leadership', 'Curriculum', 'Teaching and Learning', 'Achievement', 'Behaviour', 'Attendance',
      'Personal Development and wellbeing', 'Inclusion', 'Safeguarding',
    ]);
    expect(r.scales).toHaveLength(1);
    expect(r.scales[0]!.levels.map((l) => l.id)).toEqual(['causing_concern', 'attention_needed', 'secure', 'strong']);
    for (const area of areasOf(r)) expect(Object.keys(area.descriptors).sort()).toEqual(['attention_needed', 'causing_concern', 'secure', 'strong']);
    expect(areasOf(r).find((a) => a.id === 'curriculum')!.descriptors.secure).toBe('Curriculum is ambitious for all pupils and builds on pupil’s prior learning.');
    expect(r.cadence).toBe('termly');
  });

  it('categorises by best fit, limited only by ineffective safeguarding; the trust\'s optional rules ship switched off', () => {
    expect(r.categories.map((c) => c.id)).toEqual(['causing_concern', 'attention_needed', 'secure', 'strong']);
    expect(r.rules.filter((rule) => rule.enabled).map((rule) => rule.when)).toEqual([{ area: 'safeguarding', level: { is: 'causing_concern' } }]);
    expect(r.rules.filter((rule) => !rule.enabled).every((rule) => rule.trust !== undefined)).toBe(true);
    expect(r.fallback?.bestFit?.countAs).toEqual([{ area: 'safeguarding', level: 'strong', as: 'secure' }]);
  });

  it('proposes Strong for 8 Strong areas with leadership Secure (Safeguarding Strong counts as Secure), and the lower middle for an even count', () => {
    const evaluation = evaluateExample('four_stages', 'four-stages-strong-leadership-secure.json');
    expect(evaluation.category).toMatchObject({ id: 'strong', rule: 'best_fit' });
    expect(evaluation.category!.facts[0]).toBe('The best fit of the 9 rated areas is Strong (the middle level of 2 Secure, 7 Strong).');
    expect(evaluation.category!.provenance.kind).toBe('source');
    const anDaras = rubric('an_daras');
    const rows = Object.fromEntries(areasOf(anDaras).map((a, i) => [a.id, i < 3 ? 'repair' : 'improve']));
    // Six rows, three in Repair and three in Improve: the lower of the two middle phases.
    expect(evaluate(anDaras, { ratings: rows, indicators: {}, statements: {}, notes: {} }).category).toMatchObject({ id: 'repair', rule: 'best_fit' });
    const cmat = evaluateExample('cmat', 'cmat-secondary-no-early-years.json');
    expect(cmat.category).toMatchObject({ id: 'category_1' });
    expect(cmat.areas.early_years!.source).toBe('not_applicable');
  });

  it('reads achievement and attendance against national figures, bands inclusive as their words say', () => {
    const ks2 = r.indicators.find((i) => i.id === 'ks2_rwm_expected')!;
    expect(ks2.basis).toBe('difference_from_national');
    expect(ks2.national).toMatchObject({ value: 61, year: '2023-24' });
    expect(r.indicators.find((i) => i.id === 'attendance_rate')!.national).toMatchObject({ value: 94.5, year: '2023-24' });
    // 61% national: "within 3 points either way" includes 58 and 64; "more than 10 below" excludes 51.
    expect([50.9, 51, 57.9, 58, 64, 64.1].map((v) => levelFor(r, 'ks2_rwm_expected', v))).toEqual([
      'causing_concern', 'attention_needed', 'attention_needed', 'secure', 'secure', 'strong',
    ]);
    // 94.5% national: "within 0.5 points" includes 94.0 and 95.0; "more than 2 below" excludes 92.5.
    expect([92.4, 92.5, 93.9, 94, 95, 95.1].map((v) => levelFor(r, 'attendance_rate', v))).toEqual([
      'causing_concern', 'attention_needed', 'attention_needed', 'secure', 'secure', 'strong',
    ]);
  });

  it('puts a school with ineffective safeguarding in Causing Concern however strong the rest', () => {
    const ratings = Object.fromEntries(areasOf(r).map((a) => [a.id, 'strong']));
    const answers: Answers = { ratings: { ...ratings, safeguarding: 'causing_concern' }, indicators: { ks2_rwm_expected: 70, attendance_rate: 96 }, statements: {}, notes: {} };
    const evaluation = evaluate(r, answers);
    expect(evaluation.category).toMatchObject({ id: 'causing_concern', rule: 'safeguarding_ineffective' });
    expect(evaluate(r, { ...answers, ratings }).category).toMatchObject({ id: 'strong', rule: 'best_fit' });
  });

  it('evaluates the example: three areas need attention, achievement flagged against its KS2 figure', () => {
    const evaluation = evaluateExample('four_stages', 'four-stages-harbour-view-primary.json');
    expect(evaluation.category).toMatchObject({ id: 'secure', rule: 'best_fit' });
    expect(evaluation.change).toEqual({ previous: 'secure', proposed: 'secure', direction: 'same' });
    // 49% against 61% is 12 points below: well below, two stages from the Secure self-rating.
    expect(evaluation.indicators.ks2_rwm_expected).toMatchObject({ level: 'causing_concern', national: { value: 61, year: '2023-24', difference: -12 } });
    expect(evaluation.indicators.attendance_rate).toMatchObject({ level: 'attention_needed', national: { difference: -0.9 } });
    expect(evaluation.flags).toEqual([expect.objectContaining({ area: 'achievement', selfRating: 'secure', evidenceLevel: 'causing_concern', gap: 2 })]);
    // The band widths are the trust's choice, and every reading of them says so.
    expect(evaluation.indicators.ks2_rwm_expected!.thresholds).toBe('trust');
    expect(evaluation.flags[0]!.message).toBe('Achievement: the figures point to Causing Concern by the trust\'s thresholds (KS2 reading, writing and maths: pupils at the expected standard 49%), while the self-rating is Secure.');
  });
});

describe('CMAT Growing as One (cmat)', () => {
  const r = rubric('cmat');

  it('has 7 matrix areas on 5 levels and Safeguarding Met / Not Met', () => {
    const matrix = r.groups.find((g) => g.id === 'risk_matrix')!;
    expect(matrix.areas.map((a) => a.name)).toEqual([
      'Curriculum and Teaching', 'Inclusion', 'Achievement', 'Attendance and Behaviour',
      'Personal Development and Well-Being', 'Early Years', 'Leadership and Governance',
    ]);
    expect(r.scales.find((s) => s.id === 'risk')!.levels.map((l) => l.name)).toEqual([
      'Urgent Improvement', 'Needs Attention', 'Expected Standard', 'Strong Standard', 'Exceptional',
    ]);
    const safeguarding = areasOf(r).find((a) => a.id === 'safeguarding')!;
    expect(r.scales.find((s) => s.id === safeguarding.scale)!.levels.map((l) => l.name)).toEqual(['Not Met', 'Met']);
    expect(r).toMatchObject({ cadence: 'annual', monitoring: 'termly', decisionRecordsPriorities: true });
  });

  it('has three categories, worst first, with cumulative support', () => {
    expect(r.categories.map((c) => c.id)).toEqual(['category_3', 'category_2', 'category_1']);
    const packages = Object.fromEntries(r.support!.packages.map((p) => [p.category, p]));
    expect(packages.category_1!.includes).toEqual([]);
    expect(packages.category_2!.includes).toEqual(['category_1']);
    expect(packages.category_3!.includes).toEqual(['category_1', 'category_2']);
    expect(packages.category_1!.activities.map((a) => a.title)).toContain('Carry out an annual peer review.');
    expect(packages.category_3!.activities.map((a) => a.title)).toContain('Creation and implementation of a rapid improvement plan led by Director of Education and CEO.');
  });

  it('puts a school whose safeguarding is not met in Category 3, first', () => {
    expect(r.rules[0]).toMatchObject({ category: 'category_3', when: { area: 'safeguarding', level: { is: 'not_met' } } });
    const ratings = Object.fromEntries(areasOf(r).map((a) => [a.id, a.id === 'safeguarding' ? 'not_met' : 'exceptional']));
    const evaluation = evaluate(r, { ratings, indicators: {}, statements: { meeting_ofsted_judgement: true }, notes: {} });
    expect(evaluation.category).toMatchObject({ id: 'category_3', rule: 'safeguarding_not_met' });
  });

  it('evaluates the example: two areas below the Expected Standard give Category 2', () => {
    const evaluation = evaluateExample('cmat', 'cmat-holy-cross-academy.json');
    expect(evaluation.category).toMatchObject({ id: 'category_2', rule: 'two_need_attention' });
    expect(evaluation.change).toEqual({ previous: 'category_1', proposed: 'category_2', direction: 'down' });
    expect(evaluation.flags).toEqual([]);
  });
});

describe('An Daras heat map (an_daras)', () => {
  const r = rubric('an_daras');

  it('has the four heat-map phases as categories, known also by the school states', () => {
    expect(r.categories.map((c) => c.name)).toEqual(['De-clutter', 'Repair', 'Improve', 'Sustain and Strengthen']);
    expect(r.categories.map((c) => c.alsoKnownAs.at(-1))).toEqual([
      'Seriously underperforming school', 'School that requires improvement to be judged good', 'Good to outstanding', 'Sustaining excellence',
    ]);
    expect(r.categories[0]!.summary).toMatch(/^The need is for rescue or recovery/);
    expect(r.categories.map((c) => c.keyFeatures.length)).toEqual([8, 7, 7, 6]);
  });

  it('benchmarks every year group against a national figure with its year', () => {
    const benchmarks = r.indicators.filter((i) => i.basis === 'difference_from_national' && i.unit === '%' && i.id !== 'overall_absence');
    expect(benchmarks.map((i) => i.id)).toEqual([
      'eyfs_gld', 'year_1_phonics', 'year_2_are', 'year_3_are', 'year_4_are', 'year_5_are',
      'year_5_disadvantaged_are', 'year_6_are', 'year_6_disadvantaged_are',
    ]);
    for (const indicator of benchmarks) expect(indicator.national?.year).toMatch(/^\d{4}-\d{2}$/);
    expect(areasOf(r).find((a) => a.id === 'standards')!.indicators).toEqual(benchmarks.map((i) => i.id));
    for (const id of ['overall_absence', 'persistent_absence', 'send_targets_met']) expect(r.indicators.some((i) => i.id === id)).toBe(true);
  });

  it('weighs the nine attainer-band moves as the transition table says', () => {
    const model = r.indicators.find((i) => i.id === 'transition_impact')!.transitions!;
    expect(model.bands.map((b) => b.id)).toEqual(['low', 'middle', 'high']);
    const weights = Object.fromEntries(model.moves.map((m) => [`${m.from}>${m.to}`, [m.weight, m.label]]));
    expect(weights).toEqual({
      'low>low': [0, 'No gain'], 'low>middle': [1, 'Positive'], 'low>high': [2, 'Double positive'],
      'middle>low': [-1, 'Negative'], 'middle>middle': [0, 'No gain'], 'middle>high': [1, 'Positive'],
      'high>low': [-2, 'Double negative'], 'high>middle': [-1, 'Negative'], 'high>high': [0, 'No gain'],
    });
    // Band ends as written: "no net loss" starts at 0, "more than 0.1" excludes 0.1.
    expect([-0.11, -0.1, -0.01, 0, 0.1, 0.11].map((v) => levelFor(r, 'transition_impact', v))).toEqual([
      'de_clutter', 'repair', 'repair', 'improve', 'improve', 'sustain_and_strengthen',
    ]);
  });

  it('evaluates the example: net impact 8 over 60 pupils, Improve, standards flagged', () => {
    const evaluation = evaluateExample('an_daras', 'an-daras-tremayne-vale-primary.json');
    // Moves: low→middle 6×+1, low→high 1×+2, middle→low 3×−1, middle→high 5×+1, high→middle 2×−1: net 8.
    expect(evaluation.indicators.transition_impact!.transitions).toMatchObject({ pupils: 60, net: 8 });
    expect(evaluation.indicators.transition_impact!.value).toBeCloseTo(8 / 60, 10);
    expect(evaluation.indicators.transition_impact!.level).toBe('sustain_and_strengthen');
    expect(evaluation.category).toMatchObject({ id: 'improve', rule: 'best_fit' });
    expect(evaluation.change).toEqual({ previous: 'repair', proposed: 'improve', direction: 'up' });
    // Year 6 disadvantaged 50% against 67% national is well below, but standards are not low at
    // all Key Stages: the evidence is Repair, not De-clutter.
    expect(evaluation.flags).toEqual([expect.objectContaining({ area: 'standards', selfRating: 'improve', evidenceLevel: 'repair' })]);
  });

  it('does not gate the top phase on transition impact: it stays an indicator', () => {
    const ratings = Object.fromEntries(areasOf(r).map((a) => [a.id, 'sustain_and_strengthen']));
    const example = readExample('an-daras-tremayne-vale-primary.json');
    const answers = answersOf(r, { ...example, ratings });
    expect(evaluate(r, answers).category).toMatchObject({ id: 'sustain_and_strengthen', rule: 'best_fit' });
    const losing = { low: { low: 10, middle: 0, high: 0 }, middle: { low: 6, middle: 14, high: 0 }, high: { low: 0, middle: 2, high: 8 } };
    const evaluation = evaluate(r, { ...answers, indicators: { ...answers.indicators, transition_impact: losing } });
    expect(evaluation.indicators.transition_impact!.value).toBeCloseTo(-8 / 40, 10);
    expect(evaluation.category).toMatchObject({ id: 'sustain_and_strengthen', rule: 'best_fit' });
  });
});

describe('CAT benchmarks of an excellent school (cat_excellence)', () => {
  const r = rubric('cat_excellence');

  it('has the five strands, each statement rated Not yet / Partly / Fully, reported as the share fully met', () => {
    expect(r.groups.map((g) => g.name)).toEqual(['Power of Education', 'Inclusivity', 'Our Professional Best', 'Education', 'Leadership']);
    expect(r.groups.map((g) => g.areas.length)).toEqual([10, 7, 10, 14, 10]);
    expect(r.scales[0]!.levels.map((l) => l.id)).toEqual(['not_yet', 'partly', 'fully']);
    for (const group of r.groups) expect(group.reportShareAt).toBe('fully');
    expect(r.groups[3]!.areas[0]!.name).toBe('The curriculum has a coherent big picture plan');
    expect(r.groups[4]!.areas[7]!.name).toBe('Leaders lead with “power and love” in equal measure*');
  });

  it('has no categories, rules or support', () => {
    expect(r).toMatchObject({ categories: [], rules: [] });
    expect(r.fallback).toBeUndefined();
    expect(r.support).toBeUndefined();
  });

  it('evaluates the example: each strand as the share of statements fully met', () => {
    const evaluation = evaluateExample('cat_excellence', 'cat-excellence-oakfield-academy.json');
    expect(evaluation.category).toBeNull();
    const shares = Object.fromEntries(Object.values(evaluation.groups).map((g) => [g.id, g.share && [g.share.value, g.share.of]]));
    expect(shares).toEqual({
      power_of_education: [0.6, 10],
      inclusivity: [1, 7],
      our_professional_best: [0.5, 10],
      education: [0.5, 14],
      leadership: [0.8, 10],
    });
  });
});

describe('an unanswered question blocks a proposal only when the rules need it', () => {
  const cmat = rubric('cmat');
  const ratings = (overrides: Record<string, string> = {}) => ({
    curriculum_and_teaching: 'strong_standard', inclusion: 'strong_standard', achievement: 'strong_standard', attendance_and_behaviour: 'strong_standard',
    personal_development: 'strong_standard', early_years: 'strong_standard', leadership_and_governance: 'strong_standard', safeguarding: 'met', ...overrides,
  });

  it('proposes Category 2 when an area needs Urgent Improvement, whatever the Ofsted statement will say', () => {
    const e = evaluate(cmat, { ratings: ratings({ achievement: 'urgent_improvement' }), indicators: {}, statements: {}, notes: {} });
    expect(e.category).toMatchObject({ id: 'category_2', rule: 'one_urgent' });
  });

  it('waits for the Ofsted statement when it alone decides between Category 1 and 2', () => {
    const e = evaluate(cmat, { ratings: ratings(), indicators: {}, statements: {}, notes: {} });
    expect(e.category).toBeNull();
    expect(e.undetermined?.waitingOn).toEqual(['"The academy is currently meeting its existing Ofsted judgement" (met or not)']);
  });

  it('leaves Early Years out for an academy without it, by its phases or by a not-applicable rating', () => {
    const answers = { ratings: ratings({ early_years: 'urgent_improvement' }), indicators: {}, statements: { meeting_ofsted_judgement: true }, notes: {} };
    expect(evaluate(cmat, answers).category?.id).toBe('category_2');
    const secondary = evaluate(cmat, answers, { phases: ['secondary'] });
    expect(secondary.category?.id).toBe('category_1');
    expect(secondary.areas.early_years).toMatchObject({ source: 'not_applicable', level: null });
    expect(secondary.missing.map((m) => m.id)).not.toContain('early_years');
  });
});
