/**
 * The rubric file format: one trust's framework as data. Every field is checked on load;
 * cross-references (levels, areas, indicators, categories) are checked in `check.ts`.
 * The schemas double as the format's reference: see docs/rubrics.md.
 */
import { z } from 'zod';
import { PeerSupport } from './peer-support.js';

export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'an id: lower-case letters, digits and "_", starting with a letter');
export type Id = z.infer<typeof Id>;

const Text = z.string().trim().min(1, 'a non-empty text');

/** One level of a scale. Scales list their levels worst first. */
export const Level = z.strictObject({
  id: Id,
  name: Text,
  /** What the level means across the framework (e.g. the seed's key). */
  description: Text.optional(),
});
export type Level = z.infer<typeof Level>;

export const Scale = z.strictObject({
  id: Id,
  name: Text,
  levels: z.array(Level).min(2, 'at least two levels, worst first'),
});
export type Scale = z.infer<typeof Scale>;

/** A band's end. `inclusive` is explicit so the seed's words ("above", "X or above") are kept. */
export const Bound = z.strictObject({ value: z.number(), inclusive: z.boolean() });
export type Bound = z.infer<typeof Bound>;

/** A band maps an interval of values to a level; `text` is the seed's own words. */
export const Band = z.strictObject({
  level: Id,
  min: Bound.optional(),
  max: Bound.optional(),
  text: Text,
});
export type Band = z.infer<typeof Band>;

/** A figure compared with a national one: the bands then apply to (value − national). */
export const NationalFigure = z.strictObject({
  value: z.number(),
  /** The academic year the national figure is for, e.g. "2024-25". */
  year: z.string().regex(/^\d{4}-\d{2}$/, 'an academic year such as "2024-25"'),
  source: Text.optional(),
});
export type NationalFigure = z.infer<typeof NationalFigure>;

/**
 * Pupils moving between attainer bands (An Daras). `weights[from][to]` is the value of one
 * pupil's move; the indicator's value is the net impact per pupil.
 */
export const TransitionModel = z.strictObject({
  bands: z.array(z.strictObject({ id: Id, name: Text })).min(2),
  moves: z
    .array(
      z.strictObject({
        from: Id,
        to: Id,
        weight: z.number(),
        /** The seed's name for the move: "double positive", "no gain"... */
        label: Text,
      }),
    )
    .min(1),
});
export type TransitionModel = z.infer<typeof TransitionModel>;

export const Indicator = z.strictObject({
  id: Id,
  name: Text,
  /** Shown beside the input: "%", "pupils", "per pupil". */
  unit: z.string(),
  /** What a person may type. Values outside are refused, never clamped. */
  range: z.strictObject({ min: z.number().optional(), max: z.number().optional() }),
  direction: z.enum(['higher_is_better', 'lower_is_better']),
  scale: Id,
  /** Default: the value is what is typed. `difference_from_national`: bands apply to value − national.value. */
  basis: z.enum(['value', 'difference_from_national']).default('value'),
  national: NationalFigure.optional(),
  /** Present for an attainer-band transition indicator; the input is then a table of counts. */
  transitions: TransitionModel.optional(),
  bands: z.array(Band).min(1),
  /** Help text for the person typing the figure. */
  help: Text.optional(),
  /**
   * Where the bands are the trust's own choice rather than the framework's words (a band
   * width the seed never states), why: the figure's level is then shown as the trust's threshold.
   * Absent: each band's `text` is the framework's own words.
   */
  trust: Text.optional(),
});
export type Indicator = z.infer<typeof Indicator>;
export type IndicatorInput = z.input<typeof Indicator>;

/** A judged statement: the rater says met or not met; not met counts as `levelIfNotMet`. */
export const Statement = z.strictObject({
  id: Id,
  text: Text,
  levelIfNotMet: Id,
});
export type Statement = z.infer<typeof Statement>;

