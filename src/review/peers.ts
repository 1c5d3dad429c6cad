/**
 * School-to-school support as leadership reads it: for each school's weak areas, peers that
 * have been strong in them over recent reviews. Reads only: suggestions change nothing.
 */
import type { Evaluation } from '../evaluator/types.js';
import { levelName } from '../evaluator/explain.js';
import { streak, suggestPeers, type PastReview, type PeerSchool, type PeerSuggestion } from '../peers/match.js';
import { modelOf, scaleOf } from '../rubric/model.js';
import type { Area, Condition, Rubric } from '../rubric/schema.js';
import { readableDate } from '../calendar/readable.js';
import type { Decision, Pairing, ReviewWindow, School, Trust } from '../store/records.js';
import { refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { answerWords, areaNameOf, pairingsInForce, supportingCounts } from './pairings.js';
import { findSchool } from './schools.js';
import { londonDate } from './time.js';
import type { NoticeView, NotFoundView, PeerSupportLine, RefusalView } from './views.js';
import { windowRef } from './windows.js';

export interface PeersView {
  kind: 'peers';
  trustName: string;
  /** Null when every school was asked for. */
  school: { id: string; name: string } | null;
  suggestions: PeerSuggestion[];
}

/** The level each area was taken at in an evaluation; areas left out (not applicable, unrated) are absent. */
export function levelsOf(evaluation: Evaluation): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const area of Object.values(evaluation.areas)) if (area.level) levels[area.id] = area.level;
  return levels;
}

function titleOf(windows: readonly ReviewWindow[], id: string): string {
  const window = windows.find((w) => w.id === id);
  return window ? windowRef(window).title.replace(/ review$/, '') : id;
}

/** Each school's decided reviews, oldest first, with the levels behind each decision. */
async function pastReviews(ctx: ReviewContext, trust: Trust, windows: readonly ReviewWindow[]): Promise<Map<string, PastReview[]>> {
  const decisions = await ctx.store.listDecisions();
  const bySchool = new Map<string, Decision[]>();
  for (const d of decisions) bySchool.set(d.schoolId, [...(bySchool.get(d.schoolId) ?? []), d]);
  const reviews = new Map<string, PastReview[]>();
  for (const school of trust.schools) {
    const list: PastReview[] = [];
    for (const decision of bySchool.get(school.id) ?? []) {
      const record = await ctx.store.latestEvaluation(school.id, decision.windowId);
      if (!record) continue;
      list.push({
        windowId: decision.windowId,
        windowTitle: titleOf(windows, decision.windowId),
        levels: levelsOf(record.evaluation),
        category: decision.category,
      });
    }
    reviews.set(school.id, list);
  }
  return reviews;
}

/** Where a school stands now: its newest evaluation (a proposal awaiting a decision counts). */
async function currentEvaluation(ctx: ReviewContext, schoolId: string, windows: readonly ReviewWindow[]): Promise<Evaluation | null> {
  for (const window of [...windows].reverse()) {
    const record = await ctx.store.latestEvaluation(schoolId, window.id);
    if (record) return record.evaluation;
  }
  return null;
}

/** The areas a rule's condition reads, by name or by their group. */
function areasRead(rubric: Rubric, c: Condition): string[] {
  if ('all' in c) return c.all.flatMap((x) => areasRead(rubric, x));
  if ('any' in c) return c.any.flatMap((x) => areasRead(rubric, x));
  if ('of' in c) return c.of.flatMap((x) => areasRead(rubric, x));
  if ('not' in c) return areasRead(rubric, c.not);
  if ('area' in c) return [c.area];
  const counted = 'count' in c ? c.count : 'share' in c ? c.share : null;
  if (!counted) return [];
  return [...counted.areas ?? [], ...rubric.groups.filter((g) => counted.groups?.includes(g.id)).flatMap((g) => g.areas.map((a) => a.id))];
}

/**
 * The weak areas that matter most, first: those the proposed category rests on (a red line that
 * set it), then the priorities leadership agreed, then the rest in the rubric's order. So the few
 * suggestions a card shows, and its buttons, go to them.
 */
function mostNeededFirst(rubric: Rubric, suggestions: PeerSuggestion[], evaluation: Evaluation | null, priorities: readonly string[] = []): PeerSuggestion[] {
  const rule = rubric.rules.find((r) => r.id === evaluation?.category?.rule);
  const leading = [...(rule ? areasRead(rubric, rule.when) : []), ...priorities];
  const rank = (s: PeerSuggestion) => {
    const i = leading.indexOf(s.area);
    return i < 0 ? leading.length : i;
  };
  return suggestions.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
}

function phasesOf(school: School): readonly string[] | null {
  return school.phases ?? null;
}

