/**
 * Submitting a review: the evaluator runs, the evaluation is kept, and leadership gets the
 * proposal with its reasons and flags. When central leads' lines are still to come, leadership
 * is told what the proposal waits on, and it follows once they are in.
 */
import { peerSuggestionLines } from './peers.js';
import { evaluate } from '../evaluator/evaluate.js';
import { categoryName, describeChange, levelName, shareLevelName, shareWords } from '../evaluator/explain.js';
import type { Evaluation } from '../evaluator/types.js';
import { StoreConflictError } from '../store/port.js';
import type { Submission } from '../store/records.js';
import type { Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { categoryInForce } from './lookups.js';
import { agreedLevels, evaluationOptions } from './evaluation-input.js';
import { openSession, isAnswered, summaryView, type Session } from './questionnaire.js';
import type { Choice, ModerationLine, ProposalView, RefusalView, SummaryView } from './views.js';
import { modelOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import { windowRef } from './windows.js';
import { decidedMessage, decisionOn } from './reopen.js';
import type { Trust } from '../store/records.js';

export async function submitReview(
  ctx: ReviewContext, actor: Actor, trust: Trust, payload: { schoolId: string; windowId: string; version: number },
): Promise<SummaryView | RefusalView> {
  const session = await openSession(ctx, actor, trust, payload.schoolId);
  if ('kind' in session) return session;
  if (!actor.person.schoolIds.includes(session.school.id)) {
    return { kind: 'refusal', message: `The head of ${session.school.name} submits its review; your lines are saved as you answer them.` };
  }
  const submission = session.submission;
  if (!submission || session.window.id !== payload.windowId) return { kind: 'refusal', message: 'There is nothing to submit yet: type "review" to start.' };
  if (submission.version !== payload.version) return summaryView(ctx, session, 'These answers changed since this card was drawn; please check the summary and submit again.');
  const open = session.steps.filter((s) => !isAnswered(session.rubric, submission.answers, s));
  if (open.length) return summaryView(ctx, session, `Not submitted: please finish ${open.map((s) => `"${s.title}"`).join(', ')} first.`);
  const decided = await decisionOn(ctx, submission);
  if (decided) return summaryView(ctx, session, decidedMessage(ctx, trust, session.school.name, decided), true);
  if (submission.state === 'submitted') return summaryView(ctx, session, 'Already submitted. You can still change answers until the window closes.');

  const now = ctx.now().toISOString();
  const submitted: Submission = { ...submission, state: 'submitted', version: submission.version + 1, submittedAt: now, submittedBy: actor.person.id, updatedAt: now, updatedBy: actor.person.id };
  try {
    await ctx.store.saveSubmission(submitted, submission.version, { at: now, actor: actor.person.id, action: 'submission.submitted', subject: `submission:${submitted.id}`, detail: { version: submitted.version } });
  } catch (e) {
    if (!(e instanceof StoreConflictError)) throw e;
    return summaryView(ctx, { ...session, submission: await ctx.store.getSubmission(session.school.id, session.window.id) }, 'Someone else saved this review a moment ago; please check the summary and submit again.');
  }
  await evaluateAndPropose(ctx, { ...session, submission: submitted }, submitted);
  return summaryView(ctx, { ...session, submission: submitted }, 'Submitted. Leadership has the proposed outcome; you can still change answers until the window closes.');
}

/**
 * Runs the evaluator on a submitted review, keeps the evaluation, and tells leadership:
 * the proposal when one is settled, else what it waits on. Keys carry the version so a
 * changed submission is proposed afresh and an unchanged one never twice.
 */
export async function evaluateAndPropose(ctx: ReviewContext, session: Session, submission: Submission): Promise<Evaluation | null> {
  if (submission.state !== 'submitted') return null;
  const previous = await categoryInForce(ctx, session.school.id);
  // Levels agreed at moderation in this window stay agreed when the head changes an answer.
  const agreed = await agreedLevels(ctx, session.school.id, session.window.id);
  const evaluation = evaluate(session.rubric, submission.answers, evaluationOptions(ctx, session.trust, session.school, previous, agreed));
  const at = ctx.now().toISOString();
  await ctx.store.addEvaluation(
    {
      id: `${submission.id}:v${submission.version}`, submissionId: submission.id, schoolId: submission.schoolId, windowId: submission.windowId, at,
      evaluation, ...(Object.keys(agreed).length ? { agreed } : {}),
    },
    { at, actor: 'system', action: 'evaluation.made', subject: `submission:${submission.id}`, detail: { version: submission.version, category: evaluation.category?.id ?? null, rule: evaluation.category?.rule ?? null } },
  );
  const trust = session.trust;
  const submitter = trust.people.find((p) => p.id === submission.submittedBy)?.name ?? submission.submittedBy ?? 'the head';
  if (session.rubric.categories.length === 0) {
    // Frameworks without categories (CAT) report each strand instead of proposing.
    await ctx.outbound.send({
      to: { kind: 'leadership' },
      idempotencyKey: `report:${submission.id}:v${submission.version}`,
      view: {
        kind: 'notice',
        title: `${session.school.name} submitted the ${windowRef(session.window).title}`,
        lines: [
          ...Object.values(evaluation.groups).filter((g) => g.share).map((g) => `${g.name}: ${shareWords(g.share!)} at ${shareLevelName(session.rubric, g)}`),
          ...evaluation.flags.map((f) => f.message),
        ],
        action: null,
      },
    });
    return evaluation;
  }
  if (!evaluation.category) {
    await ctx.outbound.send({
      to: { kind: 'leadership' },
      // One per submission: central leads adding their lines afterwards do not post it again.
      idempotencyKey: `waiting:${submission.id}:${submission.submittedAt ?? submission.version}`,
      view: {
        kind: 'notice',
        title: `${session.school.name} submitted: proposal waiting`,
        lines: [
          `${submitter} submitted the ${windowRef(session.window).title}.`, evaluation.undetermined?.reason ?? '',
          `Still to come: ${evaluation.undetermined?.waitingOn.join(', ') ?? evaluation.missing.map((m) => m.name).join(', ')}.`,
          // Context facts are leadership's to record, not the head's.
          evaluation.undetermined?.waitingOn.some((w) => w.endsWith('(school context)')) ? `Record it with /context ${session.school.name} <question> <answer>.` : '',
        ].filter(Boolean),
        action: null,
      },
    });
    return evaluation;
  }
  const peers = await peerSuggestionLines(ctx, trust, session.school);
  await ctx.outbound.send({ to: { kind: 'leadership' }, idempotencyKey: `proposal:${submission.id}:v${submission.version}`, view: { ...proposalView(session, evaluation, previous, submitter, `${submission.id}:v${submission.version}`), peers } });
  return evaluation;
}

export function proposalView(session: Session, evaluation: Evaluation, previous: string | null, submittedBy: string, proposalId: string): ProposalView {
  const { rubric } = session;
  const category = evaluation.category!;
  return {
    kind: 'proposal',
    proposalId,
    school: { id: session.school.id, name: session.school.name },
    window: windowRef(session.window),
    submittedBy,
    category: { id: category.id, name: category.name },
    previous: previous ? { id: previous, name: categoryName(rubric, previous) } : null,
    change: evaluation.change ? describeChange(rubric, evaluation.change) : '',
    reason: category.reason,
    facts: category.facts,
    flags: evaluation.flags.map((f) => f.message),
    rule: category.rule,
    basis: category.provenance?.line ?? '',
    lines: moderationLines(rubric, evaluation),
    recommendations: (evaluation.recommendations ?? []).flatMap((r) => r.items.map((item) => `${r.strand}: ${item}`)),
    moderation: moderationChoices(rubric, evaluation),
    categories: rubric.categories.map((c) => ({ value: c.id, title: c.name })),
    priorityChoices: priorityChoices(rubric, evaluation),
  };
}

/** Lines worth a moderator's eye: a flag (self-rating and evidence differ) or a level already agreed. */
export function moderationLines(rubric: Rubric, evaluation: Evaluation): ModerationLine[] {
  const flagged = new Set(evaluation.flags.map((f) => f.area));
  const model = modelOf(rubric);
  return Object.values(evaluation.areas)
    .filter((a) => flagged.has(a.id) || a.source === 'agreed')
    .map((a) => {
      const scale = model.areas.get(a.id)!.area.scale;
      const name = (id: string | null | undefined) => (id ? levelName(rubric, scale, id) : '—');
      const who = a.agreed?.byName ? ` (${a.agreed.byName}${a.agreed.reason ? `: ${a.agreed.reason}` : ''})` : '';
      return {
        area: a.id,
        name: a.name,
        self: name(a.selfRating),
        evidence: a.evidence ? `${name(a.evidence.level)}${a.evidence.complete ? '' : ' so far'}` : '—',
        agreed: a.agreed ? `${name(a.agreed.level)}${who}` : '—',
        used: a.source === 'agreed' ? 'agreed' : a.source === 'evidence' ? 'evidence' : a.source === 'self_rated' ? 'self-rating' : 'none',
      };
    });
}

/** Every line that applies to the school, flagged ones first, and the levels of their scales. */
export function moderationChoices(rubric: Rubric, evaluation: Evaluation): { areas: Choice[]; levels: Choice[] } {
  const flagged = new Set(evaluation.flags.map((f) => f.area));
  const applicable = Object.values(evaluation.areas).filter((a) => a.source !== 'not_applicable');
  const ordered = [...applicable.filter((a) => flagged.has(a.id)), ...applicable.filter((a) => !flagged.has(a.id))];
  const scales = [...new Set(ordered.map((a) => modelOf(rubric).areas.get(a.id)!.area.scale))];
  const levels = scales.flatMap((id) => rubric.scales.find((s) => s.id === id)!.levels.map((l) => ({ value: l.id, title: scales.length > 1 ? `${l.name} (${rubric.scales.find((s) => s.id === id)!.name})` : l.name })));
  return { areas: ordered.map((a) => ({ value: a.id, title: a.name })), levels };
}

/** The areas offered as priorities with a decision, where the rubric records them; an area that does not apply to the school (no early years) is not one. */
export function priorityChoices(rubric: Rubric, evaluation: Evaluation): Choice[] | null {
  return rubric.decisionRecordsPriorities
    ? rubric.groups.flatMap((g) => g.areas).filter((a) => evaluation.areas[a.id]?.source !== 'not_applicable').map((a) => ({ value: a.id, title: a.name }))
    : null;
}
