/**
 * Every shipped framework runs a whole termly review with no code of its own: a demo trust per
 * rubric (chosen by its configuration), the head answering the questionnaire the rubric makes,
 * leadership receiving the proposal (or CAT's strand report), the CEO deciding, and /status
 * telling the result. The head's answers are the rubric's worked example in rubrics/examples/.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boot } from '../../src/boot.js';
import { runJob } from '../../src/review/jobs.js';
import { createReviewService, type ReviewService } from '../../src/review/service.js';
import type { QuestionnaireView, SummaryView, View } from '../../src/review/views.js';
import { FileStore } from '../../src/store/file-store.js';
import { UnknownDemoError } from '../../src/trust/choice.js';
import { RecordingOutbound, seededDemo, loadedOnce } from './harness.js';

/** A Monday in the autumn term of 2026-27, inside that term's review window. */
const START = '2026-11-30T09:00:00Z';
const WINDOW = 'Autumn term 2026-27 review';
const teams = (n: number) => ({ platform: 'teams', aadObjectId: `00000000-0000-0000-0000-0000000000${String(n).padStart(3, '0')}` }) as const;
const CEO = teams(20);
const FIRST_HEAD = teams(21);

const demoTrust = (demo: string) => seededDemo(demo, START);

/** A worked example from rubrics/examples/: one school's answers to its rubric. */
interface Example {
  ratings: Record<string, string>;
  indicators: Record<string, number>;
  statements: Record<string, boolean>;
  /** An Daras: pupils counted by attainer band, `transitions[from][to]`. */
  transitions?: Record<string, Record<string, number>>;
}

function example(file: string): Example {
  return JSON.parse(readFileSync(new URL(`../../rubrics/examples/${file}`, import.meta.url), 'utf8')) as Example;
}

function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  expect(view.kind, JSON.stringify(view).slice(0, 600)).toBe(kind);
  return view as Extract<View, { kind: K }>;
}

/** The card values a head sends for a step, every item answered from the example. */
function fromExample(view: QuestionnaireView, answers: Example): Record<string, string> {
  const values: Record<string, string> = {};
  const given = <T>(value: T | undefined, what: string): T => {
    expect(value, `the example answers ${what}`).toBeDefined();
    return value!;
  };
  for (const item of view.items) {
    if (item.kind === 'area') {
      const rating = given(answers.ratings[item.areaId], `area ${item.areaId}`);
      expect(item.choices.map((c) => c.value)).toContain(rating);
      values[item.key] = rating;
      for (const s of item.statements) values[s.key] = given(answers.statements[s.id], `statement ${s.id}`) ? 'met' : 'not_met';
    } else if (item.kind === 'indicator') {
      values[item.key] = String(given(answers.indicators[item.indicatorId], `figure ${item.indicatorId}`));
    } else {
      const counts = given(answers.transitions, `the transition table ${item.indicatorId}`);
      for (const cell of item.cells) values[cell.key] = String(counts[cell.from]?.[cell.to] ?? 0);
    }
  }
  return values;
}

interface Answered {
  summary: SummaryView;
  /** Each step as the head saw it. */
  steps: QuestionnaireView[];
}

/** The head starts the review from the window-opened message and answers every step. */
async function answerEveryStep(service: ReviewService, answers: Example, start: Record<string, string>): Promise<Answered> {
  let view: View = await service.handleAction(FIRST_HEAD, 'review.start', start);
  const steps: QuestionnaireView[] = [];
  while (view.kind === 'questionnaire') {
    steps.push(view);
    expect(view.errors).toEqual({});
    view = await service.handleAction(FIRST_HEAD, 'review.step', {
      schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fromExample(view, answers),
    });
  }
  return { summary: expectKind(view, 'summary'), steps };
}

/** Opens the window as the CEO; the first school's head is messaged directly with a Start button. */
async function openWindow(service: ReviewService, outbound: RecordingOutbound, headId: string, heads: number) {
  expect(expectKind(await service.handleText(CEO, '/review open'), 'notice').title).toBe(`${WINDOW} opened`);
  const dms = outbound.sent.filter((m) => m.to.kind === 'person');
  expect(dms).toHaveLength(heads);
  const mine = dms.find((m) => m.to.kind === 'person' && m.to.personId === headId);
  const notice = expectKind(mine!.view, 'notice');
  expect(notice.action?.verb).toBe('review.start');
  return notice.action!.data;
}

