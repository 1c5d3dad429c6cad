/**
 * What the evaluator reads beside a school's answers, gathered in one place so every
 * use-case evaluates a school the same way: its context answers, its phases, the review
 * date (London), and the levels agreed at moderation in this window.
 */
import type { AgreedLevel } from '../evaluator/types.js';
import type { EvaluateOptions } from '../evaluator/evaluate.js';
import type { AgreedLevelRecord, School, Trust } from '../store/records.js';
import type { ReviewContext } from './context.js';
import { londonDate } from './time.js';

export function agreedForEvaluator(trust: Trust, agreed: Record<string, AgreedLevelRecord> | undefined): Record<string, AgreedLevel> {
  return Object.fromEntries(Object.entries(agreed ?? {}).map(([area, a]) => [
    area,
    { level: a.level, by: a.by, byName: trust.people.find((p) => p.id === a.by)?.name ?? a.by, reason: a.reason, at: a.at },
  ]));
}

/** The agreed levels kept with the latest evaluation of a school's review in a window. */
export async function agreedLevels(ctx: ReviewContext, schoolId: string, windowId: string): Promise<Record<string, AgreedLevelRecord>> {
  return (await ctx.store.latestEvaluation(schoolId, windowId))?.agreed ?? {};
}

export function evaluationOptions(
  ctx: ReviewContext, trust: Trust, school: School, previous: string | null, agreed: Record<string, AgreedLevelRecord> = {},
): EvaluateOptions {
  return {
    previous,
    context: school.context ?? {},
    ...(school.phases ? { phases: school.phases } : {}),
    reviewDate: londonDate(ctx.now()),
    agreed: agreedForEvaluator(trust, agreed),
  };
}
