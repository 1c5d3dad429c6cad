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
  /** The band that matched, in the seed's words. */
  band: { text: string; level: string } | null;
  /** For a national comparison: the national figure the value was read against. */
  national?: { value: number; year: string; difference: number };
  /** For transitions: pupils and weighted moves behind the figure. */
  transitions?: { pupils: number; net: number; moves: { from: string; to: string; label: string; pupils: number; weight: number }[] };
}

export type EvidenceItem =
  | { kind: 'indicator'; id: string; name: string; level: string; value: number }
  | { kind: 'statement'; id: string; text: string; level: string };

export interface AreaResult {
  id: string;
  name: string;
  /** The id of the area's group. */
  group: string;
  /** The level used by the rules, or null when neither rated nor evidenced. */
  level: string | null;
  /**
   * self_rated: the rater's level stands (evidence shown beside it);
   * evidence: no rating yet, the level is the worst of the area's indicators and statements;
   * missing: nothing to go on.
   */
  source: 'self_rated' | 'evidence' | 'missing';
  selfRating: string | null;
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
  /** How many levels apart: 2 or more raises the flag. */
  gap: number;
  message: string;
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
  /** Null when the rubric has no categories, or the answers cannot yet settle one. */
  category: ProposedCategory | null;
  /** Why no category could be proposed yet: the answers an earlier rule still waits on. */
  undetermined: { reason: string; waitingOn: string[] } | null;
  change: CategoryChange | null;
  missing: MissingItem[];
  complete: boolean;
}