export const Area = z.strictObject({
  id: Id,
  name: Text,
  scale: Id,
  /** `head`, or the id of one of the rubric's central roles. */
  ratedBy: Id.default('head'),
  /** The level descriptors: level id → the seed's words. Shown as the choices. */
  descriptors: z.record(Id, Text).default({}),
  indicators: z.array(Id).default([]),
  statements: z.array(Statement).default([]),
  /**
   * The school phases the area applies to (ids from the rubric's `phases`). Absent: every
   * school. A school whose record lists none of them has the area marked not applicable.
   */
  phases: z.array(Id).min(1).optional(),
  /**
   * How the evidence items make the area's level. `any` (default): the worst item sets it
   * (DOMAIN.md decision 2). `all`: the scale's lowest level only when every item is at it
   * ("Standards are low at all Key Stages"); otherwise the worst item, raised to the next level.
   */
  lowestWhen: z.enum(['any', 'all']).default('any'),
});
export type Area = z.infer<typeof Area>;

export const Group = z.strictObject({
  id: Id,
  name: Text,
  /** What the group is about, shown above its areas. */
  description: Text.optional(),
  /** Report the group as the share of its areas at this level (CAT's "share fully met"). */
  reportShareAt: Id.optional(),
  areas: z.array(Area).min(1),
});
export type Group = z.infer<typeof Group>;

export const Role = z.strictObject({ id: Id, name: Text });
export type Role = z.infer<typeof Role>;

export const Category = z.strictObject({
  id: Id,
  name: Text,
  /** Other names the seed gives the same category (An Daras' school states). */
  alsoKnownAs: z.array(Text).default([]),
  summary: Text,
  keyFeatures: z.array(Text).default([]),
});
export type Category = z.infer<typeof Category>;

/** Exactly one of is / atMost / atLeast. Levels compare by their place on the scale. */
export const LevelTest = z.union([
  z.strictObject({ is: z.union([Id, z.array(Id).min(1)]) }),
  z.strictObject({ atMost: Id }),
  z.strictObject({ atLeast: Id }),
]);
export type LevelTest = z.infer<typeof LevelTest>;

export const NumberTest = z
  .strictObject({
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), 'at least one of lt, lte, gt, gte');
export type NumberTest = z.infer<typeof NumberTest>;

/** Which areas a count or share looks at. Neither given: every area of the rubric. */
const AreaScope = {
  areas: z.array(Id).min(1).optional(),
  groups: z.array(Id).min(1).optional(),
};

/** A context question: answered once per school and kept until changed (not every term). */
export const ContextQuestion = z.discriminatedUnion('kind', [
  z.strictObject({
    id: Id,
    name: Text,
    kind: z.literal('choice'),
    options: z.array(z.strictObject({ id: Id, name: Text })).min(2),
    help: Text.optional(),
  }),
  /** A calendar date (YYYY-MM-DD), e.g. when the school joined the trust. */
  z.strictObject({ id: Id, name: Text, kind: z.literal('date'), help: Text.optional() }),
]);
export type ContextQuestion = z.infer<typeof ContextQuestion>;

/** A phase of education a school may have (CMAT's Early Years): areas can apply to some phases only. */
export const Phase = z.strictObject({ id: Id, name: Text });
export type Phase = z.infer<typeof Phase>;

