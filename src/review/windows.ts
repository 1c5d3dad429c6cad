/** Review windows: made from the calendar, opened and closed by leadership or the scheduler. */
import { decisionOn } from './reopen.js';
import { reviewWindow, termOf } from '../calendar/index.js';
import { StoreConflictError } from '../store/port.js';
import { dayAndDate, londonDate, readableDate } from './time.js';
import type { ReviewWindow, School, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import { refusals } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { notifyUnreachable, sendToHeads, type Unreachable } from './notify.js';
import type { Delivery } from './outbound.js';
import type { NoticeView, RefusalView, WindowRef } from './views.js';

const TERM_TITLE = { autumn: 'Autumn', spring: 'Spring', summer: 'Summer' } as const;

export function windowRef(window: ReviewWindow): WindowRef {
  return {
    id: window.id,
    title: `${TERM_TITLE[window.term]} term ${window.academicYear} review`,
    opensOn: window.opensOn,
    closesOn: window.closesOn,
    state: window.state,
  };
}

/** The windows of every term in the calendar: those stored, and those not yet stored as planned. Writes nothing. */
export async function plannedWindows(ctx: ReviewContext): Promise<ReviewWindow[]> {
  const stored = await ctx.store.listWindows();
  const known = new Set(stored.map((w) => w.id));
  for (const planned of calendarWindows(ctx)) {
    if (!known.has(planned.id)) stored.push({ ...planned, state: 'scheduled' });
  }
  return stored.sort((a, b) => a.opensOn.localeCompare(b.opensOn));
}

/**
 * Every term's window as the calendar and timing place it, worked out once per calendar and
 * timing (every /status and overview asks): counting school days is not redone per request.
 */
const laidOut = new WeakMap<ReviewContext['calendar'], WeakMap<ReviewContext['windowConfig'], { stamp: string; windows: ReturnType<typeof reviewWindow>[] }>>();
function calendarWindows(ctx: ReviewContext): readonly ReturnType<typeof reviewWindow>[] {
  const { calendar, windowConfig } = ctx;
  // The settings' values and the years, so a calendar or timing changed in place is laid out afresh.
  const stamp = `${windowConfig.opensBeforeEnd}|${windowConfig.closesBeforeEnd}|${calendar.academicYears.map((y) => `${y.id}:${y.terms.length}`).join(',')}`;
  let byTiming = laidOut.get(calendar);
  if (!byTiming) laidOut.set(calendar, (byTiming = new WeakMap()));
  const kept = byTiming.get(windowConfig);
  if (kept && kept.stamp === stamp) return kept.windows;
  const windows = calendar.academicYears.flatMap((year) => year.terms.map((term) => reviewWindow(calendar, year.id, term.term, windowConfig)));
  byTiming.set(windowConfig, { stamp, windows });
  return windows;
}

/** Every term in the calendar has a window in the store; new terms added to the calendar get one. */
export async function ensureWindows(ctx: ReviewContext): Promise<ReviewWindow[]> {
  const known = new Set((await ctx.store.listWindows()).map((w) => w.id));
  const windows = await plannedWindows(ctx);
  let conflicted = false;
  for (const window of windows.filter((w) => !known.has(w.id))) {
    try {
      // Only while it is still unplanned: a request at the same moment may have opened it.
      await ctx.store.saveWindow(window, { at: ctx.now().toISOString(), actor: 'system', action: 'window.planned', subject: `window:${window.id}`, detail: { opensOn: window.opensOn, closesOn: window.closesOn } }, { state: 'scheduled' });
    } catch (e) {
      if (!(e instanceof StoreConflictError)) throw e;
      conflicted = true;
    }
  }
  return conflicted ? plannedWindows(ctx) : windows;
}

export async function openWindowOf(ctx: ReviewContext): Promise<ReviewWindow | null> {
  return (await ctx.store.listWindows()).find((w) => w.state === 'open') ?? null;
}

/** The window of the term a date is in, or else the next one to open. */
export function windowFor(windows: ReviewWindow[], ctx: ReviewContext, date: string): ReviewWindow | null {
  const term = termOf(ctx.calendar, date);
  const current = term && windows.find((w) => w.academicYear === term.academicYear && w.term === term.term);
  if (current && current.state !== 'closed') return current;
  return windows.find((w) => w.state === 'scheduled' && w.opensOn >= date) ?? null;
}

export type WindowResult = NoticeView | RefusalView;

/** The first day of a window's term, from the calendar. */
function termStart(ctx: ReviewContext, window: ReviewWindow): string | null {
  return ctx.calendar.academicYears.find((y) => y.id === window.academicYear)?.terms.find((t) => t.term === window.term)?.firstDay ?? null;
}

/**
 * Opens a review window and messages every head directly. A head the bot cannot reach is
 * named to leadership, never skipped in silence. A window whose term has not begun is opened
 * only once leadership confirms. The store opens it in one atomic step: of two requests at
 * once, one opens it and messages the heads, the other is told it is open.
 */
export async function openWindow(ctx: ReviewContext, actor: Actor, trust: Trust, payload: { windowId?: string; confirmed?: boolean } = {}): Promise<WindowResult> {
  if (!actor.leadership) return refusals.leadershipOnly('opening a review window');
  const windows = await ensureWindows(ctx);
  const alreadyOpen = (open: ReviewWindow): RefusalView => ({ kind: 'refusal', message: `The ${windowRef(open).title} is already open (it closes on ${dayAndDate(open.closesOn)}). Close it first with /review close.` });
  const open = windows.find((w) => w.state === 'open');
  if (open) return alreadyOpen(open);
  const today = londonDate(ctx.now());
  const window = payload.windowId ? windows.find((w) => w.id === payload.windowId) : windowFor(windows, ctx, today);
  if (!window) {
    return { kind: 'refusal', message: payload.windowId ? `There is no review window "${payload.windowId}". Try /calendar for the windows on offer.` : 'There is no review window left in the calendar. Add the next academic year to the term dates.' };
  }
  if (window.state === 'closed') return { kind: 'refusal', message: `The ${windowRef(window).title} has already closed.` };
  const begins = termStart(ctx, window);
  if (!payload.confirmed && begins !== null && begins > today) {
    const ref = windowRef(window);
    return {
      kind: 'notice',
      title: `Open the ${ref.title} now?`,
      lines: [
        `Its term has not begun: it starts on ${readableDate(begins)}, and the window is planned for ${readableDate(window.opensOn)} to ${readableDate(window.closesOn)}.`,
        'Opening it now messages every head today. Nothing has been opened yet.',
      ],
      action: { title: 'Open it now', verb: 'window.open', data: { windowId: window.id } },
    };
  }

  const opened: ReviewWindow = { ...window, state: 'open', openedAt: ctx.now().toISOString() };
  try {
    await ctx.store.saveWindow(opened, { at: ctx.now().toISOString(), actor: actor.person.id, action: 'window.opened', subject: `window:${window.id}`, detail: {} }, { state: window.state });
  } catch (e) {
    if (!(e instanceof StoreConflictError)) throw e;
    // Someone opened (or closed) a window a moment ago: say what stands now.
    const now = await ctx.store.listWindows();
    const winner = now.find((w) => w.state === 'open');
    if (winner) return alreadyOpen(winner);
    return { kind: 'refusal', message: `The ${windowRef(window).title} was changed by someone else a moment ago: try /calendar to see where it stands.` };
  }

  const ref = windowRef(opened);
  const result = await announceOpening(ctx, trust, opened);
  return {
    kind: 'notice',
    title: `${ref.title} opened`,
    lines: [
      `Open until ${dayAndDate(opened.closesOn)}. ${result.sent} head${result.sent === 1 ? '' : 's'} messaged.`,
      ...result.unreachable.map((u) => `Could not reach ${u.name}: ${u.detail}`),
    ],
    action: null,
  };
}

/**
 * The opening message to each head (the same keys however often it is asked for, so each head
 * has it once), with anyone unreachable named to leadership.
 */
export async function announceOpening(ctx: ReviewContext, trust: Trust, window: ReviewWindow): Promise<{ sent: number; unreachable: Unreachable[] }> {
  const ref = windowRef(window);
  const result = await sendToHeads(ctx, trust, (head, school) => ({
    idempotencyKey: `window-opened:${window.id}:${school.id}:${head.id}`,
    view: openingNotice(window, school),
  }));
  await notifyUnreachable(ctx, result.unreachable, `opening the ${ref.title}`);
  return result;
}

/** The message a head gets when a window opens (and on opening the bot while it is open): what is due, by when, Start. */
export function openingNotice(window: ReviewWindow, school: School, more?: string): NoticeView {
  const ref = windowRef(window);
  return {
    kind: 'notice',
    title: `${ref.title}: ${school.name}`,
    lines: [
      `The ${ref.title} is open. Please rate each area, give the figures asked for, and submit by ${dayAndDate(window.closesOn)}.`,
      'You can save and come back at any time before then.',
      ...(more ? [more] : []),
    ],
    action: { title: 'Start', verb: 'review.start', data: { schoolId: school.id, windowId: window.id } },
  };
}

/** `/review close`: closes the open window (see closeReview). */
export async function closeWindow(ctx: ReviewContext, actor: Actor, trust: Trust, inLeadershipChannel = false): Promise<WindowResult> {
  if (!actor.leadership) return refusals.leadershipOnly('closing a review window');
  const window = await openWindowOf(ctx);
  if (!window) return { kind: 'refusal', message: 'No review window is open.' };
  const closed = await closeReview(ctx, actor, trust, window, inLeadershipChannel);
  return closed.closedNow ? closed.view : { kind: 'refusal', message: `The ${windowRef(window).title} was closed by someone else a moment ago.` };
}

export interface Closed {
  view: NoticeView;
  /** False when the window was already closed (a scheduler run after a crash, or a race lost). */
  closedNow: boolean;
  delivery: Delivery;
  missing: School[];
  awaiting: School[];
}

/**
 * Closing a window, for `/review close` and the scheduler alike: the store closes it in one
 * atomic step, then leadership is told who did not submit and what awaits a decision. A window
 * already closed is not closed again; its summary is sent under the same key, so a run cut
 * short between the two steps still sends it, once.
 */
export async function closeReview(ctx: ReviewContext, actor: Actor, trust: Trust, window: ReviewWindow, inLeadershipChannel = false): Promise<Closed> {
  let closedNow = false;
  let closing = window;
  if (window.state === 'open') {
    closing = { ...window, state: 'closed', closedAt: ctx.now().toISOString() };
    try {
      await ctx.store.saveWindow(closing, { at: ctx.now().toISOString(), actor: actor.person.id, action: 'window.closed', subject: `window:${window.id}`, detail: {} }, { state: 'open' });
      closedNow = true;
    } catch (e) {
      if (!(e instanceof StoreConflictError)) throw e;
    }
  }
  const submissions = await ctx.store.listSubmissions({ windowId: window.id });
  const submitted = (id: string) => submissions.some((x) => x.schoolId === id && x.state === 'submitted');
  const missing = trust.schools.filter((s) => !submitted(s.id));
  // A framework without categories (CAT) reports strands: there is nothing to decide.
  const decides = rubricOf(ctx, trust).categories.length > 0;
  // Decided means a decision since the review was last submitted: a reopened and resubmitted review awaits one again.
  const undecided = new Set<string>();
  for (const submission of submissions) if (!(await decisionOn(ctx, submission))) undecided.add(submission.schoolId);
  const awaiting = decides ? trust.schools.filter((s) => submitted(s.id) && undecided.has(s.id)) : [];
  const view: NoticeView = {
    kind: 'notice',
    title: `${windowRef(window).title} closed`,
    lines: [
      missing.length ? `Not submitted: ${missing.map((s) => s.name).join(', ')}.` : 'Every school submitted.',
      !decides ? 'This framework reports strands rather than categories: there is nothing to decide.'
        : awaiting.length ? `Awaiting a decision: ${awaiting.map((s) => s.name).join(', ')}.` : 'No proposal awaits a decision.',
    ],
    action: null,
  };
  const delivery = closedNow || window.state === 'closed'
    ? await ctx.outbound.send({ to: { kind: 'leadership' }, view, idempotencyKey: `window-closed:${window.id}`, ...(inLeadershipChannel ? { shownInReply: true } : {}) })
    : { status: 'sent' as const };
  return { view, closedNow, delivery, missing, awaiting };
}
