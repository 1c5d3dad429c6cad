/**
 * The store as the use-cases see it: one trust's records. The embedded file store is the
 * default (file-store.ts), PostgreSQL the database (postgres/); another implementation plugs in
 * here without a use-case changing. Every write names an audit entry, recorded in the same
 * atomic write as the change it describes. The rules every implementation keeps live in
 * rules.ts. Lists say their order, and every order is one a database can give from the records'
 * own fields or a number the store keeps (never a position in a file): the look-ups by school
 * and window are the indexed reads.
 */
import type {
  KindedRecord, AuditEntry, AuditInput, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage,
  Pairing, ReviewWindow, Submission, Trust,
} from './records.js';

/** The message kept for an idempotency key, and whether it is the one just handed in. */
export interface Enqueued {
  message: OutboxMessage;
  added: boolean;
}

/** A sender's claim on outbox messages (see Store.claimOutbox). */
export interface OutboxClaim {
  by: string;
  now: string;
  leaseMs: number;
  conversations: number;
}

/** What a send attempt may change on an outbox message. */
export type OutboxChange = Partial<Pick<OutboxMessage, 'state' | 'attempts' | 'notBefore' | 'sentAt' | 'lastError' | 'throttled'>>;

/**
 * One school's place on the trust overview, read for every school at once: its submission in
 * the window asked about, the newest proposal there (with the category proposed) and whether a
 * decision answers it, and its newest decisions.
 */
export interface SchoolStanding {
  schoolId: string;
  submission: { id: string; state: Submission['state'] } | null;
  /** The newest evaluation of the school in the window, whatever the submission's state. */
  proposal: { id: string; category: { id: string; name: string } | null } | null;
  /** A decision in the window answers the proposal (names it, or, for history without one, is it). */
  decided: boolean;
  /** The school's newest decisions (up to the number asked for), oldest first. */
  decisions: Decision[];
}

export interface Store {
  /**
   * The trust, or null before one is set up (the demo trust is seeded then). Read-only: it is
   * deeply frozen (read on every message, so not copied each time); every other read is a copy.
   */
  getTrust(): Promise<Trust | null>;
  /** Refused with StoreRecordError when the store keeps another trust: a store holds one trust. */
  saveTrust(trust: Trust, audit: AuditInput): Promise<void>;

  listWindows(): Promise<ReviewWindow[]>;
  /**
   * Saves a window. With `expected`, the save is a compare-and-set: refused with
   * StoreConflictError unless the stored window is in the state expected (a window never stored
   * counts as "scheduled"), and, when it opens the window, unless no other window is open.
   */
  saveWindow(window: ReviewWindow, audit: AuditInput, expected?: { state: ReviewWindow['state'] }): Promise<void>;

  getSubmission(schoolId: string, windowId: string): Promise<Submission | null>;
  /** In the order first saved (a later save keeps the submission's place). */
  listSubmissions(filter?: { schoolId?: string; windowId?: string }): Promise<Submission[]>;
  /**
   * Saves a submission. `expectedVersion` is the version the caller read (0 for a new one);
   * when the stored version differs the save is refused with StoreConflictError.
   */
  saveSubmission(submission: Submission, expectedVersion: number, audit: AuditInput): Promise<void>;

  addEvaluation(record: EvaluationRecord, audit: AuditInput): Promise<void>;
  /** The newest evaluation of a school's submission in a window. */
  latestEvaluation(schoolId: string, windowId: string): Promise<EvaluationRecord | null>;
  /** The newest evaluation of each school evaluated in a window, ordered by school id. */
  latestEvaluations(windowId: string): Promise<EvaluationRecord[]>;

  /** Decisions by when they were made, oldest first; made at the same instant, in the order added. */
  listDecisions(filter?: { schoolId?: string; windowId?: string }): Promise<Decision[]>;
  getDecision(id: string): Promise<Decision | null>;
  addDecision(decision: Decision, audit: AuditInput): Promise<void>;
  /**
   * The newest `perSchool` decisions of every school that has one, ordered by school id and,
   * within a school, oldest first.
   */
  listLatestDecisions(perSchool: number): Promise<Decision[]>;
  /**
   * The trust overview's read, in one: every school with a submission or an evaluation in the
   * window (none without one), or a decision, ordered by school id; with `perSchool` of its
   * newest decisions.
   */
  listStandings(windowId: string | null, perSchool: number): Promise<SchoolStanding[]>;

  /**
   * Pairings kept with the decisions named, by decision in the order named, then in the order
   * first confirmed; without a filter, all of them in the order first confirmed (an answer keeps
   * a pairing's place).
   */
  listPairings(filter?: { decisionIds?: readonly string[] }): Promise<Pairing[]>;
  /**
   * Keeps a pairing, one per decision and area: a new one, or the same one answered. Refused with
   * StoreRecordError when its decision is not stored or names another school or window. With
   * `expected`, a compare-and-set: refused with StoreConflictError unless the stored pairing's
   * answer is the one expected (null: none is stored).
   */
  savePairing(pairing: Pairing, audit: AuditInput, expected?: { answer: Pairing['answer'] | null }): Promise<void>;