/** Suggestions for one school (by name) or every school, optionally for one area (id or name). */
export async function peerSupport(
  ctx: ReviewContext, actor: Actor, trust: Trust, query: { school?: string; area?: string } = {},
): Promise<PeersView | NotFoundView | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('school-to-school support');
  const rubric = rubricOf(ctx, trust);
  let targets = trust.schools;
  if (query.school) {
    const match = findSchool(trust.schools, query.school);
    if (match.kind !== 'found') {
      return { kind: 'not_found', query: query.school, suggestions: (match.kind === 'ambiguous' ? match.schools : match.suggestions).map((s) => s.name) };
    }
    targets = [match.school];
  }
  let areaIds: string[] | undefined;
  if (query.area) {
    const area = areaOf(rubric, query.area);
    if ('kind' in area) return area;
    areaIds = [area.id];
  }
  return {
    kind: 'peers',
    trustName: trust.name,
    school: query.school && targets[0] ? { id: targets[0].id, name: targets[0].name } : null,
    suggestions: await suggestionsFor(ctx, trust, targets, areaIds),
  };
}

/**
 * Suggestions for the schools given (every weak area, or the areas named), with each peer's
 * pairings in force counted, so a supporter at the rubric's limit is not suggested. No permission
 * check: callers have made theirs (the decision post, a pairing being confirmed).
 */
export async function suggestionsFor(ctx: ReviewContext, trust: Trust, targets: readonly School[], areaIds?: readonly string[]): Promise<PeerSuggestion[]> {
  const rubric = rubricOf(ctx, trust);
  const windows = await ctx.store.listWindows();
  const reviews = await pastReviews(ctx, trust, windows);
  const supporting = supportingCounts(await pairingsInForce(ctx));
  const peers: PeerSchool[] = trust.schools.map((s) => ({
    id: s.id, name: s.name, phases: phasesOf(s), reviews: reviews.get(s.id) ?? [], supporting: supporting.get(s.id) ?? 0,
  }));
  const suggestions: PeerSuggestion[] = [];
  for (const school of targets) {
    const evaluation = await currentEvaluation(ctx, school.id, windows);
    if (!evaluation) continue;
    const levels = levelsOf(evaluation);
    suggestions.push(...suggestPeers(rubric, { id: school.id, name: school.name, phases: phasesOf(school), levels }, peers, { areaIds }));
  }
  return suggestions;
}

/** An area by id or name (a part of a name will do), or the names to choose from. */
function areaOf(rubric: Rubric, query: string): Area | NotFoundView {
  const wanted = query.trim().toLowerCase();
  const areas = rubric.groups.flatMap((g) => g.areas);
  const area = areas.find((a) => a.id === wanted || a.name.toLowerCase() === wanted) ?? areas.find((a) => a.name.toLowerCase().includes(wanted));
  return area ?? { kind: 'not_found', query, suggestions: areas.map((a) => a.name) };
}

/**
 * `/peers [area]`: who is strong in what across the trust (strong in their latest decided
 * reviews, with for how long), then each weak area's suggested peers. Leadership only; reads only.
 */
export async function peersNotice(ctx: ReviewContext, actor: Actor, trust: Trust, areaQuery?: string): Promise<NoticeView | NotFoundView | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('school-to-school support');
  const rubric = rubricOf(ctx, trust);
  const model = modelOf(rubric);
  const asked = areaQuery ? areaOf(rubric, areaQuery) : null;
  if (asked && 'kind' in asked) return asked;
  const areas = asked ? [asked] : rubric.groups.flatMap((g) => g.areas);
  const reviews = await pastReviews(ctx, trust, await ctx.store.listWindows());
  const suggestions = await suggestionsFor(ctx, trust, trust.schools, areas.map((a) => a.id));

  const lines: string[] = [];
  for (const area of areas) {
    const scale = scaleOf(model, area.scale);
    const strong = trust.schools.flatMap((school) => {
      const list = reviews.get(school.id) ?? [];
      const run = streak(list, area.id, scale);
      const level = list.at(-1)?.levels[area.id];
      return run > 0 && level ? [`${school.name} (${levelName(rubric, area.scale, level)}, ${run === 1 ? 'latest review' : `last ${run} reviews`})`] : [];
    });
    const weak = suggestions.filter((s) => s.area === area.id).map((s) => s.peers.length
      ? `${s.schoolName} is ${s.levelName}: suggested ${s.peers.map((p) => p.name).join(', ')}`
      : `${s.schoolName} is ${s.levelName}: ${s.none ?? 'no peer fits'}`);
    if (strong.length === 0 && weak.length === 0 && !asked) continue;
    lines.push(`${area.name}: ${strong.length ? `strong: ${strong.join('; ')}` : 'no school strong in its latest decided review'}.`);
    for (const w of weak) lines.push(`  ${w}`);
  }
  return {
    kind: 'notice',
    title: `School-to-school support${asked ? `: ${asked.name}` : ''} — ${trust.name}`,
    lines: lines.length ? lines : ['No school is strong or weak in any area in its latest decided review yet.'],
    action: null,
  };
}

