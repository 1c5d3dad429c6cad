import type { Rubric } from '../rubric/schema.js';
import type { Trust } from '../store/records.js';
import type { ReviewContext } from './context.js';

/** The rubric the trust runs. A trust naming a rubric that is not shipped cannot start. */
export function rubricOf(ctx: ReviewContext, trust: Trust): Rubric {
  const rubric = ctx.rubrics.get(trust.rubricId);
  if (!rubric) throw new Error(`${trust.name} runs rubric "${trust.rubricId}", which is not in rubrics/ (available: ${[...ctx.rubrics.keys()].join(', ')})`);
  return rubric;
}

/** The school's decided category before this window: what a proposal is compared with. */
export async function previousCategory(ctx: ReviewContext, schoolId: string, windowId: string): Promise<string | null> {
  const decisions = (await ctx.store.listDecisions({ schoolId })).filter((d) => d.windowId !== windowId);
  return decisions.at(-1)?.category ?? null;
}

export async function requireTrust(ctx: ReviewContext): Promise<Trust> {
  const trust = await ctx.store.getTrust();
  if (!trust) throw new Error('No trust is set up in the store yet.');
  return trust;
}
