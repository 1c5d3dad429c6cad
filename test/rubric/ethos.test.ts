import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnswers, parseFigure } from '../../src/evaluator/answers.js';
import { evaluate } from '../../src/evaluator/evaluate.js';
import type { Answers } from '../../src/evaluator/types.js';
import { matchBand } from '../../src/rubric/bands.js';
import { packageActivities } from '../../src/support/package.js';
import { loadRubricFile, RUBRICS_DIR, rubricFile } from '../../src/rubric/load.js';
import type { Activity, Rubric } from '../../src/rubric/schema.js';

const ethos: Rubric = loadRubricFile(rubricFile('ethos'));
const rag = ethos.scales.find((s) => s.id === 'rag')!;

function indicator(id: string) {
  const found = ethos.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

const A = 'assured';
const N = 'not_yet_assured';
const I = 'intervention_required';

describe('the Ethos rubric file', () => {
  it('loads under the id its file name gives, for the trust and seed it encodes', () => {
    expect(ethos).toMatchObject({
      id: 'ethos',
      trust: 'Ethos Academy Trust',
      // Categorised at the CEO's annual meeting, reviewed each term "should circumstances change".
      cadence: 'annual',
      monitoring: 'termly',
      source: 'Ethos Academy Trust School Improvement Strategy 2023-2024, Appendices A and B',
    });
  });

  it('rates on one RAG scale, worst first, with the key of Appendix A as descriptions', () => {
    expect(ethos.scales).toHaveLength(1);
    expect(rag.levels).toEqual([
      { id: I, name: 'Intervention required', description: 'Intervention required' },
      { id: N, name: 'Not yet assured', description: 'Actions are in place' },
      { id: A, name: 'Assured', description: 'Assured' },
    ]);
  });
});

describe('Appendix A lines', () => {
  const areas = (groupId: string) => ethos.groups.find((g) => g.id === groupId)!.areas;

  it('lists every line of Appendix A in its group, in the seed\'s order and words', () => {
    expect(ethos.groups.map((g) => [g.name, g.areas.map((a) => a.name)])).toEqual([
      ['Financial Management', [
        'Financial Planning (budget quality)', 'Financial monitoring (budget ownership)',
        'Financial processing and controls', 'Value for money', 'Payroll (Controls and recs)',
      ]],
      ['Estates and Contracts', [
        'Assets strategy (premises condition)', 'Statutory Compliance - H&S', 'Statutory Compliance - Estates',
        'Performance quality of catering and cleaning',
      ]],
      ['HR', [
        'Safer Recruitment Practice', 'Sickness Absence Levels', 'Disciplinary, Grievance and Capability', 'Retention', 'Vacancies',
      ]],
      ['Quality of Education', [
        'Behaviour', 'Attendance', 'Persistent Absence', 'Suspensions', 'Partial Timetables',
        'Teaching and Learning Effectiveness', 'Safeguarding', 'Progress Reading', 'Progress Writing', 'Mathematics',
        'Leadership and vision', 'Progress towards School Development priorities', 'SEND', 'SEMH Progress and curriculum',
      ]],
    ]);
    expect(ethos.groups.flatMap((g) => g.areas).every((a) => a.scale === 'rag')).toBe(true);
  });

  it('gives the central lines to the central roles and Quality of Education to the head', () => {
    expect(ethos.roles).toEqual([
      { id: 'finance_lead', name: 'Chief Finance and Operations Officer' },
      { id: 'estates_lead', name: 'Operations (including Estates) lead' },
      { id: 'hr_lead', name: 'HR Lead' },
    ]);
    expect(new Set(areas('financial_management').map((a) => a.ratedBy))).toEqual(new Set(['finance_lead']));
    expect(new Set(areas('estates_and_contracts').map((a) => a.ratedBy))).toEqual(new Set(['estates_lead']));
    expect(new Set(areas('hr').map((a) => a.ratedBy))).toEqual(new Set(['hr_lead']));
    expect(new Set(areas('quality_of_education').map((a) => a.ratedBy))).toEqual(new Set(['head']));
  });

  it('gives every Quality of Education line its Appendix B descriptors, and the central lines none', () => {
    for (const area of areas('quality_of_education')) expect(Object.keys(area.descriptors).sort(), area.id).toEqual([A, I, N]);
    for (const group of ['financial_management', 'estates_and_contracts', 'hr']) {
      for (const area of areas(group)) expect(area.descriptors, area.id).toEqual({});
    }
    const safeguarding = areas('quality_of_education').find((a) => a.id === 'safeguarding')!;
    expect(safeguarding.descriptors[I]).toBe(
      'SCR is not fully compliant. Training matrix is not up to date and there are gaps in training for staff. No effective QA systems. Safeguarding is not effective.',
    );
    const writing = areas('quality_of_education').find((a) => a.id === 'progress_writing')!;
    expect(writing.descriptors[A]).toBe('50% or above of the cohort make progress towards their individual targets.');
  });

  it('attaches each indicator to the line Appendix B gives it', () => {
    const byArea = Object.fromEntries(areas('quality_of_education').filter((a) => a.indicators.length).map((a) => [a.id, a.indicators]));
    expect(byArea).toEqual({
      behaviour: ['serious_incident_rate', 'rpi_rate'],
      attendance: ['attendance', 'value_added'],
      persistent_absence: ['persistent_absence', 'severe_absence'],
      suspensions: ['suspension_rate', 'repeat_suspensions'],
      partial_timetables: ['partial_timetables'],
      progress_reading: ['reading_progress'],
      progress_writing: ['writing_progress'],
      mathematics: ['maths_progress'],
    });
  });

  it('asks the yes/no facts of Appendix B as statements, each deciding the level the seed gives it', () => {
    const statements = ethos.groups.flatMap((g) => g.areas.flatMap((a) => a.statements.map((s) => [a.id, s.id, s.levelIfNotMet])));
    expect(statements).toEqual([
      ['safeguarding', 'scr_compliant', I],
      ['safeguarding', 'training_matrix_up_to_date', I],
      ['send', 'send_statutory_compliance', N],
    ]);
  });
});

describe('Appendix B bands, read as DOMAIN.md decision 1 reads the seed\'s words', () => {
  // [indicator, value, expected level]: each boundary, and each side of it.
  const table: [string, number, string][] = [
    // Attendance above 70% / between 50% and 70% / below 50%
    ['attendance', 100, A], ['attendance', 70.1, A], ['attendance', 70, N], ['attendance', 50, N], ['attendance', 49.9, I], ['attendance', 0, I],
    // value-added figure above 10% / between 0 and 10% / negative
    ['value_added', 10.1, A], ['value_added', 10, N], ['value_added', 0, N], ['value_added', -0.1, I], ['value_added', -100, I],
    // PA less than 74.5% / between 74.5%- 90% / more than 90%
    ['persistent_absence', 0, A], ['persistent_absence', 74.4, A], ['persistent_absence', 74.5, N], ['persistent_absence', 90, N],
    ['persistent_absence', 90.1, I], ['persistent_absence', 100, I],
    // Severe absence less than 28% / between 27%-40% / more than 40%: the overlap goes to the better band
    ['severe_absence', 26.9, A], ['severe_absence', 27, A], ['severe_absence', 27.5, A], ['severe_absence', 27.9, A],
    ['severe_absence', 28, N], ['severe_absence', 40, N], ['severe_absence', 40.1, I],
    // Suspension rate below 50% / between 50 -129% / greater than 129%
    ['suspension_rate', 49.9, A], ['suspension_rate', 50, N], ['suspension_rate', 129, N], ['suspension_rate', 129.1, I], ['suspension_rate', 400, I],
    // Repeated suspensions 0-10% / between 10-25% / above 25%: 10 is in both, the better band wins
    ['repeat_suspensions', 0, A], ['repeat_suspensions', 10, A], ['repeat_suspensions', 10.1, N], ['repeat_suspensions', 25, N], ['repeat_suspensions', 25.1, I],
    // 0-10% on PTT / 10-20% / more than 20%
    ['partial_timetables', 0, A], ['partial_timetables', 10, A], ['partial_timetables', 10.1, N], ['partial_timetables', 20, N], ['partial_timetables', 20.1, I],
    // Serious incident rate less than 300% / 300-500% / above 500%
    ['serious_incident_rate', 299.9, A], ['serious_incident_rate', 300, N], ['serious_incident_rate', 500, N], ['serious_incident_rate', 500.1, I],
    // RPI rate less than 200% / 200-300% / above 300%
    ['rpi_rate', 199.9, A], ['rpi_rate', 200, N], ['rpi_rate', 300, N], ['rpi_rate', 300.1, I],
    // 50% or above / between 35 - 50% / less than 35%
    ...(['reading_progress', 'writing_progress', 'maths_progress'] as const).flatMap((id): [string, number, string][] => [
      [id, 100, A], [id, 50, A], [id, 49.9, N], [id, 35, N], [id, 34.9, I], [id, 0, I],
    ]),
  ];

  it.each(table)('%s %s → %s', (id, value, level) => {
    expect(matchBand(indicator(id), rag, value)?.level).toBe(level);
  });

  it('covers every Ethos indicator, and only those', () => {
    expect(ethos.indicators.map((i) => i.id)).toEqual([
      'attendance', 'value_added', 'persistent_absence', 'severe_absence', 'suspension_rate', 'repeat_suspensions',
      'partial_timetables', 'serious_incident_rate', 'rpi_rate', 'reading_progress', 'writing_progress', 'maths_progress',
    ]);
    expect(new Set(table.map(([id]) => id))).toEqual(new Set(ethos.indicators.map((i) => i.id)));
  });

  it('shows the seed\'s own sentence for the band a figure falls in', () => {
    const text = (id: string, value: number) => matchBand(indicator(id), rag, value)?.text;
    expect(text('attendance', 70)).toBe('Attendance between 50% and 70%.');
    expect(text('value_added', -2)).toBe('There is an overall negative value-added figure.');
    expect(text('severe_absence', 27.5)).toBe('Severe absence is less than 28%.');
    expect(text('suspension_rate', 130)).toBe('Suspension rates are greater than 129%.');
    expect(text('repeat_suspensions', 10)).toBe('Repeated suspensions are 0-10%.');
    expect(text('partial_timetables', 21)).toBe('More than 20% pupils are on a PTT.');
    expect(text('serious_incident_rate', 300)).toBe('Serious incident rate 300-500%.');
    expect(text('maths_progress', 40)).toBe('Between 35- 50% of the cohort are making progress towards their individual targets.');
    expect(text('writing_progress', 10)).toBe('Less than 35% cohort are making progress towards their individual targets');
  });

  it('takes rates above 100% and a negative value added, and refuses what cannot be a figure', () => {
    expect(parseFigure(ethos, 'serious_incident_rate', 650)).toEqual({ ok: true, value: 650 });
    expect(parseFigure(ethos, 'value_added', -4.5)).toEqual({ ok: true, value: -4.5 });
    expect(parseFigure(ethos, 'attendance', 100.5).ok).toBe(false);
    expect(parseFigure(ethos, 'reading_progress', -1).ok).toBe(false);
    expect(parseFigure(ethos, 'value_added', 1250).ok).toBe(false);
    expect(parseFigure(ethos, 'rpi_rate', 20000).ok).toBe(false);
  });
});

describe('categories', () => {
  it('are STABILISE, REPAIR, IMPROVE and SUSTAIN, most support first, with the seed\'s words', () => {
    expect(ethos.categories.map((c) => [c.id, c.name])).toEqual([
      ['stabilise', 'STABILISE'], ['repair', 'REPAIR'], ['improve', 'IMPROVE'], ['sustain', 'SUSTAIN'],
    ]);
    const [stabilise, repair, improve, sustain] = ethos.categories;
    expect(stabilise!.keyFeatures).toContain('Likely deficits in Safeguarding and Health & Safety.');
    expect(repair!.keyFeatures).toContain('Safeguarding is judged at least adequate.');
    expect(improve!.summary).toBe('More proactive leadership. Embedding strategies. Improving outcomes.');
    expect(sustain!.keyFeatures).toContain('Attainment and progress measures are likely to be above average or well above average.');
    expect(ethos.categories.every((c) => c.keyFeatures.length >= 4)).toBe(true);
  });
});

describe('support packages (DOMAIN.md decision 6)', () => {
  const pkg = (category: string) => ethos.support!.packages.find((p) => p.category === category)!;
  const ids = (category: string) => pkg(category).activities.map((a) => a.id);
  const activity = (category: string, id: string): Activity => {
    const found = pkg(category).activities.find((a) => a.id === id);
    if (!found) throw new Error(`${category} has no ${id}`);
    return found;
  };

  it('has the three strands of the seed', () => {
    expect(ethos.support!.strands.map((s) => s.id)).toEqual(['school_improvement', 'hr', 'finance']);
  });

  it('gives each category the activities the seed lists for it', () => {
    expect(ids('stabilise')).toEqual([
      'termly_review', 'sip_days', 'enhanced_days', 'coaching', 'ceo_wellbeing', 'peer_to_peer', 'audit_tools',
      'rapid_improvement_plan', 'line_manager_support', 'executive_headteacher', 'external_professionals',
      'hr_catchup', 'scr_review', 'hr_review_input', 'hr_days', 'staffing_structures', 'marketing_partners', 'hr_best_practice',
      'hr_audit_tools', 'people_and_culture_support',
      'finance_catchup', 'budget_risk_catchup', 'finance_monthly_call', 'hs_audit', 'budget_changes', 'accruals_training',
      'bso_procedures', 'phone_support', 'sbm_mentoring',
    ]);
    expect(ids('repair')).toEqual([
      'termly_review', 'eip_days', 'pupil_progress_qa', 'ceo_wellbeing', 'governance_review', 'peer_learning',
      'external_reviews', 'executive_headteacher', 'peer_support', 'coaching',
      'hr_catchup', 'scr_review', 'hr_review_input', 'hr_days', 'staffing_structures', 'marketing_partners', 'hr_best_practice',
      'finance_catchup', 'budget_risk_catchup', 'finance_monthly_call', 'hs_audit', 'budget_changes', 'accruals_training',
      'bso_procedures', 'phone_support', 'sbm_mentoring',
    ]);
    expect(ids('improve')).toEqual([
      'termly_review', 'eip_days', 'pupil_progress_qa', 'ceo_wellbeing', 'governance_review', 'peer_learning',
      'hr_catchup', 'scr_review', 'hr_review_input', 'hr_days',
      'budget_risk_catchup', 'finance_monthly_call', 'budget_changes', 'phone_support',
    ]);
  });

  it('gives SUSTAIN IMPROVE\'s package with the governance review every 4 years and no Peer Learning Conversations', () => {
    const sustain = packageActivities(ethos, 'sustain');
    expect(sustain.map((a) => a.id)).toEqual(ids('improve').filter((id) => id !== 'peer_learning'));
    expect(sustain.find((a) => a.id === 'governance_review')!.cadence).toMatchObject({ every: 'years', years: 4 });
    expect(sustain.filter((a) => a.id !== 'governance_review')).toEqual(pkg('improve').activities.filter((a) => !['governance_review', 'peer_learning'].includes(a.id)));
  });

  it('gives REPAIR STABILISE\'s HR and finance support, bar STABILISE\'s HR bespoke options', () => {
    const centralOf = (category: string) => pkg(category).activities.filter((a) => a.strand !== 'school_improvement');
    expect(centralOf('repair')).toEqual(centralOf('stabilise').filter((a) => !['hr_audit_tools', 'people_and_culture_support'].includes(a.id)));
  });

  it('keeps the seed\'s cadences, amounts and owners', () => {
    expect(activity('stabilise', 'termly_review')).toMatchObject({ owner: 'Director of Education', cadence: { every: 'term' } });
    expect(activity('stabilise', 'sip_days')).toMatchObject({ owner: 'Director of Education', cadence: { allocation: { days: 2, per: 'term', upTo: false } } });
    // "An additional 2 days": not per term.
    expect(activity('stabilise', 'enhanced_days')).toMatchObject({ owner: 'School Improvement Team', cadence: { allocation: { days: 2, per: 'year', upTo: false } } });
    expect(activity('stabilise', 'hr_catchup')).toMatchObject({ owner: 'HR Team', minutes: 30, cadence: { every: 'week' } });
    expect(activity('stabilise', 'scr_review')).toMatchObject({ owner: 'HR Operations Manager', cadence: { every: 'half_term' } });
    expect(activity('stabilise', 'hr_days')).toMatchObject({ owner: 'HR professionals', cadence: { allocation: { days: 10, per: 'year', upTo: true } } });
    expect(activity('stabilise', 'finance_catchup')).toMatchObject({ owner: 'Trust Finance Lead', minutes: 30, cadence: { every: 'week' } });
    expect(activity('stabilise', 'budget_risk_catchup').cadence).toMatchObject({ every: 'half_term' });
    expect(activity('stabilise', 'finance_monthly_call').cadence).toMatchObject({ every: 'month' });
    for (const [category, id] of [['stabilise', 'phone_support'], ['stabilise', 'executive_headteacher'], ['stabilise', 'hr_review_input'], ['stabilise', 'budget_changes'], ['repair', 'external_reviews'], ['repair', 'executive_headteacher']] as const) {
      expect(activity(category, id).cadence, `${category} ${id}`).toEqual({ every: 'on_request' });
    }
    // "12 days' equivalent engagement ... from Education Improvement Professionals".
    expect(activity('repair', 'eip_days')).toMatchObject({ owner: 'Education Improvement Professionals', cadence: { allocation: { days: 12, per: 'year', upTo: false } } });
    expect(activity('repair', 'governance_review').cadence).toMatchObject({ every: 'year' });
    expect(activity('improve', 'eip_days')).toMatchObject({ owner: 'Education Improvement Professionals', cadence: { allocation: { days: 6, per: 'year', upTo: false } } });
    expect(activity('improve', 'hr_days').cadence).toEqual({ allocation: { days: 5, per: 'year', upTo: true } });
    expect(activity('improve', 'governance_review').cadence).toMatchObject({ every: 'years', years: 2 });
    expect(activity('sustain', 'governance_review').cadence).toMatchObject({ every: 'years', years: 4 });
  });

  it('meets every head half-termly with the CEO, whatever the category', () => {
    for (const category of ['stabilise', 'repair', 'improve', 'sustain']) {
      expect(packageActivities(ethos, category).find((a) => a.id === 'ceo_wellbeing'), category).toMatchObject({ owner: 'CEO', cadence: { every: 'half_term' } });
    }
  });

  it('never meets the head twice on one day for weekly catch-ups', () => {
    const weekday = (id: string) => {
      const c = activity('stabilise', id).cadence;
      return 'weekday' in c ? c.weekday : undefined;
    };
    expect(weekday('hr_catchup')).toBeDefined();
    expect(weekday('hr_catchup')).not.toBe(weekday('finance_catchup'));
  });
});

/** Every line rated Assured, every figure in its Assured band, every statement met. */
function assuredSchool(): Answers {
  return {
    ratings: Object.fromEntries(ethos.groups.flatMap((g) => g.areas.map((a) => [a.id, A]))),
    indicators: {
      attendance: 85, value_added: 12, persistent_absence: 60, severe_absence: 15, suspension_rate: 30, repeat_suspensions: 5,
      partial_timetables: 5, serious_incident_rate: 150, rpi_rate: 100, reading_progress: 60, writing_progress: 55, maths_progress: 58,
    },
    statements: { scr_compliant: true, training_matrix_up_to_date: true, send_statutory_compliance: true },
    notes: {},
  };
}

/** The assured school with some lines rated otherwise, and optionally some statements changed. */
function school(ratings: Record<string, string>, statements: Record<string, boolean> = {}): Answers {
  const base = assuredSchool();
  return { ...base, ratings: { ...base.ratings, ...ratings }, statements: { ...base.statements, ...statements } };
}

const GOOD = { ofsted: 'good', joined_trust: '2018-09-01' };
const REVIEW = '2026-11-27';
/** Every KPI figure in its Intervention required band. */
const RED_FIGURES = {
  attendance: 45, value_added: -3, persistent_absence: 92, severe_absence: 45, suspension_rate: 140, repeat_suspensions: 30,
  partial_timetables: 25, serious_incident_rate: 550, rpi_rate: 320, reading_progress: 30, writing_progress: 28, maths_progress: 31,
};
/** Every KPI figure in its Not yet assured band. */
const AMBER_FIGURES = {
  attendance: 60, value_added: 5, persistent_absence: 80, severe_absence: 35, suspension_rate: 80, repeat_suspensions: 15,
  partial_timetables: 15, serious_incident_rate: 400, rpi_rate: 250, reading_progress: 40, writing_progress: 42, maths_progress: 45,
};

/** The assured school with some figures changed: a line with figures takes their level. */
function figures(values: Record<string, number>, ratings: Record<string, string> = {}): Answers {
  const base = school(ratings);
  return { ...base, indicators: { ...base.indicators, ...values } };
}

describe('category rules, from the key features of the category table', () => {
  const run = (answers: Answers, context: Record<string, string> = GOOD) => evaluate(ethos, answers, { previous: null, context, reviewDate: REVIEW });
  const rule = (answers: Answers, context?: Record<string, string>) => {
    const e = run(answers, context);
    return e.category ? `${e.category.id}/${e.category.rule}` : null;
  };

  it('proposes SUSTAIN for a school assured on every line, resting on the seed with the trust\'s reading named', () => {
    const e = run(assuredSchool());
    expect(e.category).toMatchObject({ id: 'sustain', rule: 'every_education_line_assured' });
    expect(e.category!.provenance).toMatchObject({ kind: 'trust', source: 'Attainment and progress measures are likely to be above average or well above average.' });
  });

  it('never proposes SUSTAIN or IMPROVE for an all-Assured self-rating with every figure red: STABILISE, with every line flagged', () => {
    const e = run({ ...assuredSchool(), indicators: RED_FIGURES });
    expect(e.category).toMatchObject({ id: 'stabilise', rule: 'holistic_progress_below_average' });
    expect(e.areas.attendance).toMatchObject({ level: I, source: 'evidence', selfRating: A });
    expect(e.flags.map((f) => f.area)).toEqual(expect.arrayContaining(['behaviour', 'attendance', 'persistent_absence', 'suspensions', 'partial_timetables', 'progress_reading', 'progress_writing', 'mathematics']));
    expect(e.flags.find((f) => f.area === 'attendance')!.message).toBe('Attendance: the figures point to Intervention required (Attendance 45%; Overall value added -3%), while the self-rating is Assured.');
  });

  it('does not let an all-Assured self-rating with amber figures pass unflagged: REPAIR', () => {
    const e = run({ ...assuredSchool(), indicators: AMBER_FIGURES });
    expect(e.category).toMatchObject({ id: 'repair', rule: 'education_not_yet_assured' });
    expect(e.flags.length).toBeGreaterThanOrEqual(8);
  });

  it('puts a safeguarding deficit in STABILISE: the line, safer recruitment, the SCR or the training matrix', () => {
    expect(rule(school({ safeguarding: I }))).toBe('stabilise/safeguarding_deficit');
    expect(rule(school({ safer_recruitment: I }))).toBe('stabilise/safeguarding_deficit');
    expect(rule(school({}, { scr_compliant: false }))).toBe('stabilise/safeguarding_deficit');
    expect(rule(school({}, { training_matrix_up_to_date: false }))).toBe('stabilise/safeguarding_deficit');
  });

  it('puts a school in Ofsted special measures in STABILISE, and one that joined within 12 months with a red education line', () => {
    const e = run(assuredSchool(), { ofsted: 'special_measures', joined_trust: '2015-09-01' });
    expect(e.category).toMatchObject({ id: 'stabilise', rule: 'ofsted_special_measures' });
    expect(e.category!.facts).toEqual(['Current Ofsted judgement: Special measures.']);
    expect(e.category!.provenance.kind).toBe('source');
    const joined = { ofsted: 'good', joined_trust: '2026-01-05' };
    expect(rule(figures({ partial_timetables: 25 }), joined)).toBe('stabilise/joined_recently_with_intervention');
    expect(rule(figures({ partial_timetables: 25 }), { ofsted: 'good', joined_trust: '2025-11-27' })).toBe('improve/improving');
  });

  it('reads holistic progress below average as three of the four holistic measures red, and a lack of leadership capacity with one', () => {
    expect(rule(figures({ serious_incident_rate: 550, attendance: 45 }, { semh: I }))).toBe('stabilise/holistic_progress_below_average');
    expect(rule(figures({ serious_incident_rate: 550 }, { semh: I }))).toBe('improve/improving');
    expect(rule(school({ leadership_vision: I, semh: I }))).toBe('stabilise/leadership_lacks_capacity');
    expect(rule(school({ leadership_vision: I }))).toBe('improve/improving');
  });

  it('puts a red progress line or teaching and learning in REPAIR, and half the education lines not yet assured', () => {
    expect(rule(school({ teaching_learning: I }))).toBe('repair/progress_inconsistent');
    const amber = { teaching_learning: N, leadership_vision: N, school_development_priorities: N, semh: N };
    expect(rule(figures({ serious_incident_rate: 400, attendance: 60, persistent_absence: 80 }, amber))).toBe('repair/education_not_yet_assured');
    expect(rule(figures({ serious_incident_rate: 400, attendance: 60 }, amber))).toBe('improve/improving');
  });

  it('never sets the category from finance, HR or estates lines: a red central line brings the seed\'s bespoke options instead', () => {
    const finance = ['financial_planning', 'financial_monitoring', 'financial_processing', 'value_for_money', 'payroll'];
    const e = run(school(Object.fromEntries(finance.map((id) => [id, I]))));
    expect(e.category?.id).toBe('sustain');
    expect(e.recommendations).toMatchObject([{ id: 'finance_bespoke', strand: 'Finance', items: ['Prepayments/Accruals training.', 'Central BSO to review procedures and advise changes where necessary.', 'Assigned regular mentoring from another SBM where necessary.'] }]);
    expect(run(school({ vacancies: I })).recommendations.map((r) => r.id)).toEqual(['hr_bespoke']);
    expect(run(figures({ partial_timetables: 25 })).category?.id).toBe('improve');
  });

  it('waits for the Ofsted judgement when no STABILISE rule has fired yet, and not when one has', () => {
    expect(run(assuredSchool(), {}).undetermined?.waitingOn).toEqual(expect.arrayContaining(['Current Ofsted judgement (school context)']));
    expect(rule(school({ safeguarding: I }), {})).toBe('stabilise/safeguarding_deficit');
  });
});

describe('shipped examples', () => {
  const example = (file: string) => {
    const input = JSON.parse(readFileSync(`${RUBRICS_DIR}examples/${file}`, 'utf8')) as Record<string, unknown>;
    const parsed = parseAnswers(ethos, { ratings: input.ratings, indicators: input.indicators, statements: input.statements, notes: input.notes });
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
    return evaluate(ethos, parsed.value, { previous: typeof input.previous === 'string' ? input.previous : null, context: input.context as Record<string, string>, reviewDate: REVIEW });
  };

  it('Reach Academy: complete, moves from IMPROVE down to REPAIR, with its attendance self-rating flagged', () => {
    const e = example('ethos-reach-academy.json');
    expect(e.complete).toBe(true);
    expect(e.category).toMatchObject({ id: 'repair', rule: 'education_not_yet_assured' });
    expect(e.change).toEqual({ previous: 'improve', proposed: 'repair', direction: 'down' });
    expect(e.flags.find((f) => f.area === 'attendance')).toMatchObject({ selfRating: A, evidenceLevel: I, gap: 2 });
    expect(e.areas.attendance).toMatchObject({ level: I, source: 'evidence' });
  });

  it('Engage Academy: complete, moves up to SUSTAIN', () => {
    const e = example('ethos-engage-academy.json');
    expect(e.complete).toBe(true);
    expect(e.category).toMatchObject({ id: 'sustain', rule: 'every_education_line_assured' });
    expect(e.flags).toEqual([]);
  });

  it('the Done-when inputs: all-Assured with red figures and a special-measures school are STABILISE', () => {
    expect(example('ethos-all-assured-red-figures.json').category?.id).toBe('stabilise');
    expect(example('ethos-special-measures.json').category).toMatchObject({ id: 'stabilise', rule: 'ofsted_special_measures' });
  });

  it('Elements Academy: the head has answered, the central team has not; no category is guessed', () => {
    const e = example('ethos-elements-academy.json');
    expect(e.complete).toBe(false);
    expect(e.category).toBeNull();
    expect(new Set(e.missing.map((m) => m.ratedBy))).toEqual(new Set(['finance_lead', 'estates_lead', 'hr_lead']));
  });
});
