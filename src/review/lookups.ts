import type { Rubric } from '../rubric/schema.js';
import type { Trust } from '../store/records.js';
import type { ReviewContext } from './context.js';

/** The rubric the trust runs. A trust naming a rubric that is not shipped cannot start. */
export function rubricOf(ctx: ReviewContext, trust: Trust): Rubric {
  const rubric = ctx.rubrics.get(trust.rubricId);
  if (!rubric) throw new Error(`${trust.name} runs rubric "${trust.rubricId}", which is not in rubrics/ (available: ${[...ctx.rubrics.keys()].join(', ')})`);
  return rubric;
}

/**
 * The school's category in force: its newest decision, in this window too (an override made
 * before the head changed and resubmitted their answers is what the next proposal compares with).
 */
export async function categoryInForce(ctx: ReviewContext, schoolId: string): Promise<string | null> {
  return (await ctx.store.listDecisions({ schoolId })).at(-1)?.category ?? null;
}

export async function requireTrust(ctx: ReviewContext): Promise<Trust> {
  const trust = await ctx.store.getTrust();
  if (!trust) throw new Error('No trust is set up in the store yet.');
  return trust;
}
