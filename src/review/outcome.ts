/**
 * The head hears the outcome of their review: the decided category, why, and the support that
 * follows next term. Sent once per decision and head, after leadership's post.
 */
import { categoryName } from '../evaluator/explain.js';
import type { Rubric } from '../rubric/schema.js';
import type { Decision, ReviewWindow, School, Trust } from '../store/records.js';
import type { ReviewContext } from './context.js';
import { notifyUnreachable, sendToHeads } from './notify.js';
import type { DecisionView, NoticeView } from './views.js';
import { windowRef } from './windows.js';

export function outcomeView(rubric: Rubric, school: School, window: ReviewWindow, decision: Decision, view: DecisionView): NoticeView {
  const category = categoryName(rubric, decision.category).toUpperCase();
  const title = windowRef(window).title;
  const change = decision.previous && decision.previous !== decision.category
    ? ` (it was ${categoryName(rubric, decision.previous).toUpperCase()})`
    : decision.previous ? ' (unchanged)' : '';
  const why = decision.kind === 'confirmed'
    ? [`Leadership confirmed the proposed category. Why: ${view.reasons[0] ?? ''}`, ...view.reasons.slice(1)]
    : [`Leadership chose ${category} rather than the proposed ${categoryName(rubric, decision.proposed ?? decision.category).toUpperCase()}. Their reason: ${decision.rationale ?? ''}`];
  const { summary, onRequest } = view.schedule;
  return {
    kind: 'notice',
    title: `${school.name}: ${category}${change}`,
    lines: [
      `The outcome of the ${title}: ${school.name} is in ${category}.`,
      ...why.filter((l) => l.trim() !== ''),
      ...(summary.length || onRequest.length
        ? [
            `Support for the ${view.schedule.term}:`,
            ...summary.map((s) => `• ${s.title}: ${s.often} · ${s.owner} · from ${s.first} · ${s.amount}`),
            ...onRequest.map((u) => `• On request: ${u.title} (${u.owner})`),
          ]
        : []),
    ],
    action: { title: 'Show status', verb: 'status.show', data: { schoolId: school.id } },
  };
}

/** Each head of the school gets the outcome; a head the bot cannot reach is named to leadership. */
export async function tellHeads(ctx: ReviewContext, trust: Trust, rubric: Rubric, school: School, window: ReviewWindow, decision: Decision, view: DecisionView): Promise<void> {
  const result = await sendToHeads(ctx, trust, (head) => ({
    idempotencyKey: `outcome:${decision.id}:${head.id}`,
    view: outcomeView(rubric, school, window, decision, view),
  }), [school]);
  await notifyUnreachable(ctx, result.unreachable, `telling ${school.name} the outcome of its review`);
}
