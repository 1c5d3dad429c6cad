/**
 * What the store keeps, as zod schemas: they validate the store file on load and type
 * every record the use-cases read and write.
 */
import { z } from 'zod';
import type { Evaluation } from '../evaluator/types.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const IsoInstant = z.string().datetime({ offset: true });

export const Platform = z.enum(['teams', 'slack']);
export type Platform = z.infer<typeof Platform>;

export const School = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Other names people use ("Reach"): matched by `/status`. */
  aliases: z.array(z.string()).default([]),
  /** The phases the school has (ids of the rubric's phases). Absent: not recorded, every area applies. */
  phases: z.array(z.string().min(1)).optional(),
  /** Answers to the rubric's context questions, kept until changed (Ethos: Ofsted judgement, date joined). */
  context: z.record(z.string(), z.string()).optional(),
  /** The school's unique reference number (England's six digits), where the trust records it: imports may name schools by it. */
  urn: z.string().regex(/^\d{6}$/, 'a URN: six digits').optional(),
});
export type School = z.infer<typeof School>;

/** Trust-wide roles. Heads hold `head` and the schools they lead; rubrics name central roles by id. */
export const LEADERSHIP_ROLES = ['ceo', 'director_of_education', 'cfoo', 'hr_lead', 'finance_lead', 'estates_lead'] as const;

export const Person = z.strictObject({
  id: z.string().min(1),
  /** As shown in chat; the demo trust uses role titles, never invented names. */
  name: z.string().min(1),
  /** e.g. "Headteacher", "Chief Executive Officer". */
  title: z.string().min(1),
  roles: z.array(z.string().min(1)).min(1),
  /** The schools a head answers for. Empty for central roles. */
  schoolIds: z.array(z.string()).default([]),
  teams: z.strictObject({ aadObjectId: z.string().min(1) }).optional(),
  slack: z.strictObject({ userId: z.string().min(1) }).optional(),
});
export type Person = z.infer<typeof Person>;

export const Trust = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** The rubric the trust runs: a file under rubrics/. */
  rubricId: z.string().min(1),
  schools: z.array(School).min(1),
  people: z.array(Person),
  /** Where leadership posts go, per platform: a key into `conversations`. */
  leadershipChannel: z.strictObject({ teams: z.string().optional(), slack: z.string().optional() }).default({}),
  /**
   * The trust's Microsoft 365 tenant: in a deployment serving several trusts, a Teams request is
   * routed to the trust of its tenant. Absent: the trust is reached only as the deployment's one trust.
   */
  teams: z.strictObject({ tenantId: z.string().min(1) }).optional(),
  /** The trust's Slack workspace (team id), routed as `teams` is. */
  slack: z.strictObject({ teamId: z.string().min(1) }).optional(),
});
export type Trust = z.infer<typeof Trust>;

export const ReviewWindow = z.strictObject({
  /** e.g. "2026-27-autumn". */
  id: z.string().min(1),
  academicYear: z.string().regex(/^\d{4}-\d{2}$/),
  term: z.enum(['autumn', 'spring', 'summer']),
  opensOn: IsoDate,
  closesOn: IsoDate,
  state: z.enum(['scheduled', 'open', 'closed']),
  openedAt: IsoInstant.optional(),
  closedAt: IsoInstant.optional(),
});
export type ReviewWindow = z.infer<typeof ReviewWindow>;

const TransitionCounts = z.record(z.string(), z.record(z.string(), z.number().int().min(0)));
export const AnswersRecord = z.strictObject({
  ratings: z.record(z.string(), z.string()),
  indicators: z.record(z.string(), z.union([z.number(), TransitionCounts])),
  statements: z.record(z.string(), z.boolean()),
  notes: z.record(z.string(), z.string()),
});

export const Submission = z.strictObject({
  id: z.string().min(1),
  schoolId: z.string().min(1),
  windowId: z.string().min(1),
  rubricId: z.string().min(1),
  state: z.enum(['draft', 'submitted']),
  answers: AnswersRecord,
  /** Increments on every save; a save naming an older version is refused (two editors). */
  version: z.number().int().min(1),
  updatedAt: IsoInstant,
  updatedBy: z.string().min(1),
  submittedAt: IsoInstant.optional(),
  submittedBy: z.string().optional(),
});
export type Submission = z.infer<typeof Submission>;

