/**
 * Leadership's decision: confirm the proposal or override it with a rationale that is kept.
 * The decision, not the proposal, becomes the school's category; the "category changed"
 * post and the support schedule follow it (DOMAIN.md decision 5).
 */
import { categoryName } from '../evaluator/explain.js';
import type { Evaluation } from '../evaluator/types.js';
import type { Rubric } from '../rubric/schema.js';
import type { Decision, ReviewWindow, School, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import { refusals } from './actor.js';
import { supportSchedule } from './calendar-file.js';
import type { ReviewContext } from './context.js';
import { previousCategory, rubricOf } from './lookups.js';
import type { DecisionView, RefusalView } from './views.js';
import { windowRef } from './windows.js';

/** An override must say why in more than a word or two: it is what the board will read. */
export const MIN_RATIONALE = 10;

export interface DecidePayload {
  schoolId: string;
  windowId: string;
  how: 'confirm' | 'override';
  /** Required to override. */
  category?: string;
  rationale?: string;
  priorities?: string[];
}

export async function decide(ctx: ReviewContext, actor: Actor, trust: Trust, payload: DecidePayload): Promise<DecisionView | RefusalView> {
  if (!actor.decides) return refusals.decidersOnly();
  const rubric = rubricOf(ctx, trust);
  const school = trust.schools.find((s) => s.id === payload.schoolId);
  if (!school) return { kind: 'refusal', message: `There is no school "${payload.schoolId}" in ${trust.name}.` };
  const windows = await ctx.store.listWindows();
  const window = windows.find((w) => w.id === payload.windowId);
  if (!window) return { kind: 'refusal', message: `There is no review window "${payload.windowId}".` };
  // Only the latest review that has opened is decided: an old card must not rewrite the present.
  const current = windows.filter((w) => w.state !== 'scheduled').at(-1);
  if (current && current.id !== window.id) {
    return { kind: 'refusal', message: `The ${windowRef(window).title} review is past: decisions are made on the ${windowRef(current).title} review. Type "/status ${school.name}" for where ${school.name} stands.` };
  }
  if (rubric.categories.length === 0) {
    return { kind: 'refusal', message: `The ${rubric.name} has no categories to decide: it reports each strand instead (see /status ${school.name}).` };
  }
  const record = await ctx.store.latestEvaluation(school.id, window.id);
  const evaluation = record?.evaluation as unknown as Evaluation | undefined;
  if (!evaluation?.category) return { kind: 'refusal', message: `${school.name} has no proposal to decide on in the ${windowRef(window).title} yet.` };

  const proposed = evaluation.category.id;
  let category = proposed;
  let rationale: string | undefined;
  if (payload.how === 'override') {
    if (!payload.category || !rubric.categories.some((c) => c.id === payload.category)) {
      return { kind: 'refusal', message: `To override, choose a category: ${rubric.categories.map((c) => c.name).join(', ')}${payload.category ? ` ("${payload.category}" is not one)` : ''}.` };
    }
    rationale = payload.rationale?.trim() ?? '';
    if (rationale.length < MIN_RATIONALE) {
      return { kind: 'refusal', message: 'An override needs a rationale of a sentence or so: it is kept with the decision and shown with the category.' };
    }
    category = payload.category;
  }
  const priorities = payload.priorities ?? [];
  if (priorities.length && !rubric.decisionRecordsPriorities) {
    return { kind: 'refusal', message: `The ${rubric.name} does not record priority areas with a decision.` };
  }
  const unknownAreas = priorities.filter((p) => !rubric.groups.some((g) => g.areas.some((a) => a.id === p)));
  if (unknownAreas.length) return { kind: 'refusal', message: `Unknown priority area${unknownAreas.length > 1 ? 's' : ''}: ${unknownAreas.join(', ')}.` };

  const previous = await previousCategory(ctx, school.id, window.id);
  const already = (await ctx.store.listDecisions({ schoolId: school.id, windowId: window.id })).at(-1);
  const kind = payload.how === 'confirm' ? 'confirmed' : 'overridden';
  // A second press of the same button records nothing new and posts nothing twice.
  if (already && already.category === category && already.kind === kind && (already.rationale ?? '') === (rationale ?? '')) {
    return decisionView(ctx, trust, rubric, school, window, already, evaluation);
  }
  const now = ctx.now().toISOString();
  const decision: Decision = {
    id: `${window.id}:${school.id}:${now}`,
    schoolId: school.id,
    windowId: window.id,
    category,
    proposed,
    previous,
    kind,
    ...(rationale ? { rationale } : {}),
    priorities,
    decidedBy: actor.person.id,
    decidedAt: now,
  };
  await ctx.store.addDecision(decision, {
    at: now, actor: actor.person.id, action: `decision.${kind}`, subject: `decision:${decision.id}`,
    detail: { school: school.id, window: window.id, proposed, category, previous, ...(rationale ? { rationale } : {}) },
  });
  const view = await decisionView(ctx, trust, rubric, school, window, decision, evaluation);
  await ctx.outbound.send({ to: { kind: 'leadership' }, view, idempotencyKey: `decision:${decision.id}` });
  return view;
}

export async function decisionView(
  ctx: ReviewContext, trust: Trust, rubric: Rubric, school: School, window: ReviewWindow, decision: Decision, evaluation: Evaluation,
): Promise<DecisionView> {
  const name = (id: string) => categoryName(rubric, id).toUpperCase();
  const { schedule, ics } = await supportSchedule(ctx, rubric, school, window, decision);
  const decider = trust.people.find((p) => p.id === decision.decidedBy);
  return {
    kind: 'decision',
    decisionId: decision.id,
    school: { id: school.id, name: school.name },
    window: windowRef(window),
    previous: decision.previous ? { id: decision.previous, name: categoryName(rubric, decision.previous) } : null,
    category: { id: decision.category, name: categoryName(rubric, decision.category) },
    headline: decision.previous ? `${school.name}: ${name(decision.previous)} → ${name(decision.category)}` : `${school.name}: ${name(decision.category)}`,
    how: decision.kind,
    decidedBy: decider ? decider.name : decision.decidedBy,
    rationale: decision.rationale ?? null,
    reasons: decision.kind === 'confirmed' || decision.category === evaluation.category?.id
      ? [evaluation.category?.reason ?? '', ...(evaluation.category?.facts ?? [])].filter(Boolean)
      : [`Proposed ${categoryName(rubric, decision.proposed ?? '')}: ${evaluation.category?.reason ?? ''}`, `Overridden: ${decision.rationale ?? ''}`],
    priorities: decision.priorities.map((id) => rubric.groups.flatMap((g) => g.areas).find((a) => a.id === id)?.name ?? id),
    schedule,
    ics,
  };
}
