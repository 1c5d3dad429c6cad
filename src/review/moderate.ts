/**
 * Moderation: before deciding, the Director of Education or the CEO agrees a line's level,
 * with a reason. The agreed level is what the category rules read from then on (DOMAIN.md
 * decision 3); the self-rating and the evidence are kept and shown beside it. The proposal is
 * recomputed and kept as a new evaluation carrying the agreed levels, with an audit entry.
 */
import { peerSuggestionLines } from './peers.js';
import { decisionOn } from './reopen.js';
import { parseAgreedLevel } from '../evaluator/answers.js';
import { evaluate } from '../evaluator/evaluate.js';
import { levelName } from '../evaluator/explain.js';
import { modelOf } from '../rubric/model.js';
import type { AgreedLevelRecord, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { MIN_RATIONALE, openProposal } from './decide.js';
import { evaluationOptions } from './evaluation-input.js';
import { categoryInForce, rubricOf } from './lookups.js';
import { proposalView } from './submit.js';
import type { NoticeView, ProposalView, RefusalView } from './views.js';
import { windowRef } from './windows.js';

export interface ModeratePayload {
  schoolId: string;
  windowId: string;
  /** The proposal the card showed: a level is agreed on that proposal only, never a newer one. */
  proposalId?: string;
  /** The area (line) whose level is agreed. */
  area?: string;
  level?: string;
  reason?: string;
}

export async function moderate(ctx: ReviewContext, actor: Actor, trust: Trust, payload: ModeratePayload): Promise<ProposalView | NoticeView | RefusalView> {
  if (!actor.decides) return { kind: 'refusal', message: 'Sorry, agreeing a line\'s level is for the CEO or the Director of Education.' };
  const rubric = rubricOf(ctx, trust);
  const school = trust.schools.find((s) => s.id === payload.schoolId);
  if (!school) return { kind: 'refusal', message: `There is no school "${payload.schoolId}" in ${trust.name}.` };
  const window = (await ctx.store.listWindows()).find((w) => w.id === payload.windowId);
  if (!window) return { kind: 'refusal', message: `There is no review window "${payload.windowId}".` };
  const submission = await ctx.store.getSubmission(school.id, window.id);
  const record = await ctx.store.latestEvaluation(school.id, window.id);
  if (!submission || submission.state !== 'submitted' || !record) {
    return { kind: 'refusal', message: `${school.name} has not submitted its ${windowRef(window).title} yet: there is nothing to moderate.` };
  }
  // Only the open proposal is moderated: not a past window's, and not one already decided.
  const open = await openProposal(ctx, trust, { schoolId: school.id, windowId: window.id, ...(payload.proposalId ? { proposalId: payload.proposalId } : {}) });
  if ('kind' in open) return open;
  if (await decisionOn(ctx, submission)) {
    return { kind: 'refusal', message: `${school.name}'s ${windowRef(window).title} is already decided: levels are agreed before deciding. To change it, reopen it with /review reopen ${school.name}.` };
  }
  const model = modelOf(rubric);
  const areaId = payload.area?.trim() ?? '';
  if (!areaId) return { kind: 'refusal', message: 'Choose the line whose level you agree, the level, and say why.' };
  if (!model.areas.has(areaId)) return { kind: 'refusal', message: `There is no line "${areaId}" in the ${rubric.name}.` };
  if (!payload.level?.trim()) return { kind: 'refusal', message: `Choose the level you agree for ${model.areas.get(areaId)!.area.name}.` };
  const level = parseAgreedLevel(rubric, areaId, payload.level.trim());
  if (!level.ok) return { kind: 'refusal', message: level.issues[0]!.message };
  const reason = payload.reason?.trim() ?? '';
  if (reason.length < MIN_RATIONALE) {
    return { kind: 'refusal', message: 'Say why in a sentence or so: the reason is kept with the agreed level and shown beside it.' };
  }
  const before = record.evaluation;
  const line = before.areas[areaId];
  if (line?.source === 'not_applicable') return { kind: 'refusal', message: `${model.areas.get(areaId)!.area.name} does not apply to ${school.name}: there is no level to agree.` };

  const at = ctx.now().toISOString();
  const agreed: Record<string, AgreedLevelRecord> = { ...(record.agreed ?? {}), [areaId]: { level: level.value, by: actor.person.id, reason, at } };
  const previous = await categoryInForce(ctx, school.id);
  const evaluation = evaluate(rubric, submission.answers, evaluationOptions(ctx, trust, school, previous, agreed));
  const scale = model.areas.get(areaId)!.area.scale;
  const name = (id: string | null | undefined) => (id ? levelName(rubric, scale, id) : 'none');
  const proposalId = `${submission.id}:v${submission.version}:agreed:${at}`;
  await ctx.store.addEvaluation(
    {
      id: proposalId, submissionId: submission.id, schoolId: school.id, windowId: window.id, at,
      evaluation, agreed,
    },
    {
      at, actor: actor.person.id, action: 'moderation.agreed', subject: `submission:${submission.id}`,
      detail: {
        school: school.id, window: window.id, area: areaId, level: level.value, reason,
        selfRating: line?.selfRating ?? null, evidence: line?.evidence?.level ?? null,
        proposedBefore: before.category?.id ?? null, proposedAfter: evaluation.category?.id ?? null,
      },
    },
  );
  const submitter = trust.people.find((p) => p.id === submission.submittedBy)?.name ?? submission.submittedBy ?? 'the head';
  const notice = `${actor.person.name} agreed ${model.areas.get(areaId)!.area.name} at ${name(level.value)} (self-rating ${name(line?.selfRating)}, evidence ${name(line?.evidence?.level)}).`;
  if (!evaluation.category) {
    return {
      kind: 'notice',
      title: `${school.name}: level agreed, proposal waiting`,
      lines: [notice, evaluation.undetermined?.reason ?? '', `Still to come: ${evaluation.undetermined?.waitingOn.join(', ') ?? ''}.`].filter(Boolean),
      action: null,
    };
  }
  const session = { trust, rubric, school, window, submission, steps: [] };
  return { ...proposalView(session, evaluation, previous, submitter, proposalId), peers: await peerSuggestionLines(ctx, trust, school), notice };
}