async function submit(service: ReviewService, summary: SummaryView) {
  expect(summary.canSubmit).toBe(true);
  const submitted = expectKind(await service.handleAction(FIRST_HEAD, 'review.submit', { schoolId: summary.school.id, windowId: summary.window.id, version: summary.version }), 'summary');
  expect(submitted.state).toBe('submitted');
}

/** `/remind` after the first school submitted: every other school's head is reminded, not the first's. */
async function remindTheRest(service: ReviewService, outbound: RecordingOutbound, schools: string[]) {
  const before = outbound.sent.length;
  const reminded = expectKind(await service.handleText(CEO, '/remind'), 'notice');
  expect(reminded.lines[0]).toBe(`Not yet submitted: ${schools.slice(1).join(', ')}.`);
  const titles = outbound.sent.slice(before).filter((m) => m.to.kind === 'person').map((m) => expectKind(m.view, 'notice').title);
  expect(titles).toEqual(schools.slice(1).map((s) => `Reminder: ${WINDOW}, ${s}`));
}

describe('a review on every framework, from the trust\'s configuration alone', () => {
  it('Ethos: the head rates the lines that are theirs, the central lines are already in, and the CEO confirms REPAIR', async () => {
    const { service, outbound, trust } = await demoTrust('ethos');
    expect(trust.rubricId).toBe('ethos');
    const start = await openWindow(service, outbound, 'head-reach-academy', 6);

    const { summary, steps } = await answerEveryStep(service, example('ethos-reach-academy.json'), start);
    expect(steps[0]!.school.name).toBe('Reach Academy');
    expect(steps[0]!.progress).toBe('0 of 14 areas rated · 0 of 12 figures given');
    // Finance, estates and HR are the central team's lines: never asked of the head.
    expect(steps.flatMap((s) => s.items).some((i) => i.kind === 'area' && i.areaId === 'payroll')).toBe(false);
    expect(summary.proposal).toMatchObject({ category: { name: 'REPAIR' }, change: 'was IMPROVE: more support' });

    await submit(service, summary);
    const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
    expect(proposal).toMatchObject({ school: { name: 'Reach Academy' }, category: { name: 'REPAIR' }, previous: { name: 'IMPROVE' }, priorityChoices: null });

    const decided = expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: proposal.school.id, windowId: proposal.window.id, proposalId: proposal.proposalId }), 'decision');
    expect(decided.headline).toBe('Reach Academy: IMPROVE → REPAIR');
    expect(decided.schedule.items.length).toBeGreaterThan(0);

    const status = expectKind(await service.handleText(CEO, '/status Reach'), 'status');
    expect(status.category?.name).toBe('REPAIR');
    expect(status.trend.map((t) => [t.window, t.category.name])).toEqual([
      ['Autumn term 2025-26', 'STABILISE'], ['Spring term 2025-26', 'REPAIR'], ['Summer term 2025-26', 'IMPROVE'], ['Autumn term 2026-27', 'REPAIR'],
    ]);
    expect(status.areas.find((a) => a.name === 'Suspensions')?.level).toMatch(/^Intervention required \(from its evidence; self-rating: /);
    expect(status.support.length).toBeGreaterThan(0);
  });

  it('Four Stages: nine areas and two figures against national, and the CEO overrides the proposal with a rationale', async () => {
    const { service, outbound, store, trust } = await demoTrust('four-stages');
    expect(trust).toMatchObject({ name: 'Saltmarsh Learning Trust', rubricId: 'four_stages' });
    const start = await openWindow(service, outbound, 'head-harbour-view-primary', 4);

    const { summary, steps } = await answerEveryStep(service, example('four-stages-harbour-view-primary.json'), start);
    expect(steps[0]).toMatchObject({ rubricName: 'Four Stages of Improvement', school: { name: 'Harbour View Primary School' }, progress: '0 of 9 areas rated · 0 of 2 figures given' });
    expect(steps.map((s) => s.title)).toEqual(['The nine areas (1 of 3)', 'The nine areas (2 of 3)', 'The nine areas (3 of 3)', 'Figures']);
    const leadership = steps[0]!.items[0]!;
    expect(leadership.kind === 'area' && leadership.choices.map((c) => c.title)).toEqual([
      'Strong: Strong strategic leadership with capacity to support other schools.',
      'Secure: Effective strategic leadership has created a culture of continuous improvement',
      'Attention Needed: Stable leadership, some improvements but limited impact.',
      'Causing Concern: Unstable leadership and inability to identify and prioritise the key issues and take action to address them.',
    ]);
    expect(steps.at(-1)!.items.map((i) => i.kind === 'indicator' && i.help)).toEqual([
      expect.stringContaining('KS2 result'), expect.stringContaining('Attendance of all pupils'),
    ]);
    expect(summary.proposal).toMatchObject({ category: { name: 'Secure' }, change: 'unchanged from Secure' });

    await submit(service, summary);
    const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
    expect(proposal).toMatchObject({ category: { name: 'Secure' }, previous: { name: 'Secure' }, rule: 'best_fit' });
    expect(proposal.facts[0]).toBe('The best fit of the 9 rated areas is Secure (the middle level of 1 Causing Concern, 3 Attention Needed, 5 Secure).');
    expect(proposal.basis).toMatch(/^This rests on the framework's own words/);
    expect(proposal.categories.map((c) => c.title)).toEqual(['Causing Concern', 'Attention Needed', 'Secure', 'Strong']);
    await remindTheRest(service, outbound, trust.schools.map((s) => s.name));

    const rationale = 'Achievement is well below national and three areas need attention: closer support this term, checked at the spring review.';
    const decided = expectKind(await service.handleAction(CEO, 'decision.override', { schoolId: proposal.school.id, windowId: proposal.window.id, proposalId: proposal.proposalId, category: 'attention_needed', rationale }), 'decision');
    expect(decided).toMatchObject({ how: 'overridden', rationale, headline: 'Harbour View Primary School: SECURE → ATTENTION NEEDED', category: { name: 'Attention Needed' } });
    expect(decided.reasons).toEqual([expect.stringMatching(/^Proposed Secure: The overall category is the best fit/), `Overridden: ${rationale}`]);
    expect((await store.listDecisions({ schoolId: 'harbour-view-primary', windowId: proposal.window.id }))[0]).toMatchObject({ kind: 'overridden', proposed: 'secure', category: 'attention_needed', rationale });
    // The framework's only support: bespoke, after categorisation, with no date.
    expect(decided.schedule).toMatchObject({ summary: [], items: [] });
    expect(decided.schedule.onRequest).toEqual([{ title: 'Bespoke school improvement support', owner: 'Line managers, Trust Consultants, external consultants or network groups', strand: 'School improvement support' }]);

    const status = expectKind(await service.handleText(CEO, '/status Harbour View'), 'status');
    expect(status).toMatchObject({ category: { name: 'Attention Needed' }, rationale, arrow: '↓', decidedBy: 'Chief Executive Officer' });
    expect(status.trend.map((t) => [t.window, t.category.name])).toEqual([
      ['Autumn term 2025-26', 'Attention Needed'], ['Spring term 2025-26', 'Secure'], ['Summer term 2025-26', 'Secure'], ['Autumn term 2026-27', 'Attention Needed'],
    ]);
    expect(status.areas).toHaveLength(9);
    expect(status.areas.find((a) => a.name === 'Inclusion')?.level).toBe('Attention Needed (self-rated)');
    expect(status.indicators.find((i) => i.name.startsWith('KS2'))).toMatchObject({ value: '49%', level: expect.stringContaining('difference -12 points) → Causing Concern') });
    expect(status.submission?.state).toBe('decided');
  });

  it('CMAT: the annual matrix with Safeguarding Met, Category 2 proposed, and the CEO confirms with two priority areas', async () => {
    const { service, outbound, store, trust } = await demoTrust('cmat');
    expect(trust).toMatchObject({ name: 'Brookmere Multi-Academy Trust', rubricId: 'cmat' });
    const start = await openWindow(service, outbound, 'head-holy-cross-academy', 4);

    const { summary, steps } = await answerEveryStep(service, example('cmat-holy-cross-academy.json'), start);
    expect(steps[0]).toMatchObject({ school: { name: 'Holy Cross Academy' }, progress: '0 of 8 areas rated' });
    expect(steps.map((s) => s.title)).toEqual(['Academy Risk Assessment Matrix (1 of 3)', 'Academy Risk Assessment Matrix (2 of 3)', 'Academy Risk Assessment Matrix (3 of 3)', 'Safeguarding']);
    const curriculum = steps[0]!.items[0]!;
    expect(curriculum.kind === 'area' && curriculum.choices.map((c) => c.title)).toEqual(['Exceptional', 'Strong Standard', 'Expected Standard', 'Needs Attention', 'Urgent Improvement']);
    const leadership = steps.flatMap((s) => s.items).find((i) => i.kind === 'area' && i.areaId === 'leadership_and_governance');
    expect(leadership?.kind === 'area' && leadership.statements.map((s) => s.text)).toEqual(['The academy is currently meeting its existing Ofsted judgement']);
    const safeguarding = steps.at(-1)!.items[0]!;
    expect(safeguarding.kind === 'area' && safeguarding.choices.map((c) => c.title)).toEqual(['Met', 'Not Met']);
    expect(summary.proposal).toMatchObject({ category: { name: 'Category 2' }, change: 'was Category 1: more support' });

    await submit(service, summary);
    const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
    expect(proposal).toMatchObject({ category: { name: 'Category 2' }, previous: { name: 'Category 1' } });
    expect(proposal.priorityChoices?.map((c) => c.title)).toEqual([
      'Curriculum and Teaching', 'Inclusion', 'Achievement', 'Attendance and Behaviour', 'Personal Development and Well-Being', 'Early Years', 'Leadership and Governance', 'Safeguarding',
    ]);
    await remindTheRest(service, outbound, trust.schools.map((s) => s.name));

    // The card's multi-select sends its choices as one comma-separated value.
    const decided = expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: proposal.school.id, windowId: proposal.window.id, proposalId: proposal.proposalId, priorities: 'achievement,attendance_and_behaviour' }), 'decision');
    expect(decided).toMatchObject({ how: 'confirmed', headline: 'Holy Cross Academy: CATEGORY 1 → CATEGORY 2', priorities: ['Achievement', 'Attendance and Behaviour'] });
    // Category 2 is "Category 1 plus…": its support includes Category 1's.
    const titles = [...decided.schedule.summary.map((i) => i.title), ...decided.schedule.onRequest.map((i) => i.title)];
    expect(titles.some((t) => t.startsWith('Regular progress meetings with Director of Education'))).toBe(true);
    expect(titles.some((t) => t.startsWith('Termly student progress and attainment review'))).toBe(true);
    // Owners are the framework's words.
    expect(decided.schedule.onRequest).toContainEqual({ title: 'Access behaviour support from the Wingfield Academy Behaviour Hub, if required', owner: 'Wingfield Academy Behaviour Hub', strand: 'Support and intervention' });
    expect(decided.schedule.summary.find((l) => l.title.startsWith('Regular progress meetings'))).toMatchObject({ owner: 'Director of Education and CEO', often: 'half-termly' });
    expect((await store.listDecisions({ schoolId: 'holy-cross-academy' })).at(-1)?.priorities).toEqual(['achievement', 'attendance_and_behaviour']);

    const status = expectKind(await service.handleText(CEO, '/status Holy Cross'), 'status');
    expect(status).toMatchObject({ category: { name: 'Category 2' }, arrow: '↓', priorities: ['Achievement', 'Attendance and Behaviour'] });
    expect(status.trend.map((t) => [t.window, t.category.name])).toEqual([
      ['Autumn term 2025-26', 'Category 2'], ['Spring term 2025-26', 'Category 1'], ['Summer term 2025-26', 'Category 1'], ['Autumn term 2026-27', 'Category 2'],
    ]);
    expect(status.areas.map((a) => [a.name, a.level.split(' (')[0]])).toContainEqual(['Safeguarding', 'Met']);
    expect(status.areas.find((a) => a.name === 'Achievement')?.level).toBe('Needs Attention (self-rated)');
    expect(status.support.length).toBeGreaterThan(0);
  });

  it('An Daras: the heat map, the year-group benchmarks and the attainer-band transition table, then the CEO confirms Improve', async () => {
    const { service, outbound, trust } = await demoTrust('an-daras');
    expect(trust).toMatchObject({ name: 'Carrick Tor Academy Trust', rubricId: 'an_daras' });
    const start = await openWindow(service, outbound, 'head-tremayne-vale-primary', 3);

    const answers = example('an-daras-tremayne-vale-primary.json');
    const { summary, steps } = await answerEveryStep(service, answers, start);
    expect(steps[0]).toMatchObject({ school: { name: 'Tremayne Vale Primary School' }, progress: '0 of 6 areas rated · 0 of 13 figures given' });
    expect(steps.map((s) => s.title)).toEqual(['Heat map (1 of 2)', 'Heat map (2 of 2)', 'Figures (1 of 2)', 'Figures (2 of 2)', 'Attainer-band transitions: net impact per pupil']);
    const table = steps.at(-1)!.items[0]!;
    expect(table.kind).toBe('transitions');
    expect(table.kind === 'transitions' && table.cells.map((c) => c.key)).toEqual(
      ['low', 'middle', 'high'].flatMap((from) => ['low', 'middle', 'high'].map((to) => `transition.transition_impact.${from}.${to}`)),
    );
    expect(summary.proposal).toMatchObject({ category: { name: 'Improve' }, change: 'was Repair: less support' });

    await submit(service, summary);
    const proposal = expectKind(outbound.toLeadership().at(-1)!, 'proposal');
    expect(proposal).toMatchObject({ category: { name: 'Improve' }, previous: { name: 'Repair' }, rule: 'best_fit' });
    // Standards rated Improve against benchmarks as low as De-clutter: kept, and flagged for moderation.
    expect(proposal.flags).toEqual([expect.stringContaining('Standards')]);
    await remindTheRest(service, outbound, trust.schools.map((s) => s.name));

    const decided = expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: proposal.school.id, windowId: proposal.window.id, proposalId: proposal.proposalId }), 'decision');
    expect(decided).toMatchObject({ how: 'confirmed', headline: 'Tremayne Vale Primary School: REPAIR → IMPROVE', priorities: [] });

    const status = expectKind(await service.handleText(CEO, '/status Tremayne'), 'status');
    expect(status).toMatchObject({ category: { name: 'Improve' }, arrow: '↑' });
    expect(status.trend.map((t) => [t.window, t.category.name])).toEqual([
      ['Autumn term 2025-26', 'De-clutter'], ['Spring term 2025-26', 'Repair'], ['Summer term 2025-26', 'Repair'], ['Autumn term 2026-27', 'Improve'],
    ]);
    expect(status.areas.find((a) => a.name === 'Focus on learning')?.level).toBe('Repair (Becoming good) (self-rated)');
    // 60 pupils; net +8: six and five single steps up, one double, three and two single steps down.
    expect(status.indicators.find((i) => i.name.startsWith('Attainer-band'))).toMatchObject({
      value: '0.13 per pupil', level: expect.stringContaining('(net 8 over 60 pupils) → Sustain and Strengthen (Very good)'),
    });
    expect(status.indicators.find((i) => i.name.startsWith('Persistent absence'))?.value).toBe('16%');
  });

  it('CAT: fifty-one success statements in five strands, and leadership gets each strand\'s share fully met, with no category to decide', async () => {
    const { service, outbound, store, trust } = await demoTrust('cat-excellence');
    expect(trust).toMatchObject({ name: 'Larchwood Academies Trust', rubricId: 'cat_excellence' });
    const start = await openWindow(service, outbound, 'head-oakfield-academy', 4);

    const { summary, steps } = await answerEveryStep(service, example('cat-excellence-oakfield-academy.json'), start);
    expect(steps[0]).toMatchObject({ school: { name: 'Oakfield Academy' }, progress: '0 of 51 areas rated', title: 'Power of Education (1 of 4)' });
    const first = steps[0]!.items[0]!;
    expect(first.kind === 'area' && first.choices.map((c) => c.title)).toEqual(['Fully', 'Partly', 'Not yet']);
    expect(summary).toMatchObject({ proposal: null, undetermined: null, canSubmit: true });

    await submit(service, summary);
    const report = expectKind(outbound.toLeadership().at(-1)!, 'notice');
    expect(report.title).toBe(`Oakfield Academy submitted the ${WINDOW}`);
    expect(report.lines).toEqual([
      'Power of Education: 60% (6 of 10) at Fully',
      'Inclusivity: 100% (7 of 7) at Fully',
      'Our Professional Best: 50% (5 of 10) at Fully',
      'Education: 50% (7 of 14) at Fully',
      'Leadership: 80% (8 of 10) at Fully',
    ]);
    expect(outbound.toLeadership().some((v) => v.kind === 'proposal')).toBe(false);
    await remindTheRest(service, outbound, trust.schools.map((s) => s.name));

    // There is no proposal, so nothing to confirm, and nothing is recorded.
    expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: 'oakfield-academy', windowId: summary.window.id }), 'refusal');
    expect(await store.listDecisions()).toEqual([]);

    const status = expectKind(await service.handleText(CEO, '/status Oakfield'), 'status');
    expect(status).toMatchObject({ category: null, trend: [], support: [], submission: { state: 'submitted' } });
    expect(status.groupShares).toEqual([
      { name: 'Power of Education', share: '60% (6 of 10)' },
      { name: 'Inclusivity', share: '100% (7 of 7)' },
      { name: 'Our Professional Best', share: '50% (5 of 10)' },
      { name: 'Education', share: '50% (7 of 14)' },
      { name: 'Leadership', share: '80% (8 of 10)' },
    ]);
    expect(status.areas.find((a) => a.name.startsWith('Pupils feel strong confidence'))?.level).toBe('Not yet (self-rated)');
  });

  it('CAT: closing the window lists who has not submitted, and no school as awaiting a decision that the framework never asks for', async () => {
    const { service, outbound } = await demoTrust('cat-excellence');
    const start = await openWindow(service, outbound, 'head-oakfield-academy', 4);
    const { summary } = await answerEveryStep(service, example('cat-excellence-oakfield-academy.json'), start);
    await submit(service, summary);
    const closed = expectKind(await service.handleText(CEO, '/review close'), 'notice');
    expect(closed.lines[0]).toBe('Not submitted: Millbrook Primary Academy, Thornley Park Academy, Fernhill Primary Academy.');
    expect(closed.lines.join(' ')).not.toContain('Awaiting a decision: Oakfield Academy');
  });

  it('CAT: the scheduler closes the window with the same words as /review close, through the same use-case', async () => {
    const { service, outbound, ctx, trust } = await demoTrust('cat-excellence');
    const start = await openWindow(service, outbound, 'head-oakfield-academy', 4);
    const { summary } = await answerEveryStep(service, example('cat-excellence-oakfield-academy.json'), start);
    await submit(service, summary);
    const windowId = summary.window.id;
    const result = await runJob(ctx, trust, { id: `close:${windowId}`, kind: 'close', windowId, date: '2026-12-15', at: new Date('2026-12-15T08:00:00Z'), validUntil: null });
    expect(result.state).toBe('done');
    const posted = expectKind(outbound.toLeadership().at(-1)!, 'notice');
    expect(posted.title).toBe(`${WINDOW} closed`);
    expect(posted.lines).toEqual([
      'Not submitted: Millbrook Primary Academy, Thornley Park Academy, Fernhill Primary Academy.',
      'This framework reports strands rather than categories: there is nothing to decide.',
    ]);
    expect(result.outcome).toContain('0 proposals awaiting a decision');
  });

  it('CAT: /status tells the strands\' shares over the past terms, as it tells categories over terms elsewhere', async () => {
    const { service, store } = await demoTrust('cat-excellence');
    const past = await Promise.all(['2025-26-autumn', '2025-26-spring', '2025-26-summer'].map((w) => store.latestEvaluation('oakfield-academy', w)));
    expect(past.every(Boolean)).toBe(true);
    const status = expectKind(await service.handleText(CEO, '/status Oakfield'), 'status');
    const told = JSON.stringify(status);
    for (const term of ['Autumn term 2025-26', 'Spring term 2025-26', 'Summer term 2025-26']) expect(told).toContain(term);
  });
});

