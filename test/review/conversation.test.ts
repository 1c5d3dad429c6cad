/**
 * The review as a head and a CEO live it: typed figures find the figure meant, a decided review
 * stays decided until leadership reopens it, reads change nothing, and the messages say what
 * happened in plain words.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import type { ReviewContext } from '../../src/review/context.js';
import { figuresNamed } from '../../src/review/questionnaire.js';
import { createReviewService } from '../../src/review/service.js';
import type { NoticeView, View } from '../../src/review/views.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { MemoryStore } from '../../src/store/memory.js';
import { seedDemoTrust } from '../../src/trust/demo.js';
import { CEO, completeReview, demoContext, fill, RecordingOutbound, REACH_HEAD } from './harness.js';

const rubrics = loadRubrics();
const FINANCE = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000030' } as const;

function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  expect(view.kind, JSON.stringify(view).slice(0, 400)).toBe(kind);
  return view as Extract<View, { kind: K }>;
}

describe('a figure typed in chat', () => {
  it('"PA 80.6" records persistent absence, never partial timetables', async () => {
    const { service, store } = await demoContext();
    await service.handleText(CEO, '/review open');
    const saved = expectKind(await service.handleText(REACH_HEAD, 'PA 80.6'), 'notice');
    expect(saved.lines[0]).toMatch(/^Persistent absence \(PA\): 80\.6%/);
    const answers = (await store.getSubmission('reach-academy', '2026-27-autumn'))!.answers;
    expect(answers.indicators.persistent_absence).toBe(80.6);
    expect(answers.indicators.partial_timetables).toBeUndefined();
  });

  it('matches a name or its exact abbreviation only, and asks which when two figures answer to it', () => {
    const figures = [
      { id: 'persistent_absence', name: 'Persistent absence (PA)' },
      { id: 'partial_timetables', name: 'Pupils on partial timetables (PTT)' },
      { id: 'pupil_attainment', name: 'Pupil attainment (PA)' },
    ];
    expect(figuresNamed(figures, 'pa').map((f) => f.id)).toEqual(['persistent_absence', 'pupil_attainment']);
    expect(figuresNamed(figures, 'ptt').map((f) => f.id)).toEqual(['partial_timetables']);
    expect(figuresNamed(figures, 'Persistent absence').map((f) => f.id)).toEqual(['persistent_absence']);
    expect(figuresNamed(figures, 'partial')).toEqual([]);
  });

  it('a name that is no figure\'s is refused with the names there are, and nothing is saved', async () => {
    const { service, store, ctx } = await demoContext();
    await service.handleText(CEO, '/review open');
    const unknown = expectKind(await service.handleText(REACH_HEAD, 'partial 12'), 'refusal');
    expect(unknown.message).toContain('I don\'t know a figure called "partial", so nothing was saved');
    const before = await store.getSubmission('reach-academy', '2026-27-autumn');
    expect(before?.answers.indicators.partial_timetables).toBeUndefined();
    expect(ctx).toBeDefined();
  });
});

describe('a decided review', () => {
  it('cannot be changed by its head; leadership reopens it, and the next proposal compares with the category in force', async () => {
    const { service, outbound, store } = await demoContext();
    const proposal = await completeReview(service, outbound);
    expect(proposal.category.name).toBe('REPAIR');
    const rationale = 'New leadership in post since October; the figures predate it.';
    expectKind(await service.handleAction(CEO, 'decision.override', { schoolId: 'reach-academy', windowId: proposal.window.id, proposalId: proposal.proposalId, category: 'improve', rationale }), 'decision');

    // The head is told the outcome, in plain words.
    const outcome = outbound.sent.filter((m) => m.to.kind === 'person' && m.idempotencyKey.startsWith('outcome:')).map((m) => m.view as NoticeView);
    expect(outcome).toHaveLength(1);
    expect(outcome[0]!.title).toBe('Reach Academy: IMPROVE (unchanged)');
    expect(outcome[0]!.lines.join('\n')).toContain(`Their reason: ${rationale}`);
    expect(outcome[0]!.lines.join('\n')).toContain('Support for the Spring term 2026-27:');

    // The head's summary says it is decided, and a step pressed from an old card saves nothing.
    const summary = expectKind(await service.handleText(REACH_HEAD, 'review'), 'summary');
    expect(summary.decided).toBe(true);
    expect(summary.notice).toContain('Leadership has decided this review (IMPROVE, overridden by Chief Executive Officer)');
    const version = (await store.getSubmission('reach-academy', proposal.window.id))!.version;
    const step = expectKind(await service.handleAction(REACH_HEAD, 'review.step', { schoolId: 'reach-academy', windowId: proposal.window.id, step: 0, version, action: 'next' }), 'refusal');
    expect(step.message).toContain('/review reopen Reach Academy');
    expect((await store.getSubmission('reach-academy', proposal.window.id))!.version).toBe(version);
    expect(expectKind(await service.handleText(REACH_HEAD, '/review reopen Reach Academy'), 'refusal').message).toContain('for the CEO or the Director of Education');

    // Leadership reopens; the head changes an answer and submits again.
    expectKind(await service.handleText(CEO, '/review reopen Reach Academy'), 'notice');
    let view: View = await service.handleAction(REACH_HEAD, 'review.goto', { schoolId: 'reach-academy', windowId: proposal.window.id, step: 0 });
    while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
    const again = expectKind(view, 'summary');
    expect(again.proposal?.change).toContain('was IMPROVE');
    await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: 'reach-academy', windowId: again.window.id, version: again.version });
    const second = outbound.toLeadership().filter((v) => v.kind === 'proposal').at(-1)!;
    expect(second.kind === 'proposal' && second.previous?.name).toBe('IMPROVE');
    if (second.kind !== 'proposal') throw new Error('no proposal');
    // Resubmitted after reopening, it awaits a decision again: /status and the overview say so.
    expect(expectKind(await service.handleText(CEO, '/status Reach Academy'), 'status').basis).toMatch(/^Proposed REPAIR, awaiting a decision\./);
    expect(expectKind(await service.handleText(CEO, '/status'), 'overview').schools.find((s) => s.school.id === 'reach-academy')?.submission).toBe('submitted: REPAIR proposed');
    const decided = expectKind(await service.handleAction(CEO, 'decision.confirm', { schoolId: 'reach-academy', windowId: second.window.id, proposalId: second.proposalId }), 'decision');
    expect(decided.headline).toBe('Reach Academy: IMPROVE → REPAIR');

    const status = expectKind(await service.handleText(CEO, '/status Reach Academy'), 'status');
    expect(status.category?.name).toBe('REPAIR');
    expect(status.trend.filter((t) => t.window === 'Autumn term 2026-27')).toHaveLength(1);
    expect(status.trend.at(-1)).toMatchObject({ window: 'Autumn term 2026-27', category: { id: 'repair' } });
  });
});

describe('plain words', () => {
  it('a head whose rating is far from its evidence is told so in their own terms, never "please moderate"', async () => {
    const { service } = await demoContext();
    await service.handleText(CEO, '/review open');
    let view: View = await service.handleText(REACH_HEAD, 'review');
    while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view, 'assured') });
    const summary = expectKind(view, 'summary');
    expect(summary.flags.length).toBeGreaterThan(0);
    expect(summary.flags.join(' ')).not.toContain('moderate');
    expect(summary.flags[0]).toMatch(/^.+: you rated it Assured, and its evidence points to (Not yet assured|Intervention required)\. The proposal reads the evidence; your rating is kept beside it, and leadership will look at the difference with you\.$/);
  });
});

describe('reads', () => {
  it('/status, the overview and /calendar write nothing, even before the term windows are stored', async () => {
    const store = new MemoryStore();
    const now = new Date('2026-11-30T09:00:00Z');
    const ctx: ReviewContext = { store, rubrics, calendar: loadCalendar(), windowConfig: DEFAULT_REVIEW_TIMING, now: () => now, outbound: new RecordingOutbound() };
    await seedDemoTrust(store, rubrics.get('ethos')!, now);
    const service = createReviewService(ctx);
    const audit = await store.listAudit();
    const windows = await store.listWindows();
    expectKind(await service.handleText(CEO, '/status Reach Academy'), 'status');
    expectKind(await service.handleText(CEO, '/status'), 'overview');
    expect(expectKind(await service.handleText(CEO, '/calendar'), 'notice').lines.join(' ')).toContain('Autumn term 2026-27 review');
    expect(await store.listAudit()).toEqual(audit);
    expect(await store.listWindows()).toEqual(windows);
  });
});

describe('what the bot says', () => {
  it('a near-miss school name shows the school with a note naming it', async () => {
    const { service } = await demoContext();
    const status = expectKind(await service.handleText(CEO, '/status Reech'), 'status');
    expect(status.school.name).toBe('Reach Academy');
    expect(status.note).toBe('Showing Reach Academy: there is no school called "Reech".');
    expect(expectKind(await service.handleText(CEO, '/status Reach Academy'), 'status').note).toBeNull();
  });

  it('/remind is not titled "Reminders sent" when none could be sent', async () => {
    const heads = ['elements', 'engage', 'enrich', 'ethos-college', 'evolve', 'reach'].map((s) => `person:head-${s.endsWith('college') ? s : `${s}-academy`}`);
    const { service } = await demoContext('2026-11-30T09:00:00Z', heads);
    await service.handleText(CEO, '/review open');
    const reminded = expectKind(await service.handleText(CEO, '/remind'), 'notice');
    expect(reminded.title).toBe('No reminders could be sent');
  });

  it('a head starting for the first time is not welcomed back, though the central team\'s lines are in', async () => {
    const { service } = await demoContext();
    await service.handleText(CEO, '/review open');
    const first = expectKind(await service.handleText(REACH_HEAD, 'review'), 'questionnaire');
    expect(first.notice).toBeNull();
    await service.handleAction(REACH_HEAD, 'review.step', { schoolId: 'reach-academy', windowId: first.window.id, step: 0, version: first.version, action: 'save', ...fill(first) });
    expect(expectKind(await service.handleText(REACH_HEAD, 'review'), 'questionnaire').notice).toMatch(/^Welcome back/);
  });

  it('a head who says hello while the window is open gets the Start card', async () => {
    const { service } = await demoContext();
    await service.handleText(CEO, '/review open');
    const hello = expectKind(await service.handleText(REACH_HEAD, 'hello'), 'notice');
    expect(hello.action).toMatchObject({ title: 'Start', verb: 'review.start' });
    expect(expectKind(await service.greet(REACH_HEAD), 'notice').title).toBe('Autumn term 2026-27 review: Reach Academy');
    expectKind(await service.handleText(REACH_HEAD, 'help'), 'help');
  });

  it('opening a window whose term has not begun asks leadership first, and opens nothing until confirmed', async () => {
    const { service, store } = await demoContext();
    await service.handleText(CEO, '/review open');
    await service.handleText(CEO, '/review close');
    const asked = expectKind(await service.handleText(CEO, '/review open'), 'notice');
    expect(asked.title).toBe('Open the Spring term 2026-27 review now?');
    expect(asked.lines[0]).toContain('Its term has not begun: it starts on Mon 4 Jan 2027');
    expect((await store.listWindows()).find((w) => w.id === '2026-27-spring')?.state).toBe('scheduled');
    const opened = expectKind(await service.handleAction(CEO, asked.action!.verb, asked.action!.data), 'notice');
    expect(opened.title).toBe('Spring term 2026-27 review opened');
  });

  it('one "proposal waiting" post per submission, however many central lines follow', async () => {
    // No central lines seeded: the head submits first, then the finance lead rates theirs step by step.
    const store = new MemoryStore();
    const now = new Date('2026-11-30T09:00:00Z');
    const outbound = new RecordingOutbound();
    const ctx: ReviewContext = { store, rubrics, calendar: loadCalendar(), windowConfig: DEFAULT_REVIEW_TIMING, now: () => now, outbound };
    await seedDemoTrust(store, rubrics.get('ethos')!, now);
    const service = createReviewService(ctx);
    await service.handleText(CEO, '/review open');
    let view: View = await service.handleText(REACH_HEAD, 'review');
    while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
    const summary = expectKind(view, 'summary');
    await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: 'reach-academy', windowId: summary.window.id, version: summary.version });
    view = await service.handleText(FINANCE, 'review Reach Academy');
    let steps = 0;
    while (view.kind === 'questionnaire') {
      steps++;
      view = await service.handleAction(FINANCE, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
    }
    expect(steps).toBeGreaterThan(1);
    const waiting = outbound.toLeadership().filter((v) => v.kind === 'notice' && v.title === 'Reach Academy submitted: proposal waiting');
    expect(waiting).toHaveLength(1);
  });
});