/** One suggested peer in a line: "Behaviour (Intervention required) → Ethos College: Assured for its last 3 reviews". */
export function peerLineText(rubric: Rubric, suggestion: PeerSuggestion, peer: PeerSuggestion['peers'][number]): string {
  const scale = rubric.groups.flatMap((g) => g.areas).find((a) => a.id === suggestion.area)!.scale;
  const level = rubric.scales.find((x) => x.id === scale)?.levels.find((l) => l.id === peer.level)?.name ?? peer.level;
  return `${suggestion.areaName} (${suggestion.levelName}) → ${peer.name}: ${level} ${peer.reviews === 1 ? 'in its latest review' : `for its last ${peer.reviews} reviews`}`;
}

/** The peers suggested for a school's weak areas, one line each, most needed first, as the proposal card lists them before the decision. */
export async function peerSuggestionLines(ctx: ReviewContext, trust: Trust, school: School): Promise<string[]> {
  const rubric = rubricOf(ctx, trust);
  if (rubric.categories.length === 0) return [];
  const evaluation = await currentEvaluation(ctx, school.id, await ctx.store.listWindows());
  return mostNeededFirst(rubric, await suggestionsFor(ctx, trust, [school]), evaluation).flatMap((s) => s.peers.map((p) => peerLineText(rubric, s, p)));
}

/**
 * "Suggested peer support" on a decision post: each weak area's peers, each with what pairs it,
 * and the areas already paired on this decision with the supporting head's answer (a peer whose
 * head said not now is shown without a way to pair it again). The card chooses which get a
 * button of their own; every one can be paired from its list.
 */
export async function decisionPeerLines(
  ctx: ReviewContext, trust: Trust, rubric: Rubric, school: School, decision: Decision, options: { unreached?: string } = {},
): Promise<PeerSupportLine[]> {
  if (rubric.categories.length === 0) return [];
  const evaluation = await ctx.store.latestEvaluation(school.id, decision.windowId);
  const suggestions = mostNeededFirst(rubric, await suggestionsFor(ctx, trust, [school]), (evaluation?.evaluation as unknown as Evaluation | undefined) ?? null, decision.priorities);
  const pairings = await ctx.store.listPairings({ decisionIds: [decision.id] });
  const name = (id: string) => trust.schools.find((s) => s.id === id)?.name ?? id;
  const who = (id: string) => trust.people.find((p) => p.id === id)?.name ?? id;
  const paired = (p: Pairing, level: string | null): PeerSupportLine => ({
    text: `${areaNameOf(rubric, p.area)}${level ? ` (${level})` : ''} → paired with ${name(p.peerSchoolId)}: ${answerWords(p, name(p.peerSchoolId))}`,
    why: `Confirmed by ${who(p.confirmedBy)} on ${readableDate(londonDate(new Date(p.confirmedAt)), { year: true })}; in force until ${school.name}'s next decision.${
      options.unreached === p.peerSchoolId && p.answer === 'awaited' ? ` No head of ${name(p.peerSchoolId)} could be messaged: leadership has been told who.` : ''}`,
    confirm: null,
  });
  const lines: PeerSupportLine[] = [];
  for (const s of suggestions) {
    const pairing = pairings.find((p) => p.area === s.area);
    if (pairing && pairing.answer !== 'declined') {
      lines.push(paired(pairing, s.levelName));
      continue;
    }
    if (s.peers.length === 0) lines.push({ text: `${s.areaName} (${s.levelName}): no peer to suggest`, why: s.none ?? '', confirm: null });
    for (const p of s.peers) {
      const notNow = pairing?.peerSchoolId === p.school;
      lines.push({
        text: peerLineText(rubric, s, p),
        why: notNow ? `${p.why} ${answerWords(pairing, p.name)}: choose another peer.` : p.why,
        confirm: notNow ? null : { title: `Pair with ${p.name} (${s.areaName})`, data: { decisionId: decision.id, area: s.area, peerSchoolId: p.school } },
      });
    }
  }
  // A pairing whose area reads as weak no longer (a newer proposal awaits a decision) is still shown: it is in force.
  for (const p of pairings) {
    if (p.answer !== 'declined' && !suggestions.some((s) => s.area === p.area)) lines.push(paired(p, null));
  }
  return lines;
}
