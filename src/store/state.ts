/**
 * What a store holds, in memory, with the indexes the use-cases read through: submissions by
 * school and window, decisions by school and window, the newest evaluation of each school in each
 * window, the outbox by id and idempotency key. Every change is a list of operations (`Op`), the
 * same list an implementation writes down, so the in-memory store and the file store apply
 * changes one way. An evaluation is held as its heading and a way to fetch its body: the file
 * store leaves bodies on disk until asked.
 */
import type {
  KindedRecord, AuditEntry, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
} from './records.js';

/** One record written; a change is a list of them, applied in order, all or none. */
export type Op = KindedRecord<AuditEntry>;
export type OpKind = Op['kind'];

/** A submission without its answers: enough to find it and to check a save against it. */
export type SubmissionHead = Omit<Submission, 'answers'>;
export interface SubmissionSlot {
  head: SubmissionHead;
  /** The whole record: the caller copies it before handing it out. */
  load(): Submission;
}

/** An evaluation without its body (the evaluator's output), enough to find it. */
export type EvaluationHead = Omit<EvaluationRecord, 'evaluation'>;
export interface EvaluationSlot {
  head: EvaluationHead;
  /** The whole record: the caller copies it before handing it out. */
  load(): EvaluationRecord;
}

const pair = (schoolId: string, windowId: string) => `${schoolId}\u0000${windowId}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Keeps a list of decisions in decision-time order; one made at the same instant goes after those already there. */
function insertByTime(map: Map<string, Decision[]>, key: string, decision: Decision): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [decision]);
    return;
  }
  const at = Date.parse(decision.decidedAt);
  let i = list.length;
  while (i > 0 && Date.parse(list[i - 1]!.decidedAt) > at) i--;
  list.splice(i, 0, decision);
}

export class StoreState {
  trust: Trust | null = null;
  readonly windows = new Map<string, ReviewWindow>();
  /** By school and window, in the order first saved. */
  readonly submissions = new Map<string, SubmissionSlot>();
  readonly submissionIds = new Map<string, string>();
  readonly #submissionsBySchool = new Map<string, string[]>();
  readonly #submissionsByWindow = new Map<string, string[]>();
  /** Decisions in the order added; the lists by school and window share the records. */
  readonly decisions: Decision[] = [];
  readonly decisionsById = new Map<string, Decision>();
  readonly #decisionsBySchool = new Map<string, Decision[]>();
  readonly #decisionsByWindow = new Map<string, Decision[]>();
  readonly evaluationIds = new Set<string>();
  /** The newest evaluation of each school in each window (a later one at the same instant wins). */
  readonly #latestEvaluation = new Map<string, EvaluationSlot>();
  /** Windows each school has an evaluation in, and schools evaluated in each window. */
  readonly #evaluatedBySchool = new Map<string, Set<string>>();
  readonly #evaluatedByWindow = new Map<string, Set<string>>();
  readonly conversations = new Map<string, Conversation>();
  readonly lastDone = new Map<string, Map<string, LastDone>>();
  /** In the order queued; replacing a message keeps its place. */
  readonly outbox = new Map<string, OutboxMessage>();
  readonly outboxByKey = new Map<string, OutboxMessage>();
  readonly jobRuns = new Map<string, JobRun>();
  /** By decision and area, in the order first confirmed; an answer replaces the record in place. */
  readonly pairings = new Map<string, Pairing>();
  readonly #pairingsByDecision = new Map<string, string[]>();
  auditSeq = 0;

  constructor(
    /** The audit log, when this state keeps it in memory (the file store reads it from disk instead). */
    readonly audit: AuditEntry[] | null = [],
  ) {}

  apply(op: Op): void {
    if (op.kind === 'evaluation') {
      const record = op.record;
      const { evaluation: _body, ...head } = record;
      this.addEvaluation({ head, load: () => record });
      return;
    }
    switch (op.kind) {
      case 'trust': this.trust = op.record; break;
      case 'window': this.windows.set(op.record.id, op.record); break;
      case 'submission': {
        const record = op.record;
        const { answers: _answers, ...head } = record;
        this.putSubmission({ head, load: () => record });
        break;
      }
      case 'decision': this.#addDecision(op.record); break;
      case 'conversation': this.conversations.set(conversationKey(op.record.key, op.record.platform), op.record); break;
      case 'lastDone': {
        const bySchool = this.lastDone.get(op.record.schoolId) ?? new Map<string, LastDone>();
        bySchool.set(op.record.activityId, op.record);
        this.lastDone.set(op.record.schoolId, bySchool);
        break;
      }
      case 'outbox': this.outbox.set(op.record.id, op.record); this.outboxByKey.set(op.record.idempotencyKey, op.record); break;
      case 'jobRun': this.jobRuns.set(op.record.id, op.record); break;
      case 'pairing': {
        const key = pair(op.record.decisionId, op.record.area);
        if (!this.pairings.has(key)) push(this.#pairingsByDecision, op.record.decisionId, key);
        this.pairings.set(key, op.record);
        break;
      }
      case 'audit':
        this.auditSeq = Math.max(this.auditSeq, op.record.seq);
        this.audit?.push(op.record);
        break;
    }
  }

  addEvaluation(slot: EvaluationSlot): void {
    const { id, schoolId, windowId, at } = slot.head;
    this.evaluationIds.add(id);
    const key = pair(schoolId, windowId);
    const latest = this.#latestEvaluation.get(key);
    if (!latest || Date.parse(at) >= Date.parse(latest.head.at)) this.#latestEvaluation.set(key, slot);
    const windows = this.#evaluatedBySchool.get(schoolId) ?? new Set<string>();
    windows.add(windowId);
    this.#evaluatedBySchool.set(schoolId, windows);
    const schools = this.#evaluatedByWindow.get(windowId) ?? new Set<string>();
    schools.add(schoolId);
    this.#evaluatedByWindow.set(windowId, schools);
  }

  /** Every evaluation slot kept, newest per school and window only. */
  latestEvaluationSlots(): IterableIterator<EvaluationSlot> {
    return this.#latestEvaluation.values();
  }

  putSubmission(slot: SubmissionSlot): void {
    const { schoolId, windowId, id } = slot.head;
    const key = pair(schoolId, windowId);
    if (!this.submissions.has(key)) {
      push(this.#submissionsBySchool, schoolId, key);
      push(this.#submissionsByWindow, windowId, key);
    }
    this.submissions.set(key, slot);
    this.submissionIds.set(id, key);
  }

  #addDecision(record: Decision): void {
    this.decisions.push(record);
    this.decisionsById.set(record.id, record);
    insertByTime(this.#decisionsBySchool, record.schoolId, record);
    insertByTime(this.#decisionsByWindow, record.windowId, record);
  }

  submission(schoolId: string, windowId: string): SubmissionSlot | undefined {
    return this.submissions.get(pair(schoolId, windowId));
  }

  submissionById(id: string): SubmissionHead | undefined {
    const key = this.submissionIds.get(id);
    return key === undefined ? undefined : this.submissions.get(key)?.head;
  }

  /** In the order first saved. */
  listSubmissions(filter: { schoolId?: string; windowId?: string }): SubmissionSlot[] {
    const keys = filter.schoolId !== undefined ? this.#submissionsBySchool.get(filter.schoolId) ?? []
      : filter.windowId !== undefined ? this.#submissionsByWindow.get(filter.windowId) ?? []
        : [...this.submissions.keys()];
    return keys.map((k) => this.submissions.get(k)!).filter((s) => filter.windowId === undefined || s.head.windowId === filter.windowId);
  }

  /** By decision time (the same instant: in the order added) when filtered; all of them in the order added. */
  listDecisions(filter: { schoolId?: string; windowId?: string }): Decision[] {
    const list = filter.schoolId !== undefined ? this.#decisionsBySchool.get(filter.schoolId) ?? []
      : filter.windowId !== undefined ? this.#decisionsByWindow.get(filter.windowId) ?? []
        : this.decisions;
    return filter.schoolId !== undefined && filter.windowId !== undefined ? list.filter((d) => d.windowId === filter.windowId) : list;
  }

  /** A decision's pairings, in the order first confirmed. */
  pairingsOf(decisionId: string): Pairing[] {
    return (this.#pairingsByDecision.get(decisionId) ?? []).map((key) => this.pairings.get(key)!);
  }

  pairing(decisionId: string, area: string): Pairing | undefined {
    return this.pairings.get(pair(decisionId, area));
  }

  schoolsWithDecisions(): IterableIterator<string> {
    return this.#decisionsBySchool.keys();
  }

  latestEvaluation(schoolId: string, windowId: string): EvaluationSlot | undefined {
    return this.#latestEvaluation.get(pair(schoolId, windowId));
  }

  schoolsEvaluatedIn(windowId: string): string[] {
    return [...(this.#evaluatedByWindow.get(windowId) ?? [])];
  }

  /** A deeply frozen copy of the trust, made once per version of it. */
  frozenTrust(): Trust | null {
    if (this.trust === null) return null;
    if (this.#frozen?.trust !== this.trust) this.#frozen = { trust: this.trust, frozen: deepFreeze(structuredClone(this.trust)) };
    return this.#frozen.frozen;
  }
  #frozen: { trust: Trust; frozen: Trust } | null = null;

  conversation(key: string, platform: Conversation['platform']): Conversation | undefined {
    return this.conversations.get(conversationKey(key, platform));
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function conversationKey(key: string, platform: string): string {
  return `${platform}\u0000${key}`;
}
