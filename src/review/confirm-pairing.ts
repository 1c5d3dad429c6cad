/**
 * Leadership confirms a school-to-school pairing on a school's decision (a suggested peer for a
 * weak area); the supporting school's head is asked, and answers Confirm or Not now. The pairing
 * is kept with the decision and ends at the school's next decision (DOMAIN.md decision 10).
 */
import { z } from 'zod';
import type { Evaluation } from '../evaluator/types.js';
import { DEFAULT_PEER_SUPPORT } from '../rubric/peer-support.js';
import { StoreConflictError } from '../store/port.js';
import type { Decision, Pairing, School, Trust } from '../store/records.js';
import { refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { decisionView } from './decide.js';
import { rubricOf } from './lookups.js';
import { notifyUnreachable, sendToHeads } from './notify.js';
import { areaNameOf, answerWords, pairingsInForce, supportingCounts } from './pairings.js';
import { decisionPeerLines, suggestionsFor } from './peers.js';
import type { DecisionView, NoticeView, PairingRequestView, RefusalView } from './views.js';

/**
 * What pairs a weak area with a peer: a "Pair with …" button names both; the list of every
 * suggestion on the decision post sends the one chosen as `pairWith` (see pairChoice).
 */
export const ConfirmPairingInput = z.object({
  decisionId: z.string().min(1),
  area: z.string().min(1).optional(),
  peerSchoolId: z.string().min(1).optional(),
  pairWith: z.string().optional(),
});
export type ConfirmPairingPayload = z.infer<typeof ConfirmPairingInput>;

/** A choice of the decision post's list: "<area>/<peer school>" (an area id never holds a "/"). */
export const pairChoice = (area: string, peerSchoolId: string) => `${area}/${peerSchoolId}`;

function chosenPair(payload: ConfirmPairingPayload): { area: string; peerSchoolId: string } | RefusalView {
  if (payload.area && payload.peerSchoolId) return { area: payload.area, peerSchoolId: payload.peerSchoolId };
  const choice = payload.pairWith?.trim() ?? '';
  const slash = choice.indexOf('/');
  if (slash > 0 && slash < choice.length - 1) return { area: choice.slice(0, slash), peerSchoolId: choice.slice(slash + 1) };
  return refusal(choice
    ? `"${choice}" is not a choice of the list (an area and a peer), so nothing was recorded. Choose one from the decision post's list.`
    : 'Choose the weak area and the peer to pair it with from the list, then press Pair. Nothing was recorded.');
}

export interface AnswerPairingPayload {
  decisionId: string;
  area: string;
  answer: 'accepted' | 'declined';
}

const refusal = (message: string): RefusalView => ({ kind: 'refusal', message });

/** The decision named, when it is still its school's latest (a pairing is kept only on that one). */
async function latestDecision(ctx: ReviewContext, trust: Trust, decisionId: string): Promise<{ decision: Decision; school: School } | RefusalView> {
  const named = await ctx.store.getDecision(decisionId);
  if (!named) return refusal(`There is no decision "${decisionId}", so nothing was recorded.`);
  const latest = (await ctx.store.listDecisions({ schoolId: named.schoolId })).at(-1);
  if (latest?.id !== decisionId) {
    const name = trust.schools.find((s) => s.id === named.schoolId)?.name ?? named.schoolId;
    return refusal(`That decision is no longer ${name}'s latest: its pairings ended with the next decision. Nothing was recorded; pair from the latest decision post.`);
  }
  const school = trust.schools.find((s) => s.id === named.schoolId);
  if (!school) return refusal(`The school "${named.schoolId}" of that decision is no longer in ${trust.name}.`);
  return { decision: named, school };
}

/**
 * Keeps the pairing and asks the supporting school's head(s). The answer is the decision post
 * redrawn with the pairing on it, so the post stays in the channel and its other weak areas can
 * be paired in turn.
 */
export async function confirmPairing(ctx: ReviewContext, actor: Actor, trust: Trust, asked: ConfirmPairingPayload): Promise<DecisionView | RefusalView> {
  if (!actor.decides) return refusal('Sorry, confirming a school-to-school pairing is for the CEO or the Director of Education.');
  const pair = chosenPair(asked);
  if ('kind' in pair) return pair;
  const payload = { decisionId: asked.decisionId, ...pair };
  const rubric = rubricOf(ctx, trust);
  const found = await latestDecision(ctx, trust, payload.decisionId);
  if ('kind' in found) return found;
  const { decision, school } = found;
  const peer = trust.schools.find((s) => s.id === payload.peerSchoolId);
  if (!peer) return refusal(`There is no school "${payload.peerSchoolId}" in ${trust.name} to pair with ${school.name}.`);
  if (!rubric.groups.some((g) => g.areas.some((a) => a.id === payload.area))) return refusal(`The ${rubric.name} has no area "${payload.area}".`);
  const areaName = areaNameOf(rubric, payload.area);

  const existing = (await ctx.store.listPairings({ decisionIds: [decision.id] })).find((p) => p.area === payload.area);
  if (existing && existing.answer !== 'declined') {
    const kept = trust.schools.find((s) => s.id === existing.peerSchoolId)?.name ?? existing.peerSchoolId;
    if (existing.peerSchoolId === peer.id) return postWithPairings(ctx, trust, decision, school);
    return refusal(`${school.name} is already paired with ${kept} in ${areaName} on this decision, so nothing was recorded.`);
  }
  if (existing && existing.peerSchoolId === peer.id) {
    return refusal(`${peer.name}'s head said not now to supporting ${school.name} in ${areaName}, so nothing was recorded: choose another peer.`);
  }

  // The matcher's rules apply to a confirmation too: weak area, strong peer, supporter under its limit.
  const [suggestion] = await suggestionsFor(ctx, trust, [school], [payload.area]);
  if (!suggestion) return refusal(`${school.name} is not weak in ${areaName} in its latest review, so no peer was paired.`);
  if (!suggestion.peers.some((p) => p.school === peer.id)) {
    const limit = (rubric.peerSupport ?? DEFAULT_PEER_SUPPORT).maxSupported;
    const supporting = supportingCounts(await pairingsInForce(ctx)).get(peer.id) ?? 0;
    const why = supporting >= limit ? `${peer.name} already supports ${supporting} school${supporting === 1 ? '' : 's'} this term, the ${rubric.name}'s limit`
      : `${peer.name} is not a suggested peer for it (${suggestion.peers.length ? `suggested: ${suggestion.peers.map((p) => p.name).join(', ')}` : suggestion.none ?? 'no peer fits'})`;
    return refusal(`${peer.name} was not paired with ${school.name} in ${areaName}: ${why}.`);
  }

  const now = ctx.now().toISOString();
  const pairing: Pairing = {
    decisionId: decision.id, schoolId: school.id, windowId: decision.windowId, area: payload.area, peerSchoolId: peer.id,
    confirmedBy: actor.person.id, confirmedAt: now, answer: 'awaited',
  };
  try {
    await ctx.store.savePairing(pairing, {
      at: now, actor: actor.person.id, action: 'pairing.confirm', subject: `pairing:${decision.id}/${payload.area}`,
      detail: { school: school.id, area: payload.area, peer: peer.id },
    }, { answer: existing?.answer ?? null });
  } catch (e) {
    if (!(e instanceof StoreConflictError)) throw e;
    return refusal(`Someone paired ${school.name} in ${areaName} a moment ago, so nothing was recorded. See /status ${school.name}.`);
  }

  const who = actor.person.name;
  const { sent, unreachable } = await sendToHeads(ctx, trust, (head) => ({
    idempotencyKey: `pairing:${decision.id}:${payload.area}:${peer.id}:${head.id}`,
    view: pairingRequest(school, peer, areaName, suggestion.levelName, who, decision.id, payload.area),
  }), [peer]);
  await notifyUnreachable(ctx, unreachable, `asking ${peer.name} to support ${school.name}`);
  return postWithPairings(ctx, trust, decision, school, sent === 0 ? peer : null);
}

function pairingRequest(school: School, peer: School, areaName: string, levelName: string, who: string, decisionId: string, area: string): PairingRequestView {
  return {
    kind: 'pairing',
    school: { id: peer.id, name: peer.name },
    title: `Can ${peer.name} support ${school.name} in ${areaName}?`,
    lines: [
      `${who} has paired ${peer.name} with ${school.name}: ${school.name} is at ${levelName} in ${areaName}, where ${peer.name} has been strong over its recent reviews.`,
      `The pairing lasts until ${school.name}'s next decision. Confirm if you can take it on, or say not now.`,
    ],
    answerData: { decisionId, area },
  };
}

/** The decision post as it now stands; when no head of the peer could be messaged, it says so first. */
async function postWithPairings(ctx: ReviewContext, trust: Trust, decision: Decision, school: School, unreached: School | null = null): Promise<DecisionView> {
  const rubric = rubricOf(ctx, trust);
  const window = (await ctx.store.listWindows()).find((w) => w.id === decision.windowId)!;
  const record = (await ctx.store.latestEvaluation(school.id, decision.windowId))!;
  const view = await decisionView(ctx, trust, rubric, school, window, decision, record.evaluation as unknown as Evaluation);
  // Rare (a school with no head on the roster, or none reachable): its line says so, worked out again.
  return unreached ? { ...view, peers: await decisionPeerLines(ctx, trust, rubric, school, decision, { unreached: unreached.id }) } : view;
}

/** The supporting school's head answers Confirm (accepted) or Not now (declined); leadership is told. */
export async function answerPairing(ctx: ReviewContext, actor: Actor, trust: Trust, payload: AnswerPairingPayload): Promise<NoticeView | RefusalView> {
  const rubric = rubricOf(ctx, trust);
  const pairing = (await ctx.store.listPairings({ decisionIds: [payload.decisionId] })).find((p) => p.area === payload.area);
  if (!pairing) return refusal('There is no such pairing to answer, so nothing was recorded.');
  const school = trust.schools.find((s) => s.id === pairing.schoolId);
  const peer = trust.schools.find((s) => s.id === pairing.peerSchoolId);
  if (!school || !peer) return refusal(`A school of that pairing is no longer in ${trust.name}.`);
  if (!actor.roles.includes('head') || !actor.person.schoolIds.includes(peer.id)) return refusals.notYourSchool(actor, peer.name);
  const found = await latestDecision(ctx, trust, pairing.decisionId);
  if ('kind' in found) return refusal(`That pairing has ended: ${school.name} has had a decision since. Nothing was recorded.`);
  const areaName = areaNameOf(rubric, pairing.area);
  if (pairing.answer !== 'awaited') return answered(pairing, payload.answer, school, peer, areaName);

  const now = ctx.now().toISOString();
  const record: Pairing = { ...pairing, answer: payload.answer, answeredBy: actor.person.id, answeredAt: now };
  try {
    await ctx.store.savePairing(record, {
      at: now, actor: actor.person.id, action: `pairing.${payload.answer}`, subject: `pairing:${pairing.decisionId}/${pairing.area}`,
      detail: { school: school.id, area: pairing.area, peer: peer.id },
    }, { answer: 'awaited' });
  } catch (e) {
    if (!(e instanceof StoreConflictError)) throw e;
    const now2 = (await ctx.store.listPairings({ decisionIds: [payload.decisionId] })).find((p) => p.area === payload.area)!;
    return answered(now2, payload.answer, school, peer, areaName);
  }
  const said = payload.answer === 'accepted' ? 'will support' : 'cannot support, for now,';
  await ctx.outbound.send({
    to: { kind: 'leadership' },
    idempotencyKey: `pairing-answer:${pairing.decisionId}:${pairing.area}`,
    view: {
      kind: 'notice',
      title: `${peer.name} ${said} ${school.name} in ${areaName}`,
      lines: [`${actor.person.name} (${actor.person.title}, ${peer.name}) answered ${payload.answer === 'accepted' ? 'Confirm' : 'Not now'}.`,
        ...(payload.answer === 'declined' ? [`Choose another peer from ${school.name}'s decision post, or type /peers ${areaName}.`] : [])],
      action: { title: `${school.name}'s status`, verb: 'status.show', data: { schoolId: school.id } },
    },
  });
  return {
    kind: 'notice',
    title: payload.answer === 'accepted' ? `Thank you: ${peer.name} supports ${school.name} in ${areaName}` : `Noted: not now`,
    lines: [payload.answer === 'accepted'
      ? `The pairing lasts until ${school.name}'s next decision. Leadership has been told.`
      : `${peer.name} will not support ${school.name} in ${areaName} this time. Leadership has been told.`],
    action: null,
  };
}

/** Answered already: the same answer again (a second press) gets its notice; another is refused. */
function answered(pairing: Pairing, asked: AnswerPairingPayload['answer'], school: School, peer: School, areaName: string): NoticeView | RefusalView {
  if (pairing.answer === asked) {
    return { kind: 'notice', title: `Already answered: ${peer.name} and ${school.name} in ${areaName}`, lines: [`${answerWords(pairing, peer.name)}.`], action: null };
  }
  return refusal(`${answerWords(pairing, peer.name)} to supporting ${school.name} in ${areaName}, so nothing was changed. Ask leadership to pair again if that has changed.`);
}
