/**
 * Leadership's decision: confirm the proposal or override it with a rationale that is kept.
 * The decision, not the proposal, becomes the school's category; the "category changed"
 * post and the support schedule follow it (DOMAIN.md decision 5).
 */
import { priorityChoices } from './submit.js';
import { categoryName, levelName } from '../evaluator/explain.js';
import type { Evaluation } from '../evaluator/types.js';
import type { Rubric } from '../rubric/schema.js';
import { StoreRecordError } from '../store/port.js';
import type { Decision, EvaluationRecord, ReviewWindow, School, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import { refusals } from './actor.js';
import { supportSchedule } from './calendar-file.js';
import type { ReviewContext } from './context.js';
import { categoryInForce, rubricOf } from './lookups.js';
import { tellHeads } from './outcome.js';
import type { DecisionView, OverrideFormView, RefusalView } from './views.js';
import { decisionPeerLines } from './peers.js';
import { windowRef } from './windows.js';

/** An override must say why in more than a word or two: it is what the board will read. */
export const MIN_RATIONALE = 10;

export interface DecidePayload {
  schoolId: string;
  windowId: string;
  /** The proposal the decision answers (its evaluation id), as the proposal card carries it. */
  proposalId?: string;
  how: 'confirm' | 'override';
  /** Required to override. */
  category?: string;
  rationale?: string;
  priorities?: string[];
}

/** The proposal a decision may answer: the school's newest, in its newest reviewed window. */
export interface OpenProposal {
  school: School;
  window: ReviewWindow;
  record: EvaluationRecord;
  evaluation: Evaluation;
}

/**
 * Finds the proposal a card names and checks it is still the open one: the newest evaluation of
 * the school's review in that window, with no later window reviewed or decided for the school.
 */
export async function openProposal(ctx: ReviewContext, trust: Trust, payload: { schoolId: string; windowId: string; proposalId?: string }): Promise<OpenProposal | RefusalView> {
  const school = trust.schools.find((s) => s.id === payload.schoolId);
  if (!school) return { kind: 'refusal', message: `There is no school "${payload.schoolId}" in ${trust.name}.` };
  const windows = await ctx.store.listWindows();
  const window = windows.find((w) => w.id === payload.windowId);
  if (!window) return { kind: 'refusal', message: `There is no review window "${payload.windowId}".` };
  const title = windowRef(window).title;
  // A later window with a submission or a decision for this school makes this one the past.
  const reviewed = new Set([
    ...(await ctx.store.listSubmissions({ schoolId: school.id })).map((s) => s.windowId),
    ...(await ctx.store.listDecisions({ schoolId: school.id })).map((d) => d.windowId),
  ]);
  const later = windows.filter((w) => w.opensOn > window.opensOn && reviewed.has(w.id)).at(-1);
  if (later) {
    return { kind: 'refusal', message: `The ${title} is past: ${school.name} has been reviewed since, in the ${windowRef(later).title}. Nothing was recorded; decide on that review's proposal.` };
  }
  const record = await ctx.store.latestEvaluation(school.id, window.id);
  const evaluation = record?.evaluation;
  if (!record || !evaluation?.category) return { kind: 'refusal', message: `${school.name} has no proposal to decide on in the ${title} yet.` };
  if (!payload.proposalId) {
    return { kind: 'refusal', message: `This card does not say which proposal it answers, so nothing was recorded. Type /status ${school.name} and decide on the newest proposal.` };
  }
  if (payload.proposalId !== record.id) {
    return { kind: 'refusal', message: `That proposal for ${school.name} is no longer the open one: the review changed after it was sent. Nothing was recorded; decide on the newest proposal card (${evaluation.category.name.toUpperCase()} proposed).` };
  }
  return { school, window, record, evaluation };
}

/** `inLeadershipChannel`: pressed on the proposal in leadership's channel, where the answer replaces the card: not posted again. */
export async function decide(ctx: ReviewContext, actor: Actor, trust: Trust, payload: DecidePayload, inLeadershipChannel = false): Promise<DecisionView | RefusalView> {
  if (!actor.decides) return refusals.decidersOnly();
  const rubric = rubricOf(ctx, trust);
  if (rubric.categories.length === 0) {
    const school = trust.schools.find((s) => s.id === payload.schoolId);
    return { kind: 'refusal', message: `The ${rubric.name} has no categories to decide: it reports each strand instead${school ? ` (see /status ${school.name})` : ''}.` };
  }
  const open = await openProposal(ctx, trust, payload);
  if ('kind' in open) return open;
  const { school, window, record, evaluation } = open;

  const proposed = evaluation.category!.id;
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

  const kind = payload.how === 'confirm' ? 'confirmed' : 'overridden';
  // One decision per proposal: its id is the proposal's, so the store refuses a second one
  // atomically, however many presses (retries, two deciders at once) race for it.
  const id = record.id;
  const existing = (await ctx.store.listDecisions({ schoolId: school.id, windowId: window.id })).find((d) => d.id === id);
  if (existing) return alreadyDecided(ctx, trust, rubric, open, existing, { kind, category, rationale });

  const now = ctx.now().toISOString();
  const decision: Decision = {
    id,
    schoolId: school.id,
    windowId: window.id,
    category,
    proposed,
    proposalId: record.id,
    previous: await categoryInForce(ctx, school.id),
    kind,
    ...(rationale ? { rationale } : {}),
    priorities,
    // The levels agreed at moderation are kept with the decision they led to.
    ...(record?.agreed && Object.keys(record.agreed).length ? { agreed: record.agreed } : {}),
    decidedBy: actor.person.id,
    decidedAt: now,
  };
  try {
    await ctx.store.addDecision(decision, {
      at: now, actor: actor.person.id, action: `decision.${kind}`, subject: `decision:${decision.id}`,
      detail: { school: school.id, window: window.id, proposal: record.id, proposed, category, previous: decision.previous, ...(rationale ? { rationale } : {}), ...(decision.agreed ? { agreed: decision.agreed } : {}) },
    });
  } catch (e) {
    if (!(e instanceof StoreRecordError)) throw e;
    // Lost the race: someone recorded a decision on this proposal a moment ago.
    const won = (await ctx.store.listDecisions({ schoolId: school.id, windowId: window.id })).find((d) => d.id === id);
    if (!won) throw e;
    return alreadyDecided(ctx, trust, rubric, open, won, { kind, category, rationale });
  }
  const view = await decisionView(ctx, trust, rubric, school, window, decision, evaluation);
  await ctx.outbound.send({ to: { kind: 'leadership' }, view, idempotencyKey: `decision:${decision.id}`, ...(inLeadershipChannel ? { shownInReply: true } : {}) });
  await tellHeads(ctx, trust, rubric, school, window, decision, view);
  return view;
}

/** The override form for a proposal, drawn only for a decider and only while the proposal is open. */
export async function overrideForm(ctx: ReviewContext, actor: Actor, trust: Trust, payload: { schoolId: string; windowId: string; proposalId?: string }): Promise<OverrideFormView | RefusalView> {
  if (!actor.decides) return refusals.decidersOnly();
  const rubric = rubricOf(ctx, trust);
  const open = await openProposal(ctx, trust, payload);
  if ('kind' in open) return open;
  const category = open.evaluation.category!;
  return {
    kind: 'override',
    proposalId: open.record.id,
    school: { id: open.school.id, name: open.school.name },
    window: { id: open.window.id, title: windowRef(open.window).title },
    proposed: { id: category.id, name: category.name },
    // Overriding means choosing another category: the proposed one is Confirm's.
    categories: rubric.categories.filter((c) => c.id !== category.id).map((c) => ({ value: c.id, title: c.name })),
    priorityChoices: priorityChoices(rubric, open.evaluation),
    minRationale: MIN_RATIONALE,
  };
}

/**
 * A proposal already decided: the same decision again (a second press, a retry) gets the first
 * one's card and posts nothing; a different one is refused with who decided what.
 */
async function alreadyDecided(
  ctx: ReviewContext, trust: Trust, rubric: Rubric, open: OpenProposal, decision: Decision,
  asked: { kind: Decision['kind']; category: string; rationale: string | undefined },
): Promise<DecisionView | RefusalView> {
  if (decision.kind === asked.kind && decision.category === asked.category && (decision.rationale ?? '') === (asked.rationale ?? '')) {
    return decisionView(ctx, trust, rubric, open.school, open.window, decision, open.evaluation);
  }
  const who = trust.people.find((p) => p.id === decision.decidedBy)?.name ?? decision.decidedBy;
  return {
    kind: 'refusal',
    message: `${who} has already ${decision.kind} ${categoryName(rubric, decision.category).toUpperCase()} for ${open.school.name} on this proposal, so nothing was recorded. To decide again, reopen the review with /review reopen ${open.school.name}.`,
  };
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
    headline: decision.previous && decision.previous !== decision.category ? `${school.name}: ${name(decision.previous)} → ${name(decision.category)}`
      : decision.previous ? `${school.name}: ${name(decision.category)} (unchanged)` : `${school.name}: ${name(decision.category)}`,
    how: decision.kind,
    decidedBy: decider ? decider.name : decision.decidedBy,
    rationale: decision.rationale ?? null,
    reasons: [
      ...(decision.kind === 'confirmed' || decision.category === evaluation.category?.id
        ? [evaluation.category?.reason ?? '', ...(evaluation.category?.facts ?? [])].filter(Boolean)
        : [`Proposed ${categoryName(rubric, decision.proposed ?? '')}: ${evaluation.category?.reason ?? ''}`, `Overridden: ${decision.rationale ?? ''}`]),
      ...agreedLines(trust, rubric, decision),
    ],
    priorities: decision.priorities.map((id) => rubric.groups.flatMap((g) => g.areas).find((a) => a.id === id)?.name ?? id),
    schedule,
    ics,
    peers: await decisionPeerLines(ctx, trust, rubric, school, decision),
  };
}

/** "Agreed at moderation: Attendance at Not yet assured, by Director of Education: <why>". */
function agreedLines(trust: Trust, rubric: Rubric, decision: Decision): string[] {
  return Object.entries(decision.agreed ?? {}).map(([areaId, a]) => {
    const area = rubric.groups.flatMap((g) => g.areas).find((x) => x.id === areaId);
    const level = area ? levelName(rubric, area.scale, a.level) : a.level;
    const who = trust.people.find((p) => p.id === a.by)?.name ?? a.by;
    return `Agreed at moderation: ${area?.name ?? areaId} at ${level}, by ${who}: ${a.reason}`;
  });
}
