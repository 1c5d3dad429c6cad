/**
 * A decided review is closed to changes: its answers are what the decision rests on. The
 * deciders can reopen it while its window is open; the head then changes and submits again, and
 * the new proposal is compared with the category in force (the decision just made).
 */
import { categoryName } from '../evaluator/explain.js';
import { StoreConflictError } from '../store/port.js';
import type { Decision, Submission, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { notifyUnreachable, sendToHeads } from './notify.js';
import { findSchool } from './schools.js';
import type { NoticeView, NotFoundView, RefusalView } from './views.js';
import { dayAndDate } from './time.js';
import { openWindowOf, windowRef } from './windows.js';

/**
 * The decision made on a submitted review's current proposal, if any: a decision names the
 * proposal it answers, so a review reopened and submitted again awaits a new one. A decision
 * kept before decisions named their proposal counts when it came after the submission.
 */
export async function decisionOn(ctx: ReviewContext, submission: Submission | null): Promise<Decision | null> {
  if (!submission || submission.state !== 'submitted' || !submission.submittedAt) return null;
  const decisions = await ctx.store.listDecisions({ schoolId: submission.schoolId, windowId: submission.windowId });
  if (decisions.length === 0) return null;
  const proposal = (await ctx.store.latestEvaluation(submission.schoolId, submission.windowId))?.id;
  const since = Date.parse(submission.submittedAt);
  return decisions.filter((d) => (d.proposalId ? d.proposalId === proposal : Date.parse(d.decidedAt) >= since)).at(-1) ?? null;
}

/** Why a decided review cannot be changed, in words for whoever tried. */
export function decidedMessage(ctx: ReviewContext, trust: Trust, schoolName: string, decision: Decision): string {
  const rubric = rubricOf(ctx, trust);
  const who = trust.people.find((p) => p.id === decision.decidedBy)?.name ?? decision.decidedBy;
  return `Leadership has decided this review (${categoryName(rubric, decision.category).toUpperCase()}, ${decision.kind} by ${who}), so its answers can no longer be changed. If something needs to change, ask the CEO or the Director of Education to reopen it with /review reopen ${schoolName}.`;
}

/** `/review reopen <school>`: a decider reopens a decided review in the open window; the head is told. */
export async function reopenReview(ctx: ReviewContext, actor: Actor, trust: Trust, query: string): Promise<NoticeView | RefusalView | NotFoundView> {
  if (!actor.decides) return { kind: 'refusal', message: 'Sorry, reopening a decided review is for the CEO or the Director of Education.' };
  const match = findSchool(trust.schools, query);
  if (match.kind !== 'found') return { kind: 'not_found', query, suggestions: (match.kind === 'ambiguous' ? match.schools : match.suggestions).map((s) => s.name) };
  const school = match.school;
  const window = await openWindowOf(ctx);
  if (!window) return { kind: 'refusal', message: `No review window is open, so ${school.name}'s review cannot be reopened: the head could not answer in it.` };
  const submission = await ctx.store.getSubmission(school.id, window.id);
  const decision = await decisionOn(ctx, submission);
  if (!submission || !decision) {
    return { kind: 'refusal', message: `${school.name}'s ${windowRef(window).title} is not decided${submission?.state === 'submitted' ? ' yet' : ': it has not been submitted'}, so there is nothing to reopen. The head can change answers until it is.` };
  }
  const now = ctx.now().toISOString();
  const { submittedAt: _at, submittedBy: _by, ...rest } = submission;
  const reopened: Submission = { ...rest, state: 'draft', version: submission.version + 1, updatedAt: now, updatedBy: actor.person.id };
  try {
    await ctx.store.saveSubmission(reopened, submission.version, { at: now, actor: actor.person.id, action: 'submission.reopened', subject: `submission:${submission.id}`, detail: { decision: decision.id } });
  } catch (e) {
    if (!(e instanceof StoreConflictError)) throw e;
    return { kind: 'refusal', message: `${school.name}'s review changed a moment ago; nothing was reopened. Try again.` };
  }
  const ref = windowRef(window);
  const result = await sendToHeads(ctx, trust, (head) => ({
    idempotencyKey: `reopened:${submission.id}:v${reopened.version}:${head.id}`,
    view: {
      kind: 'notice',
      title: `${ref.title}: ${school.name} reopened`,
      lines: [`${actor.person.name} reopened your review so its answers can be changed. Submit it again by ${dayAndDate(window.closesOn)}; leadership then decides on the new proposal.`],
      action: { title: 'Carry on', verb: 'review.start', data: { schoolId: school.id, windowId: window.id } },
    },
  }), [school]);
  await notifyUnreachable(ctx, result.unreachable, `telling ${school.name} its review was reopened`);
  return {
    kind: 'notice',
    title: `${school.name}: review reopened`,
    lines: [`The head can change answers and submit again until ${dayAndDate(window.closesOn)}. The decision made stays in force until the next one.`],
    action: null,
  };
}