/** A level the Director of Education or the CEO agreed for one line at moderation, with who, why and when. */
export const AgreedLevelRecord = z.strictObject({
  level: z.string().min(1),
  by: z.string().min(1),
  reason: z.string().min(1),
  at: IsoInstant,
});
export type AgreedLevelRecord = z.infer<typeof AgreedLevelRecord>;

const Keyed = z.record(z.string(), z.looseObject({ id: z.string(), name: z.string() }));

/**
 * The evaluator's output (src/evaluator/types.ts), kept whole as it was computed: a document.
 * What every reader relies on is checked (the rubric, the areas, indicators and groups by id,
 * the flags, the category proposed or null); the rest is kept as the evaluator wrote it, so
 * evaluations kept by an older evaluator (before proposals carried provenance, say) still read.
 */
export const EvaluationBody = z.looseObject({
  rubric: z.string().min(1),
  areas: Keyed,
  indicators: Keyed,
  groups: Keyed,
  flags: z.array(z.looseObject({ kind: z.string(), message: z.string() })),
  category: z.looseObject({ id: z.string().min(1), name: z.string().min(1) }).nullable(),
}) as unknown as z.ZodType<Evaluation>;

/** The evaluator's output for one submission, kept as it was when computed. */
export const EvaluationRecord = z.strictObject({
  id: z.string().min(1),
  submissionId: z.string().min(1),
  schoolId: z.string().min(1),
  windowId: z.string().min(1),
  at: IsoInstant,
  evaluation: EvaluationBody,
  /** Levels agreed at moderation, by area id, that this evaluation read. Absent in older files. */
  agreed: z.record(z.string(), AgreedLevelRecord).optional(),
});
export type EvaluationRecord = z.infer<typeof EvaluationRecord>;

export const Decision = z.strictObject({
  id: z.string().min(1),
  schoolId: z.string().min(1),
  windowId: z.string().min(1),
  category: z.string().min(1),
  /** What the evaluator proposed; null for history imported without a proposal. */
  proposed: z.string().nullable(),
  /** The proposal (evaluation record id) this decision answers: one decision per proposal. Absent on imported history. */
  proposalId: z.string().min(1).optional(),
  previous: z.string().nullable(),
  kind: z.enum(['confirmed', 'overridden']),
  /** Required when overridden: kept with the decision. */
  rationale: z.string().optional(),
  /** Priority areas agreed with the decision (CMAT's Focus step). */
  priorities: z.array(z.string()).default([]),
  /** Levels agreed at moderation before deciding, by area id. Absent in older files. */
  agreed: z.record(z.string(), AgreedLevelRecord).optional(),
  decidedBy: z.string().min(1),
  decidedAt: IsoInstant,
});
export type Decision = z.infer<typeof Decision>;

/**
 * A school-to-school pairing leadership confirmed on a school's decision: the peer school supports
 * it in one area until the school's next decision. Keyed by decision and area; the supporting
 * head's answer is kept on it.
 */
export const Pairing = z.strictObject({
  decisionId: z.string().min(1),
  /** The supported school (the decision's). */
  schoolId: z.string().min(1),
  windowId: z.string().min(1),
  area: z.string().min(1),
  peerSchoolId: z.string().min(1),
  confirmedBy: z.string().min(1),
  confirmedAt: IsoInstant,
  /** The supporting school's head: awaited until they answer. */
  answer: z.enum(['awaited', 'accepted', 'declined']),
  answeredBy: z.string().min(1).optional(),
  answeredAt: IsoInstant.optional(),
});
export type Pairing = z.infer<typeof Pairing>;

/** A platform's address for a person or a channel, kept for proactive messages. */
export const Conversation = z.strictObject({
  /** `person:<id>` or `channel:<name>`. */
  key: z.string().min(1),
  platform: Platform,
  /** The platform's own reference (Teams ConversationReference, Slack channel id), stored as given. */
  reference: z.record(z.string(), z.unknown()),
  updatedAt: IsoInstant,
});
export type Conversation = z.infer<typeof Conversation>;

