/**
 * School-to-school support (DOMAIN.md decision 10): for each area where a school is weak,
 * peers in the same trust that have been strong in it over recent reviews. Pure: the reviews
 * are an argument; leadership confirms a pairing, this only suggests.
 */
import { modelOf, rankOf, scaleOf } from '../rubric/model.js';
import { DEFAULT_PEER_SUPPORT, type PeerSupport } from '../rubric/peer-support.js';
import type { Rubric, Scale } from '../rubric/schema.js';

/** One decided review of a school: the level each area was taken at, and the category decided. */
export interface PastReview {
  windowId: string;
  /** As people read it: "Autumn 2025". */
  windowTitle: string;
  levels: Readonly<Record<string, string>>;
  category: string | null;
}

export interface PeerSchool {
  id: string;
  name: string;
  /** The phases it has ("primary", "secondary"…); null when the trust has not said. */
  phases: readonly string[] | null;
  /** Oldest first. */
  reviews: readonly PastReview[];
  /** Schools it already supports this term (confirmed pairings in force). */
  supporting: number;
}

export interface PeerMatch {
  school: string;
  name: string;
  level: string;
  /** How many reviews in a row, up to the latest, the peer has been strong in the area. */
  reviews: number;
  why: string;
}

export interface PeerSuggestion {
  school: string;
  schoolName: string;
  area: string;
  areaName: string;
  level: string;
  levelName: string;
  peers: PeerMatch[];
  /** Set when no peer fits, saying why. */
  none: string | null;
}

/** The scale's worst level, or any level in its lower half (the middle of an odd scale is not). */
export function isWeak(scale: Scale, level: string): boolean {
  const rank = rankOf(scale, level);
  return rank === 0 || (rank >= 0 && rank < Math.floor(scale.levels.length / 2));
}

/** The scale's top level; on scales of five levels or more, the top two. */
export function isStrong(scale: Scale, level: string): boolean {
  const rank = rankOf(scale, level);
  const top = scale.levels.length - 1;
  return rank === top || (scale.levels.length >= 5 && rank === top - 1);
}

/** How many reviews in a row, up to the latest, a school has been strong in an area. */
export function streak(reviews: readonly PastReview[], areaId: string, scale: Scale): number {
  let n = 0;
  for (let i = reviews.length - 1; i >= 0; i--) {
    const level = reviews[i]!.levels[areaId];
    if (!level || !isStrong(scale, level)) break;
    n++;
  }
  return n;
}

/**
 * Suggestions for `school`, whose current levels are `levels` (the agreed level of each area,
 * areas that do not apply left out). `areaIds` narrows to some areas.
 */
export function suggestPeers(
  rubric: Rubric,
  school: { id: string; name: string; phases: readonly string[] | null; levels: Readonly<Record<string, string>> },
  schools: readonly PeerSchool[],
  options: { areaIds?: readonly string[] } = {},
): PeerSuggestion[] {
  const model = modelOf(rubric);
  const rule: PeerSupport = rubric.peerSupport ?? DEFAULT_PEER_SUPPORT;
  const name = (scale: Scale, id: string) => scale.levels.find((l) => l.id === id)?.name ?? id;
  const categoryName = (id: string) => model.categories.get(id)?.name ?? id;
  const suggestions: PeerSuggestion[] = [];

  for (const { area } of model.areas.values()) {
    if (options.areaIds && !options.areaIds.includes(area.id)) continue;
    const level = school.levels[area.id];
    const scale = scaleOf(model, area.scale);
    if (!level || !isWeak(scale, level)) continue;

    const candidates = schools
      .filter((p) => p.id !== school.id)
      .map((p) => {
        const latest = p.reviews.at(-1);
        const peerLevel = latest?.levels[area.id];
        return { p, latest, peerLevel, run: streak(p.reviews, area.id, scale) };
      })
      .filter((c) => c.peerLevel !== undefined && c.run >= rule.minReviews && rankOf(scale, c.peerLevel) > rankOf(scale, level));
    const atLimit = candidates.filter((c) => c.p.supporting >= rule.maxSupported);
    const open = candidates.filter((c) => c.p.supporting < rule.maxSupported);
    const supports = (c: (typeof open)[number]) => (c.latest?.category ? rule.supportingCategories.includes(c.latest.category) : false);
    const shared = (c: (typeof open)[number]) => (school.phases && c.p.phases ? school.phases.filter((p) => c.p.phases!.includes(p)) : []);
    const samePhase = (c: (typeof open)[number]) => shared(c).length > 0;
    open.sort((a, b) =>
      Number(supports(b)) - Number(supports(a)) ||
      Number(samePhase(b)) - Number(samePhase(a)) ||
      a.p.supporting - b.p.supporting ||
      b.run - a.run ||
      rankOf(scale, b.peerLevel!) - rankOf(scale, a.peerLevel!) ||
      a.p.name.localeCompare(b.p.name));

    const peers = open.slice(0, rule.suggestions).map((c): PeerMatch => {
      const first = c.p.reviews[c.p.reviews.length - c.run]!;
      const span = c.run === 1 ? first.windowTitle : `${first.windowTitle} to ${c.latest!.windowTitle}`;
      const category = c.latest?.category
        ? `; its category is ${categoryName(c.latest.category)}${supports(c) ? ', one the framework expects to support other schools' : ''}`
        : '';
      const phase = samePhase(c) ? `; it shares a phase (${shared(c).join(', ').replace(/_/g, ' ')})` : '';
      return {
        school: c.p.id,
        name: c.p.name,
        level: c.peerLevel!,
        reviews: c.run,
        why: `${c.p.name} has been ${name(scale, c.peerLevel!)} in ${area.name} ${c.run === 1 ? 'in its latest review' : `for its last ${c.run} reviews`} (${span})${category}${phase}.`,
      };
    });
    const none = peers.length > 0
      ? null
      : atLimit.length > 0
        ? `Every school strong in ${area.name} already supports ${rule.maxSupported} schools this term.`
        : `No other school has been ${strongWords(scale)} in ${area.name} for ${rule.minReviews} reviews in a row.`;
    suggestions.push({ school: school.id, schoolName: school.name, area: area.id, areaName: area.name, level, levelName: name(scale, level), peers, none });
  }
  return suggestions;
}

function strongWords(scale: Scale): string {
  const top = scale.levels.at(-1)!.name;
  return scale.levels.length >= 5 ? `${scale.levels.at(-2)!.name} or ${top}` : top;
}
