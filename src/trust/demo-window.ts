/**
 * In the demo, the central team has already rated its lines (Ethos: finance, estates, HR) for
 * the coming review, as it does at its own termly reviews; heads then complete the rest. The
 * central ratings are carried from each school's last review, and recorded as the central
 * roles' own answers. A rubric whose every area is the head's has nothing to carry.
 */
import type { ReviewContext } from '../review/context.js';
import { ensureWindows, windowFor } from '../review/windows.js';
import { londonDate } from '../review/time.js';
import type { Submission } from '../store/records.js';

export async function seedDemoCentralLines(ctx: ReviewContext): Promise<number> {
  const trust = await ctx.store.getTrust();
  if (!trust) return 0;
  const rubric = ctx.rubrics.get(trust.rubricId);
  if (!rubric) return 0;
  const windows = await ensureWindows(ctx);
  const window = windowFor(windows, ctx, londonDate(ctx.now()));
  if (!window) return 0;
  const central = rubric.groups.flatMap((g) => g.areas).filter((a) => a.ratedBy !== 'head');
  if (central.length === 0) return 0;
  let seeded = 0;
  for (const school of trust.schools) {
    if (await ctx.store.getSubmission(school.id, window.id)) continue;
    const last = (await ctx.store.listSubmissions({ schoolId: school.id })).filter((s) => s.windowId !== window.id).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1);
    if (!last) continue;
    const carried = central.filter((a) => last.answers.ratings[a.id]);
    if (carried.length === 0) continue;
    const ratings = Object.fromEntries(carried.map((a) => [a.id, last.answers.ratings[a.id]!]));
    const rater = trust.people.find((p) => p.roles.includes(carried[0]!.ratedBy))?.id ?? 'system';
    const at = ctx.now().toISOString();
    const draft: Submission = {
      id: `${window.id}:${school.id}`, schoolId: school.id, windowId: window.id, rubricId: rubric.id, state: 'draft',
      answers: { ratings, indicators: {}, statements: {}, notes: {} }, version: 1, updatedAt: at, updatedBy: rater,
    };
    await ctx.store.saveSubmission(draft, 0, { at, actor: 'system', action: 'submission.answered', subject: `submission:${draft.id}`, detail: { source: 'demo', central: Object.keys(ratings) } });
    seeded++;
  }
  return seeded;
}

/**
 * Local mode's demo starts with this term's window open, so the README's walk-through begins
 * at once: nobody has a chat with the bot yet, so nobody is messaged; each head gets the Start
 * card the first time they open the bot. Returns the window opened, or null when one already is.
 */
export async function openDemoWindow(ctx: ReviewContext): Promise<string | null> {
  const windows = await ensureWindows(ctx);
  if (windows.some((w) => w.state === 'open')) return null;
  const window = windowFor(windows, ctx, londonDate(ctx.now()));
  if (!window || window.state !== 'scheduled') return null;
  const at = ctx.now().toISOString();
  await ctx.store.saveWindow({ ...window, state: 'open', openedAt: at }, { at, actor: 'system', action: 'window.opened', subject: `window:${window.id}`, detail: { source: 'demo' } }, { state: 'scheduled' });
  return window.id;
}