export type Condition =
  | { all: Condition[] }
  | { atLeast: number; of: Condition[] }
  | { context: string; is: string[] }
  | { context: string; withinMonths: number }
  | { any: Condition[] }
  | { not: Condition }
  | { area: string; level: LevelTest }
  | { count: { areas?: string[]; groups?: string[]; level: LevelTest; atLeast?: number; atMost?: number } }
  | { share: { areas?: string[]; groups?: string[]; level: LevelTest; atLeast?: number; atMost?: number } }
  | { indicator: string; level?: LevelTest; value?: NumberTest }
  | { statement: string; met: boolean }
  | { previous: { is: string[] } };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    /** At least N of the sub-conditions hold ("three of the four holistic measures"). */
    z.strictObject({ atLeast: z.number().int().min(1), of: z.array(Condition).min(2) }),
    /** A context answer is one of these options. */
    z.strictObject({ context: Id, is: z.array(Id).min(1) }),
    /** A context date falls within N months before the review date (or after it). */
    z.strictObject({ context: Id, withinMonths: z.number().int().min(1) }),
    z.strictObject({ not: Condition }),
    z.strictObject({ area: Id, level: LevelTest }),
    z.strictObject({
      count: z.strictObject({
        ...AreaScope,
        level: LevelTest,
        atLeast: z.number().int().min(0).optional(),
        atMost: z.number().int().min(0).optional(),
      }),
    }),
    z.strictObject({
      share: z.strictObject({
        ...AreaScope,
        level: LevelTest,
        atLeast: z.number().min(0).max(1).optional(),
        atMost: z.number().min(0).max(1).optional(),
      }),
    }),
    z
      .strictObject({ indicator: Id, level: LevelTest.optional(), value: NumberTest.optional() })
      .refine((c) => (c.level === undefined) !== (c.value === undefined), 'exactly one of level or value'),
    z.strictObject({ statement: Id, met: z.boolean() }),
    z.strictObject({ previous: z.strictObject({ is: z.array(Id).min(1) }) }),
  ]),
);

/**
 * Where a rule or threshold comes from (issue: every reason says so). `source`: the seed's
 * own words it rests on. `trust`: the trust's own choice (or its reading of those words).
 * `rubric check` refuses a rule with neither; with both, the rule is the trust's reading of
 * the quoted words and is shown as the trust's choice.
 */
const Provenance = {
  source: Text.optional(),
  trust: Text.optional(),
};

export const Rule = z.strictObject({
  id: Id,
  category: Id,
  when: Condition,
  /** The sentence a head reads: why this category. */
  reason: Text,
  /** Why the rule is what it is, for the people who maintain the rubric. */
  rationale: Text.optional(),
  ...Provenance,
  /** A trust's optional rule, kept in the file but switched off (false) until the trust chooses it. */
  enabled: z.boolean().default(true),
});
export type Rule = z.infer<typeof Rule>;

/**
 * Best fit: the median level of the rated areas, mapped to a category (DOMAIN.md decision 4).
 * Not-applicable areas are left out; with an even count the lower of the two middle levels.
 */
export const BestFit = z.strictObject({
  /** The areas weighed; neither given: every area of the rubric. */
  areas: z.array(Id).min(1).optional(),
  groups: z.array(Id).min(1).optional(),
  /** Level id → the category it proposes. Every level of the areas' scale must be mapped. */
  categories: z.record(Id, Id),
  /** Levels read as another for the fit (Four Stages Safeguarding: identical Secure and Strong words). */
  countAs: z.array(z.strictObject({ area: Id, level: Id, as: Id })).default([]),
});
export type BestFit = z.infer<typeof BestFit>;

/** The last rule: a fixed category, or the best fit of the areas' levels. Exactly one of the two. */
export const Fallback = z.strictObject({
  id: Id,
  category: Id.optional(),
  bestFit: BestFit.optional(),
  reason: Text,
  rationale: Text.optional(),
  ...Provenance,
});
export type Fallback = z.infer<typeof Fallback>;

/**
 * Bespoke options a proposal carries as recommendations when a condition holds (Ethos: a red
 * finance line brings the seed's finance options), without setting the category.
 */
export const Recommendation = z.strictObject({
  id: Id,
  when: Condition,
  /** The strand the options belong to, as the seed names it ("Finance"). */
  strand: Text,
  items: z.array(Text).min(1),
  ...Provenance,
});
export type Recommendation = z.infer<typeof Recommendation>;

export const Weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday']);
export type Weekday = z.infer<typeof Weekday>;
export const TermName = z.enum(['autumn', 'spring', 'summer']);
export type TermName = z.infer<typeof TermName>;

/** Which school day of the period an occurrence falls on (1 = the first school day). */
const SchoolDay = z.number().int().min(1).max(60).default(1);

