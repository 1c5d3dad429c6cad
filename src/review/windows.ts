/** Review windows: made from the calendar, opened and closed by leadership or the scheduler. */
import { reviewWindow, termOf } from '../calendar/index.js';
import { londonDate } from './time.js';
import type { ReviewWindow, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import { refusals } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { notifyUnreachable, sendToHeads, type Unreachable } from './notify.js';
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

/** Every term in the calendar has a window in the store; new terms added to the calendar get one. */
export async function ensureWindows(ctx: ReviewContext): Promise<ReviewWindow[]> {
  const stored = await ctx.store.listWindows();
  const known = new Set(stored.map((w) => w.id));
  for (const year of ctx.calendar.academicYears) {
    for (const term of year.terms) {
      const planned = reviewWindow(ctx.calendar, year.id, term.term, ctx.windowConfig);
      if (known.has(planned.id)) continue;
      const window: ReviewWindow = { ...planned, state: 'scheduled' };
      await ctx.store.saveWindow(window, { at: ctx.now().toISOString(), actor: 'system', action: 'window.planned', subject: `window:${window.id}`, detail: { opensOn: window.opensOn, closesOn: window.closesOn } });
      stored.push(window);
    }
  }
  return stored.sort((a, b) => a.opensOn.localeCompare(b.opensOn));
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

/**
 * Opens a review window and messages every head directly. A head the bot cannot reach is
 * named to leadership, never skipped in silence.
 */
export async function openWindow(ctx: ReviewContext, actor: Actor, trust: Trust, payload: { windowId?: string } = {}): Promise<WindowResult> {
  if (!actor.leadership) return refusals.leadershipOnly('opening a review window');
  const windows = await ensureWindows(ctx);
  const open = windows.find((w) => w.state === 'open');
  if (open) {
    return { kind: 'refusal', message: `The ${windowRef(open).title} is already open (it closes on ${open.closesOn}). Close it first with /review close.` };
  }
  const today = londonDate(ctx.now());
  const window = payload.windowId ? windows.find((w) => w.id === payload.windowId) : windowFor(windows, ctx, today);
  if (!window) {
    return { kind: 'refusal', message: payload.windowId ? `There is no review window "${payload.windowId}". Try /calendar for the windows on offer.` : 'There is no review window left in the calendar. Add the next academic year to the term dates.' };
  }
  if (window.state === 'closed') return { kind: 'refusal', message: `The ${windowRef(window).title} has already closed.` };

  const opened: ReviewWindow = { ...window, state: 'open', openedAt: ctx.now().toISOString() };
  await ctx.store.saveWindow(opened, { at: ctx.now().toISOString(), actor: actor.person.id, action: 'window.opened', subject: `window:${window.id}`, detail: {} });

  const ref = windowRef(opened);
  const result = await announceOpening(ctx, trust, opened);
  return {
    kind: 'notice',
    title: `${ref.title} opened`,
    lines: [
      `Open until ${opened.closesOn}. ${result.sent} head${result.sent === 1 ? '' : 's'} messaged.`,
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
    view: {
      kind: 'notice',
      title: `${ref.title}: ${school.name}`,
      lines: [
        `The ${ref.title} is open. Please rate each area, give the figures asked for, and submit by ${window.closesOn}.`,
        'You can save and come back at any time before then.',
      ],
      action: { title: 'Start', verb: 'review.start', data: { schoolId: school.id, windowId: window.id } },
    },
  }));
  await notifyUnreachable(ctx, result.unreachable, `opening the ${ref.title}`);
  return result;
}

/** Closes the open window and tells leadership who did not submit and what awaits a decision. */
export async function closeWindow(ctx: ReviewContext, actor: Actor, trust: Trust): Promise<WindowResult> {
  if (!actor.leadership) return refusals.leadershipOnly('closing a review window');
  const window = await openWindowOf(ctx);
  if (!window) return { kind: 'refusal', message: 'No review window is open.' };
  const closed: ReviewWindow = { ...window, state: 'closed', closedAt: ctx.now().toISOString() };
  await ctx.store.saveWindow(closed, { at: ctx.now().toISOString(), actor: actor.person.id, action: 'window.closed', subject: `window:${window.id}`, detail: {} });

  const submissions = await ctx.store.listSubmissions({ windowId: window.id });
  const decisions = await ctx.store.listDecisions({ windowId: window.id });
  const missing = trust.schools.filter((s) => !submissions.some((x) => x.schoolId === s.id && x.state === 'submitted'));
  // A framework without categories (CAT) reports strands: there is nothing to decide.
  const decides = rubricOf(ctx, trust).categories.length > 0;
  const awaiting = decides ? trust.schools.filter((s) => submissions.some((x) => x.schoolId === s.id && x.state === 'submitted') && !decisions.some((d) => d.schoolId === s.id)) : [];
  const view: NoticeView = {
    kind: 'notice',
    title: `${windowRef(closed).title} closed`,
    lines: [
      missing.length ? `Not submitted: ${missing.map((s) => s.name).join(', ')}.` : 'Every school submitted.',
      !decides ? 'This framework reports strands rather than categories: there is nothing to decide.'
        : awaiting.length ? `Awaiting a decision: ${awaiting.map((s) => s.name).join(', ')}.` : 'No proposal awaits a decision.',
    ],
    action: null,
  };
  await ctx.outbound.send({ to: { kind: 'leadership' }, view, idempotencyKey: `window-closed:${window.id}` });
  return view;
}
