/** Reminding heads who have not submitted, and telling leadership who is late. */
import type { ReviewWindow, School, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import { refusals } from './actor.js';
import type { ReviewContext } from './context.js';
import { notifyUnreachable, sendToHeads } from './notify.js';
import { dayAndDate, londonDate } from './time.js';
import type { NoticeView, RefusalView } from './views.js';
import { openWindowOf, windowRef } from './windows.js';

/** Schools with no submitted review in the window. */
export async function lateSchools(ctx: ReviewContext, trust: Trust, window: ReviewWindow): Promise<School[]> {
  const submitted = new Set((await ctx.store.listSubmissions({ windowId: window.id })).filter((s) => s.state === 'submitted').map((s) => s.schoolId));
  return trust.schools.filter((s) => !submitted.has(s.id));
}

/**
 * Reminds the heads of every school that has not submitted. `kind` names the reminder
 * (e.g. "manual:2026-12-01", "deadline-5"): with the school and window it makes the key
 * that stops the same reminder going twice.
 */
export async function sendReminders(ctx: ReviewContext, trust: Trust, window: ReviewWindow, kind: string): Promise<{ schools: School[]; sent: number; unreachable: number }> {
  const late = await lateSchools(ctx, trust, window);
  const ref = windowRef(window);
  const result = await sendToHeads(ctx, trust, (head, school) => ({
    idempotencyKey: `reminder:${kind}:${window.id}:${school.id}:${head.id}`,
    view: {
      kind: 'notice',
      title: `Reminder: ${ref.title}, ${school.name}`,
      lines: [`The review for ${school.name} is not submitted yet. The window closes on ${dayAndDate(window.closesOn)}.`, 'Your saved answers are kept: carry on where you left off.'],
      action: { title: 'Carry on', verb: 'review.start', data: { schoolId: school.id, windowId: window.id } },
    },
  }), late);
  await notifyUnreachable(ctx, result.unreachable, `sending reminders for the ${ref.title}`);
  return { schools: late, sent: result.sent, unreachable: result.unreachable.length };
}

/** `/remind`: leadership reminds every head who has not submitted, now. */
export async function remindNow(ctx: ReviewContext, actor: Actor, trust: Trust): Promise<NoticeView | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('sending reminders');
  const window = await openWindowOf(ctx);
  if (!window) return { kind: 'refusal', message: 'No review window is open, so there is no one to remind.' };
  const result = await sendReminders(ctx, trust, window, `manual:${londonDate(ctx.now())}`);
  return {
    kind: 'notice',
    title: result.sent > 0 ? 'Reminders sent' : result.schools.length ? 'No reminders could be sent' : 'No reminders needed',
    lines: result.schools.length
      ? [`Not yet submitted: ${result.schools.map((s) => s.name).join(', ')}.`, `${result.sent} reminder${result.sent === 1 ? '' : 's'} sent${result.unreachable ? `; ${result.unreachable} head${result.unreachable === 1 ? '' : 's'} could not be reached (leadership has been told)` : ''}. A second /remind today sends nothing new.`]
      : ['Every school has submitted: no reminders needed.'],
    action: null,
  };
}
