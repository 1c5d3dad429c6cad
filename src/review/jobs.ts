/**
 * The use-cases the scheduler runs, acting as the system rather than a person. Each can be run
 * again after a crash part-way through: its messages carry the same idempotency keys, so a
 * second run sends only what the first did not, and a state change is never repeated.
 */
import { DateTime } from 'luxon';
import { LONDON } from '../calendar/index.js';
import { dayAndDate, readableDate } from './time.js';
import { DEFAULT_SCHEDULE, type ScheduleSettings } from '../scheduler/config.js';
import { planJobs, reviewTermsOf, type PlannedJob } from '../scheduler/plan.js';
import type { JobRun, ReviewWindow, Trust } from '../store/records.js';
import { systemActor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { notifyUnreachable, sendToHeads } from './notify.js';
import { lateSchools, sendReminders } from './reminders.js';
import type { NoticeView } from './views.js';
import { closeReview, ensureWindows, openWindow, plannedWindows, windowRef, announceOpening } from './windows.js';

export interface JobResult {
  state: 'done' | 'skipped';
  /** What happened, in words, kept with the job's run. */
  outcome: string;
}

const SCHEDULER = systemActor('Termly scheduler');
const done = (outcome: string): JobResult => ({ state: 'done', outcome });
const skipped = (outcome: string): JobResult => ({ state: 'skipped', outcome });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function runJob(ctx: ReviewContext, trust: Trust, job: PlannedJob): Promise<JobResult> {
  const windows = await ensureWindows(ctx);
  const window = windows.find((w) => w.id === job.windowId);
  if (!window) return skipped(`there is no review window "${job.windowId}" in the store`);
  switch (job.kind) {
    case 'open':
      return openOnSchedule(ctx, trust, window, windows);
    case 'nudge':
      return remindLate(ctx, trust, window, `deadline-${job.schoolDaysLeft}`);
    case 'deadline':
      return reportDeadline(ctx, trust, window, job.closeDate ?? null);
    case 'close':
      return closeOnSchedule(ctx, trust, window);
    case 'half-term':
      return halfTermReminder(ctx, trust, window, job);
  }
}

/**
 * Opens the window and messages every head. A window already open (leadership opened it, or an
 * earlier run stopped part-way) has its opening message sent to any head who has not had it.
 */
async function openOnSchedule(ctx: ReviewContext, trust: Trust, window: ReviewWindow, windows: ReviewWindow[]): Promise<JobResult> {
  const ref = windowRef(window);
  if (window.state === 'closed') return skipped(`the ${ref.title} has already closed`);
  if (window.state === 'open') {
    const result = await announceOpening(ctx, trust, window);
    return done(`already open; the opening message is with ${plural(result.sent, 'head')}${result.unreachable.length ? `, ${result.unreachable.length} could not be reached` : ''}`);
  }
  const other = windows.find((w) => w.state === 'open');
  if (other) {
    const otherRef = windowRef(other);
    await ctx.outbound.send({
      to: { kind: 'leadership' },
      idempotencyKey: `not-opened:${window.id}`,
      view: {
        kind: 'notice',
        title: `${ref.title} not opened`,
        lines: [`It was due to open today, but the ${otherRef.title} is still open.`, `Close it with /review close, then open this one with /review open ${window.id}.`],
        action: null,
      },
    });
    return skipped(`the ${otherRef.title} is still open; leadership has been told`);
  }
  const view = await openWindow(ctx, SCHEDULER, trust, { windowId: window.id, confirmed: true });
  return view.kind === 'refusal' ? skipped(view.message) : done(view.lines.join(' '));
}

/** Reminds the heads of schools that have not submitted, if the window is open. */
async function remindLate(ctx: ReviewContext, trust: Trust, window: ReviewWindow, kind: string): Promise<JobResult> {
  if (window.state !== 'open') return skipped(`the ${windowRef(window).title} is not open`);
  const result = await sendReminders(ctx, trust, window, kind);
  if (result.schools.length === 0) return done('every school has submitted: no reminder needed');
  return done(`${plural(result.schools.length, 'school')} not submitted; ${plural(result.sent, 'reminder')} sent${result.unreachable ? `, ${result.unreachable} head(s) unreachable (leadership told)` : ''}`);
}

/** The morning after the deadline: leadership is told who has not submitted. */
async function reportDeadline(ctx: ReviewContext, trust: Trust, window: ReviewWindow, closeDate: string | null): Promise<JobResult> {
  const ref = windowRef(window);
  if (window.state !== 'open') return skipped(`the ${ref.title} is not open`);
  const late = await lateSchools(ctx, trust, window);
  const until = closeDate ? `until ${dayAndDate(closeDate)}` : 'until it is closed';
  const view: NoticeView = {
    kind: 'notice',
    title: `${ref.title}: deadline passed`,
    lines: late.length
      ? [`Not submitted by ${dayAndDate(window.closesOn)}: ${late.map((s) => s.name).join(', ')}.`, `The window stays open ${until} for late submissions; /remind chases them.`]
      : [`Every school submitted by ${window.closesOn}.`, `The window stays open ${until}, for any edits.`],
    action: null,
  };
  const delivery = await ctx.outbound.send({ to: { kind: 'leadership' }, idempotencyKey: `deadline:${window.id}`, view });
  return done(`${late.length ? `${plural(late.length, 'school')} missing` : 'none missing'}; leadership ${reached(delivery.status)}`);
}

/** Closes the window: leadership is told who is missing and which proposals await a decision, as `/review close` does. */
async function closeOnSchedule(ctx: ReviewContext, trust: Trust, window: ReviewWindow): Promise<JobResult> {
  if (window.state === 'scheduled') return skipped(`the ${windowRef(window).title} was never opened`);
  const closed = await closeReview(ctx, SCHEDULER, trust, window);
  return done(`${closed.closedNow ? 'closed' : 'already closed'}; ${plural(closed.missing.length, 'school')} missing, ${plural(closed.awaiting.length, 'proposal')} awaiting a decision; leadership ${reached(closed.delivery.status)}`);
}

/**
 * The first school day of a half-term. While the window is open: heads who have not submitted
 * are reminded. Before it opens: every head hears what is coming and when. After it closed:
 * nothing (the next half-term speaks of the next window).
 */
async function halfTermReminder(ctx: ReviewContext, trust: Trust, window: ReviewWindow, job: PlannedJob): Promise<JobResult> {
  const half = job.halfTerm!;
  const kind = `half-term-${half.academicYear}-h${half.number}`;
  if (window.state === 'open') return remindLate(ctx, trust, window, kind);
  if (window.state === 'closed') return skipped(`the ${windowRef(window).title} has closed; nothing is coming this half-term`);
  const ref = windowRef(window);
  const drafts = new Set((await ctx.store.listSubmissions({ windowId: window.id })).map((s) => s.schoolId));
  const result = await sendToHeads(ctx, trust, (head, school) => ({
    idempotencyKey: `${kind}:${window.id}:${school.id}:${head.id}`,
    view: {
      kind: 'notice',
      title: `Coming up: ${ref.title}`,
      lines: [
        `The ${ref.title} for ${school.name} opens on ${dayName(window.opensOn)} and closes on ${dayName(window.closesOn)}.`,
        drafts.has(school.id)
          ? 'Some answers are already saved for it (the central team\'s lines). You will get a message here when it opens.'
          : 'You will get a message here when it opens, with a button to start.',
      ],
      action: null,
    },
  }));
  await notifyUnreachable(ctx, result.unreachable, `sending the half-termly reminder (${kind})`);
  return done(`${plural(result.sent, 'head')} told what is coming${result.unreachable.length ? `, ${result.unreachable.length} unreachable (leadership told)` : ''}`);
}

/**
 * An opening the bot missed (it was not running from before the window opened until after its
 * deadline). Leadership is told while the window's term still runs, so they can open it by hand.
 */
export async function reportMissedOpening(ctx: ReviewContext, job: PlannedJob): Promise<string> {
  const window = (await ctx.store.listWindows()).find((w) => w.id === job.windowId);
  if (!window || window.state !== 'scheduled') return 'not opened by the scheduler (the window was opened by hand)';
  const ref = windowRef(window);
  const delivery = await ctx.outbound.send({
    to: { kind: 'leadership' },
    idempotencyKey: `missed:${job.id}`,
    view: {
      kind: 'notice',
      title: `${ref.title} did not open`,
      lines: [
        `It was due to open on ${dayName(job.date)}, but the bot was not running then, and its deadline (${dayAndDate(window.closesOn)}) has passed.`,
        `To collect it now: /review open ${window.id}, then /review close when done.`,
      ],
      action: null,
    },
  });
  return `missed while the bot was not running; leadership ${reached(delivery.status)}`;
}

/** `/calendar`: the windows ahead and the scheduler's next jobs with their dates and times. */
export async function calendarLines(ctx: ReviewContext, trust: Trust, settings: ScheduleSettings = DEFAULT_SCHEDULE, limit = 10): Promise<{ windows: string[]; coming: string[] }> {
  // A read: the windows as planned, none written (the scheduler stores new ones when it runs).
  const windows = await plannedWindows(ctx);
  const { jobs } = planJobs({ calendar: ctx.calendar, windows, settings, reviewTerms: reviewTermsOf(rubricOf(ctx, trust)) });
  const runs = new Map<string, JobRun>((await ctx.store.listJobRuns()).map((r) => [r.id, r]));
  const now = ctx.now().getTime();
  const byId = new Map(windows.map((w) => [w.id, w]));
  const windowLines = windows.filter((w) => w.state !== 'closed' && jobs.some((j) => j.windowId === w.id)).slice(0, 6).map((w) => {
    const ref = windowRef(w);
    return `${ref.title}: ${readableDate(w.opensOn)} to ${readableDate(w.closesOn)}${w.state === 'open' ? ' (open now)' : ''}`;
  });
  const coming = jobs
    .filter((j) => j.at.getTime() >= now || runs.get(j.id)?.state === 'running')
    .slice(0, limit)
    .map((j) => `${DateTime.fromJSDate(j.at, { zone: LONDON }).toFormat('ccc d LLL yyyy HH:mm')}: ${describeJob(j, byId.get(j.windowId)!)}`);
  return { windows: windowLines, coming };
}

function describeJob(job: PlannedJob, window: ReviewWindow): string {
  const title = windowRef(window).title;
  switch (job.kind) {
    case 'open':
      return `${title} opens; every head is messaged`;
    case 'nudge':
      return job.schoolDaysLeft === 0
        ? `last-day reminder to heads who have not submitted the ${title}`
        : `reminder to heads who have not submitted the ${title} (${plural(job.schoolDaysLeft!, 'school day')} before it closes on ${dayName(window.closesOn)})`;
    case 'deadline':
      return `leadership told who missed the ${title} deadline`;
    case 'close':
      return `${title} closes; leadership sees who is missing and what awaits a decision`;
    case 'half-term':
      return `half-termly reminder to heads about the ${title}`;
  }
}

/** "Fri 11 Dec": a date as people read it. */
const dayName = dayAndDate;

function reached(status: string): string {
  return status === 'unreachable' ? 'could not be reached (no leadership channel)' : status === 'failed' ? 'message failed' : 'told';
}
