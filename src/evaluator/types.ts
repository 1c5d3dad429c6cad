/** What a school answered: the evaluator's input, the questionnaire's state, the store's record. */
export interface Answers {
  /** Area id → level id, as rated by the head or the central role that owns the area. */
  ratings: Record<string, string>;
  /** Indicator id → the figure typed, or for a transition indicator the table of counts. */
  indicators: Record<string, number | TransitionCounts>;
  /** Judged statement id → met (true) or not met (false). */
  statements: Record<string, boolean>;
  /** Area id → the rater's note of evidence. */
  notes: Record<string, string>;
}

/** Pupils counted by attainer band at two points: `counts[from][to]`. */
export type TransitionCounts = Record<string, Record<string, number>>;

/** The rating an area that does not apply to a school is given in answers and input files. */
export const NOT_APPLICABLE = 'not_applicable';

export function emptyAnswers(): Answers {
  return { ratings: {}, indicators: {}, statements: {}, notes: {} };
}

export interface IndicatorResult {
  id: string;
  name: string;
  unit: string;
  /** The figure (for transitions: net impact per pupil), or null when not given. */
  value: number | null;
  level: string | null;
  /** The band that matched, in the seed's words (or the trust's, see `thresholds`). */
  band: { text: string; level: string } | null;
  /** Whether the bands are the framework's own words or the trust's choice. */
  thresholds: 'source' | 'trust';
  /** For a national comparison: the national figure the value was read against. */
  national?: { value: number; year: string; difference: number };
  /** For transitions: pupils and weighted moves behind the figure. */
  transitions?: { pupils: number; net: number; moves: { from: string; to: string; label: string; pupils: number; weight: number }[] };
}

export type EvidenceItem =
  | { kind: 'indicator'; id: string; name: string; level: string; value: number }
  | { kind: 'statement'; id: string; text: string; level: string };

/** A level leadership agreed for a line at moderation, with who and why (DOMAIN.md decision 3). */
export interface AgreedLevel {
  level: string;
  /** Person id of the Director of Education or CEO who agreed it. */
  by?: string;
  /** Their name, as shown. */
  byName?: string;
  reason?: string;
  at?: string;
}

/** Which level the rules read for an area, and why that one. */
export type LevelSource = 'agreed' | 'evidence' | 'self_rated' | 'missing' | 'not_applicable';

export interface AreaResult {
  id: string;
  name: string;
  /** The id of the area's group. */
  group: string;
  /** The level used by the rules, or null when not applicable or nothing to go on. */
  level: string | null;
  /**
   * agreed: leadership's agreed level (moderation) stands;
   * evidence: the area's evidence is in, so its level stands (the self-rating is shown beside it);
   * self_rated: no evidence, or evidence still incomplete: the rater's level stands;
   * missing: nothing to go on; not_applicable: the area does not apply to this school.
   */
  source: LevelSource;
  selfRating: string | null;
  agreed: AgreedLevel | null;
  /**
   * Worst of the area's evidence (DOMAIN.md decision 2). `complete` is false while some of
   * its indicators or statements are unanswered: it then only serves to flag a contradiction.
   */
  evidence: { level: string; from: EvidenceItem[]; complete: boolean } | null;
  note: string | null;
}

export interface ModerationFlag {
  kind: 'moderation';
  area: string;
  selfRating: string;
  evidenceLevel: string;
  /** How many levels apart: any difference raises the flag. */
  gap: number;
  /** False while some of the evidence is still to come (the self-rating then stands). */
  complete: boolean;
  /** Plain words for heads and leadership: what the figures point to, beside the self-rating. */
  message: string;
}

/** Where the rule behind a proposal comes from: the seed's words, or the trust's own choice. */
export interface Provenance {
  kind: 'source' | 'trust';
  /** The seed's words the rule rests on, when it quotes them. */
  source: string | null;
  /** The trust's choice or reading, when it is one. */
  trust: string | null;
  /** One line for people: which of the two, in words a head would accept. */
  line: string;
}

/** Bespoke options a proposal recommends (e.g. a red finance line). */
export interface RecommendationResult {
  id: string;
  strand: string;
  items: string[];
  facts: string[];
  provenance: Provenance;
}

export interface GroupResult {
  id: string;
  name: string;
  /** Level id → number of areas at it (rated or evidenced). */
  counts: Record<string, number>;
  /** For groups reported as a share (CAT): share of areas at the level, 0..1, over all areas in the group. */
  share: { level: string; value: number; of: number } | null;
}

export interface ProposedCategory {
  id: string;
  name: string;
  /** The rule that fired; the fallback's id when none did. */
  rule: string;
  reason: string;
  /** The facts that made the rule fire, in plain words. */
  facts: string[];
  provenance: Provenance;
}

export interface CategoryChange {
  previous: string | null;
  proposed: string;
  /** Toward less support (up), more support (down), the same, or a first categorisation. */
  direction: 'up' | 'down' | 'same' | 'first';
}

export interface MissingItem {
  kind: 'rating' | 'indicator' | 'statement';
  id: string;
  name: string;
  /** Who is to give it: "head" or a central role id. */
  ratedBy: string;
}

export interface Evaluation {
  rubric: string;
  indicators: Record<string, IndicatorResult>;
  areas: Record<string, AreaResult>;
  groups: Record<string, GroupResult>;
  flags: ModerationFlag[];
  /** Bespoke options the answers call for; they do not change the category. */
  recommendations: RecommendationResult[];
  /** Null when the rubric has no categories, or the answers cannot yet settle one. */
  category: ProposedCategory | null;
  /** Why no category could be proposed yet: the answers an earlier rule still waits on. */
  undetermined: { reason: string; waitingOn: string[] } | null;
  change: CategoryChange | null;
  missing: MissingItem[];
  complete: boolean;
}