  getConversation(key: string, platform: Conversation['platform']): Promise<Conversation | null>;
  saveConversation(conversation: Conversation): Promise<void>;

  listLastDone(schoolId: string): Promise<LastDone[]>;
  saveLastDone(entry: LastDone, audit: AuditInput): Promise<void>;

  /** Adds a message unless one with the same idempotency key exists; returns the one kept. */
  enqueue(message: OutboxMessage): Promise<Enqueued>;
  /**
   * Adds several messages in one write, each unless one with its idempotency key is kept (or
   * comes earlier in the list); returns, in the same order, the message kept for each. An
   * invalid message, or an id already used, refuses them all and nothing is written.
   */
  enqueueMany(messages: readonly OutboxMessage[]): Promise<Enqueued[]>;
  /**
   * Messages in the order queued (the store numbers each as it is queued; a change keeps its
   * number). `schoolId`: those about the school (the payload's `school`, see src/outbox/payload.ts).
   */
  listOutbox(filter?: { state?: OutboxMessage['state']; schoolId?: string }): Promise<OutboxMessage[]>;
  updateOutbox(id: string, change: OutboxChange): Promise<void>;
  /**
   * Several updates in one write: the dispatcher records outcomes in groups. An unknown id
   * refuses them all. A change that ends a message (sent, failed) ends its claim.
   */
  updateOutboxMany(changes: { id: string; change: OutboxChange }[]): Promise<void>;
  /**
   * Claims messages for one sender, so that several senders (replicas) share the outbox and
   * none sends what another is sending: whole conversations (every pending message of each, so
   * one sender keeps a conversation's order), up to `conversations` of them, oldest first, whose
   * oldest pending message may go at `now` (the sender's clock) and which no other sender holds.
   * A claim lasts `leaseMs` on the store's clock (a database's, shared by every sender); one not
   * ended by then (its sender died) lapses, and the messages may be claimed again. The messages
   * claimed, in the order queued.
   */
  claimOutbox(claim: OutboxClaim): Promise<OutboxMessage[]>;
  /** Ends `by`'s claim on the messages named that it still holds (left pending, for any sender). */
  releaseOutbox(by: string, ids: readonly string[]): Promise<void>;
  /**
   * Records that sender `by` is sending, for `leaseMs` on the store's clock, and answers how many
   * senders are (itself included): they share the platform's per-app limits.
   */
  liveSenders(by: string, leaseMs: number): Promise<number>;
  /**
   * Runs `work` holding the lock `name` of this store's trust, taken where every process sharing
   * the store sees it (and let go if the holder dies); `{ ran: false }`, without running it, when
   * another holds it. How the scheduler runs each job once across replicas.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;

  /** The scheduler's job runs, by when each fell due, then by id. */
  listJobRuns(): Promise<JobRun[]>;
  /**
   * Records a job's run (replacing the one kept for that job), unless the kept one has finished
   * (done, skipped or missed): a finished job is never recorded again. Returns the run kept.
   */
  saveJobRun(run: JobRun): Promise<{ run: JobRun; saved: boolean }>;

  /** The audit log by seq, oldest first: seq increases with every entry, though not always by one. */
  listAudit(filter?: { subject?: string }): Promise<AuditEntry[]>;

  /**
   * Fills an empty store in one write (seeding, copying from another store): the records in the
   * order given, each followed by its audit entry when it has one (an `audit` record is an entry
   * of its own). Refused when the store already holds a trust; an invalid record refuses them
   * all and nothing is written.
   */
  importRecords(records: readonly ImportRecord[]): Promise<void>;
  /**
   * Every record kept, as importRecords takes them, in an order that keeps every order this port
   * promises when imported into another store: how a trust moves between stores (`db copy`).
   */
  exportRecords(): Promise<ImportRecord[]>;
}

/** A record to import, by kind, with the audit entry that says how it came to be. */
export type ImportRecord = { audit?: AuditInput } & KindedRecord<AuditInput>;

/** Two people saved the same submission from the same starting point; the later one must reload. */
export class StoreConflictError extends Error {
  readonly code = 'STORE_CONFLICT';
  constructor(readonly subject: string, readonly expected: number, readonly actual: number) {
    super(`${subject} was changed by someone else (version ${actual}, you had ${expected}); reload and try again`);
    this.name = 'StoreConflictError';
  }
}

/** A record handed to the store is not valid, or clashes with one already kept. Nothing was written. */
export class StoreRecordError extends Error {
  readonly code = 'STORE_RECORD_INVALID';
  constructor(readonly subject: string, readonly problems: string[]) {
    super(`cannot save ${subject}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StoreRecordError';
  }
}
