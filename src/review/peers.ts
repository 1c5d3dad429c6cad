/**
 * School-to-school support as leadership reads it: for each school's weak areas, peers that
 * have been strong in them over recent reviews. Reads only: suggestions change nothing.
 */
import type { Evaluation } from '../evaluator/types.js';
import { suggestPeers, type PastReview, type PeerSchool, type PeerSuggestion } from '../peers/match.js';
import type { Decision, ReviewWindow, School, Trust } from '../store/records.js';
import { refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { findSchool } from './schools.js';
import type { NotFoundView, RefusalView } from './views.js';
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
        levels: levelsOf(record.evaluation as unknown as Evaluation),
        category: decision.category,
      });
    }
    reviews.set(school.id, list);
  }
  return reviews;
}

/** Where a school stands now: its newest evaluation (a proposal awaiting a decision counts). */
async function currentLevels(ctx: ReviewContext, schoolId: string, windows: readonly ReviewWindow[]): Promise<Record<string, string> | null> {
  for (const window of [...windows].reverse()) {
    const record = await ctx.store.latestEvaluation(schoolId, window.id);
    if (record) return levelsOf(record.evaluation as unknown as Evaluation);
  }
  return null;
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
    const wanted = query.area.trim().toLowerCase();
    const areas = rubric.groups.flatMap((g) => g.areas);
    const area = areas.find((a) => a.id === wanted || a.name.toLowerCase() === wanted) ?? areas.find((a) => a.name.toLowerCase().includes(wanted));
    if (!area) return { kind: 'not_found', query: query.area, suggestions: areas.map((a) => a.name) };
    areaIds = [area.id];
  }

  const windows = await ctx.store.listWindows();
  const reviews = await pastReviews(ctx, trust, windows);
  const peers: PeerSchool[] = trust.schools.map((s) => ({
    id: s.id, name: s.name, phases: phasesOf(s), reviews: reviews.get(s.id) ?? [],
    // Confirmed pairings are not recorded yet (suggestions only), so no school is supporting another.
    supporting: 0,
  }));
  const suggestions: PeerSuggestion[] = [];
  for (const school of targets) {
    const levels = await currentLevels(ctx, school.id, windows);
    if (!levels) continue;
    suggestions.push(...suggestPeers(rubric, { id: school.id, name: school.name, phases: phasesOf(school), levels }, peers, { areaIds }));
  }
  return {
    kind: 'peers',
    trustName: trust.name,
    school: query.school && targets[0] ? { id: targets[0].id, name: targets[0].name } : null,
    suggestions,
  };
}