/** When an activity of a "every N years" cadence was last done, per school. */
export const LastDone = z.strictObject({ schoolId: z.string(), activityId: z.string(), date: IsoDate });
export type LastDone = z.infer<typeof LastDone>;

export const AuditEntry = z.strictObject({
  seq: z.number().int().min(1),
  at: IsoInstant,
  /** Person id, or "system" for the scheduler and start-up. */
  actor: z.string().min(1),
  action: z.string().min(1),
  /** What changed: "submission:…", "decision:…", "window:…". */
  subject: z.string().min(1),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditInput = Omit<z.input<typeof AuditEntry>, 'seq'>;

/** An outbound message, written before it is sent (durable outbox). */
export const OutboxMessage = z.strictObject({
  id: z.string().min(1),
  /** Same key, same message: a reminder is sent once per school × window × kind. */
  idempotencyKey: z.string().min(1),
  platform: Platform,
  /** A key into `conversations`. */
  to: z.string().min(1),
  /** The rendered message (card or text) as the platform sender expects it. */
  payload: z.record(z.string(), z.unknown()),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().min(0),
  createdAt: IsoInstant,
  notBefore: IsoInstant.optional(),
  sentAt: IsoInstant.optional(),
  lastError: z.string().optional(),
  /** How many of the attempts the platform answered "too many requests": throttling has its own budget. */
  throttled: z.number().int().min(0).optional(),
  /**
   * The sender sending it, while one is: a message claimed by one sender is not sent by another
   * until the claim ends (its outcome written, or given back) or lapses (`claimedUntil`: the
   * sender died, and another takes it over).
   */
  claimedBy: z.string().min(1).optional(),
  claimedUntil: IsoInstant.optional(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

/**
 * One scheduled job (open a window, a reminder round, a deadline report...) as it ran. The id is
 * the job's idempotency key ("2026-27-autumn:nudge-5"): a job whose run is finished never runs again.
 */
export const JobRun = z.strictObject({
  id: z.string().min(1),
  kind: z.string().min(1),
  /** When the job fell due. */
  dueAt: IsoInstant,
  /** `running` left behind means the process stopped mid-job: the next start runs it again. */
  state: z.enum(['running', 'done', 'skipped', 'missed', 'failed']),
  attempts: z.number().int().min(1),
  startedAt: IsoInstant,
  finishedAt: IsoInstant.optional(),
  /** What the job did, in words ("6 heads messaged"), or why it was skipped. */
  outcome: z.string().optional(),
  lastError: z.string().optional(),
});
export type JobRun = z.infer<typeof JobRun>;

export const STORE_SCHEMA_VERSION = 1;

export const StoreData = z.strictObject({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  trust: Trust.nullable(),
  windows: z.array(ReviewWindow),
  submissions: z.array(Submission),
  evaluations: z.array(EvaluationRecord),
  decisions: z.array(Decision),
  conversations: z.array(Conversation),
  lastDone: z.array(LastDone),
  outbox: z.array(OutboxMessage),
  audit: z.array(AuditEntry),
  /** Absent in files written before the scheduler kept its runs. */
  jobRuns: z.array(JobRun).optional(),
  /** Absent in files written before pairings were kept. */
  pairings: z.array(Pairing).optional(),
});
export type StoreData = z.infer<typeof StoreData>;

/** Every kind of record the store keeps, by the name of its kind. */
export interface RecordKinds {
  trust: Trust; window: ReviewWindow; submission: Submission; evaluation: EvaluationRecord; decision: Decision;
  conversation: Conversation; lastDone: LastDone; pairing: Pairing; outbox: OutboxMessage; jobRun: JobRun;
}

/** One record named by its kind, for every kind; an audit entry in the shape `Audit` (written, imported or checked). */
export type KindedRecord<Audit> =
  | { [K in keyof RecordKinds]: { kind: K; record: RecordKinds[K] } }[keyof RecordKinds]
  | { kind: 'audit'; record: Audit };