/** A dated rhythm, or none: a wrong `every` is named with the values allowed. */
const EveryCadence = z.discriminatedUnion('every', [
  z.strictObject({ every: z.literal('week'), weekday: Weekday }),
  z.strictObject({ every: z.literal('month'), schoolDay: SchoolDay }),
  z.strictObject({ every: z.literal('half_term'), schoolDay: SchoolDay }),
  z.strictObject({ every: z.literal('term'), schoolDay: SchoolDay }),
  z.strictObject({ every: z.literal('year'), term: TermName, schoolDay: SchoolDay }),
  /** Every N years, counted from the date it was last done (kept per school). */
  z.strictObject({ every: z.literal('years'), years: z.number().int().min(2), term: TermName, schoolDay: SchoolDay }),
  /** Offered on request or when needed, with no date in the framework: listed with the package, never dated. */
  z.strictObject({ every: z.literal('on_request') }),
]);

export const Cadence = z.union([
  EveryCadence,
  /** Days of someone's time, spread evenly over the terms and through each term's school days. */
  z.strictObject({
    allocation: z.strictObject({
      /** Whole or half days: a trust plans support in halves of a day at most. */
      days: z.number().positive().multipleOf(0.5, 'a whole or half number of days (e.g. 2 or 1.5)'),
      per: z.enum(['term', 'year']),
      /** The framework offers "up to" this many days: the most on offer, shown as "up to". */
      upTo: z.boolean().default(false),
    }),
  }),
]);
export type Cadence = z.infer<typeof Cadence>;

export const Activity = z.strictObject({
  id: Id,
  title: Text,
  strand: Id,
  /** A role title, never a person's name: people change, roles stay. */
  owner: Text,
  cadence: Cadence,
  /** Length of each meeting, where the seed gives one ("30 mins"). */
  minutes: z.number().int().positive().optional(),
});
export type Activity = z.infer<typeof Activity>;

export const SupportPackage = z.strictObject({
  category: Id,
  /** "As category X plus…": the activities of these categories come first; same id replaces. */
  includes: z.array(Id).default([]),
  activities: z.array(Activity).default([]),
});
export type SupportPackage = z.infer<typeof SupportPackage>;

export const Support = z.strictObject({
  strands: z.array(z.strictObject({ id: Id, name: Text })).min(1),
  packages: z.array(SupportPackage).min(1),
});
export type Support = z.infer<typeof Support>;

export const Rubric = z
  .strictObject({
    id: Id,
    name: Text,
    trust: Text,
    /** Where the framework comes from, for people checking the encoding. */
    source: Text,
    /** How often a school is reviewed. */
    cadence: z.enum(['termly', 'annual']),
    /** For annual reviews with termly monitoring (CMAT): the terms in which heads are asked. */
    monitoring: z.enum(['termly']).optional(),
    scales: z.array(Scale).min(1),
    roles: z.array(Role).default([]),
    /** Questions answered once per school and kept until changed (Ethos: Ofsted judgement, date joined). */
    context: z.array(ContextQuestion).default([]),
    /** Phases a school may have; areas naming some apply only to schools with one of them. */
    phases: z.array(Phase).default([]),
    indicators: z.array(Indicator).default([]),
    groups: z.array(Group).min(1),
    /** Worst (most support) first. Absent for frameworks without categories (CAT). */
    categories: z.array(Category).default([]),
    rules: z.array(Rule).default([]),
    fallback: Fallback.optional(),
    recommendations: z.array(Recommendation).default([]),
    support: Support.optional(),
    /** The decision records priority areas (CMAT's Focus step). */
    decisionRecordsPriorities: z.boolean().default(false),
    /** School-to-school support: which categories support others, how many each takes. Defaults apply when absent. */
    peerSupport: PeerSupport.optional(),
  });
export type Rubric = z.infer<typeof Rubric>;
export type RubricInput = z.input<typeof Rubric>;