describe('TERMLY_DEMO chooses the demo trust an empty store is seeded with', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  async function storeFile(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'termly-demo-choice-'));
    dirs.push(dir);
    return join(dir, 'termly.db.json');
  }

  const DEMOS = [
    { demo: 'ethos', trust: 'Ethos Academy Trust', rubricId: 'ethos', schools: 6, decisions: 18 },
    { demo: 'four-stages', trust: 'Saltmarsh Learning Trust', rubricId: 'four_stages', schools: 4, decisions: 12 },
    { demo: 'cmat', trust: 'Brookmere Multi-Academy Trust', rubricId: 'cmat', schools: 4, decisions: 12 },
    { demo: 'an-daras', trust: 'Carrick Tor Academy Trust', rubricId: 'an_daras', schools: 3, decisions: 9 },
    { demo: 'cat-excellence', trust: 'Larchwood Academies Trust', rubricId: 'cat_excellence', schools: 4, decisions: 0 },
  ];

  for (const d of DEMOS) {
    it(`TERMLY_DEMO=${d.demo} seeds ${d.trust} into a new store file, which opens again with its history`, async () => {
      const file = await storeFile();
      const booted = await boot({ env: { TERMLY_DEMO: d.demo }, outbound: new RecordingOutbound(), storeFile: file, now: () => new Date(START), seedDemo: true });
      expect(booted.demo).toMatchObject({ seeded: true, reviews: d.schools * 3, decisions: d.decisions });
      const reopened = await FileStore.open(file);
      const trust = (await reopened.getTrust())!;
      expect(trust).toMatchObject({ name: d.trust, rubricId: d.rubricId });
      expect(trust.schools).toHaveLength(d.schools);
      expect((await reopened.listSubmissions()).filter((s) => s.state === 'submitted')).toHaveLength(d.schools * 3);
      expect(await reopened.listDecisions()).toHaveLength(d.decisions);

      // The trust's rubric drives the review the bot then runs.
      const service = createReviewService(booted.ctx);
      const overview = expectKind(await service.handleText(CEO, '/status'), 'overview');
      expect(overview).toMatchObject({ trustName: d.trust, rubricName: loadedOnce().rubrics.get(d.rubricId)!.name });
      expect(overview.schools).toHaveLength(d.schools);
    });
  }

  it('seeds the Ethos demo when TERMLY_DEMO is unset or blank', async () => {
    for (const env of [{}, { TERMLY_DEMO: '  ' }]) {
      const booted = await boot({ env, outbound: new RecordingOutbound(), storeFile: await storeFile(), now: () => new Date(START), seedDemo: true });
      expect((await booted.ctx.store.getTrust())?.name).toBe('Ethos Academy Trust');
    }
  });

  it('leaves a store that already has a trust alone, whatever TERMLY_DEMO says', async () => {
    const file = await storeFile();
    await boot({ env: { TERMLY_DEMO: 'cmat' }, outbound: new RecordingOutbound(), storeFile: file, now: () => new Date(START), seedDemo: true });
    const again = await boot({ env: { TERMLY_DEMO: 'an-daras' }, outbound: new RecordingOutbound(), storeFile: file, now: () => new Date(START), seedDemo: true });
    expect(again.demo).toBeNull();
    expect((await again.ctx.store.getTrust())?.rubricId).toBe('cmat');
  });

  it('refuses an unknown TERMLY_DEMO, naming the variable, the value and the choices, and creates no store', async () => {
    const file = await storeFile();
    const booting = boot({ env: { TERMLY_DEMO: 'ofsted' }, outbound: new RecordingOutbound(), storeFile: file, now: () => new Date(START), seedDemo: true });
    await expect(booting).rejects.toThrow(UnknownDemoError);
    await expect(booting).rejects.toThrow('TERMLY_DEMO: "ofsted" is not a demo trust. Choose one of: an-daras, cat-excellence, cmat, ethos, four-stages (unset, it is ethos).');
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });
});
