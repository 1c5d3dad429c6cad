/**
 * The Store's behaviour written once over the indexed state (state.ts), so that the file store
 * and the in-memory store cannot drift apart. An implementation supplies two primitives: the
 * current state to read, and a serialised commit that keeps a planned list of operations only
 * when planning succeeds. Every record is checked with zod here, as it is written.
 */
import type { z } from 'zod';
import { issuesOf } from './file.js';
import { StoreConflictError, StoreRecordError, type Enqueued, type ImportRecord, type OutboxChange, type Store } from './port.js';
import {
  AuditEntry, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
  type AuditInput,
} from './records.js';
import type { Op, StoreState } from './state.js';

/** A job run in one of these states is final: the job never runs again. */
const FINISHED: ReadonlySet<JobRun['state']> = new Set(['done', 'skipped', 'missed']);

/** What a change writes, and what it answers. */
export interface Plan<T> {
  ops: Op[];
  result: T;
}

export abstract class DataStore implements Store {
  /** The current state, read only: callers copy what they hand out. */
  protected abstract current(): Promise<StoreState>;
  /**
   * Plans a change on the current state and keeps its operations, all or none; a throw from
   * `plan` leaves the store as it was. Calls are serialised.
   */
  protected abstract commit<T>(plan: (state: StoreState) => Plan<T>): Promise<T>;
  /** The whole audit log, oldest first. */
  protected async readAudit(): Promise<AuditEntry[]> {
    return (await this.current()).audit ?? [];
  }

  /** Read-only (deeply frozen) and shared: it is read on every message, and nothing changes it in place. */
  async getTrust() {
    return (await this.current()).frozenTrust();
  }

  async saveTrust(trust: Trust, audit: AuditInput) {
    const record = valid(Trust, trust, `the trust "${trust?.id}"`);
    const entry = auditOf(audit);
    await this.commit((state) => ({ ops: [{ kind: 'trust', record }, audited(state, entry)], result: undefined }));
  }

  /** Windows in date order. */
  async listWindows() {
    const windows = copy([...(await this.current()).windows.values()]);
    return windows.sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id));
  }

  async saveWindow(window: ReviewWindow, audit: AuditInput, expected?: { state: ReviewWindow['state'] }) {
    const record = valid(ReviewWindow, window, `the review window "${window?.id}"`);
    const entry = auditOf(audit);
    await this.commit((state) => {
      if (expected) {
        const stored = state.windows.get(record.id)?.state ?? 'scheduled';
        if (stored !== expected.state) throw new StoreConflictError(`window ${record.id} (${stored}, expected ${expected.state})`, 0, 0);
        const other = record.state === 'open' ? [...state.windows.values()].find((w) => w.id !== record.id && w.state === 'open') : undefined;
        if (other) throw new StoreConflictError(`window ${record.id} (window ${other.id} is open)`, 0, 0);
      }
      return { ops: [{ kind: 'window', record }, audited(state, entry)], result: undefined };
    });
  }

  async getSubmission(schoolId: string, windowId: string) {
    return copy((await this.current()).submission(schoolId, windowId)?.load() ?? null);
  }

  async listSubmissions(filter: { schoolId?: string; windowId?: string } = {}) {
    return copy((await this.current()).listSubmissions(filter).map((slot) => slot.load()));
  }

  /**
   * One submission per school and window. The stored version is always `expectedVersion + 1`,
   * whatever version the record carries: the store, not the caller, counts saves.
   */
  async saveSubmission(submission: Submission, expectedVersion: number, audit: AuditInput) {
    const subject = `the submission "${submission?.id}"`;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new StoreRecordError(subject, [`expectedVersion: expected a whole number 0 or more, found ${String(expectedVersion)}`]);
    }
    const record = valid(Submission, { ...submission, version: expectedVersion + 1 }, subject);
    const entry = auditOf(audit);
    await this.commit((state) => {
      const sameId = state.submissionById(record.id);
      if (sameId && (sameId.schoolId !== record.schoolId || sameId.windowId !== record.windowId)) {
        throw new StoreRecordError(subject, [
          `id: already used by the submission of school "${sameId.schoolId}" in window "${sameId.windowId}"`,
        ]);
      }
      const stored = state.submission(record.schoolId, record.windowId)?.head;
      const actual = stored?.version ?? 0;
      // Another id for the same school and window means someone else started it first.
      if (actual !== expectedVersion || (stored && stored.id !== record.id)) {
        throw new StoreConflictError(`submission ${record.schoolId}/${record.windowId}`, expectedVersion, actual);
      }
      return { ops: [{ kind: 'submission', record }, audited(state, entry)], result: undefined };
    });
  }

  async addEvaluation(evaluation: EvaluationRecord, audit: AuditInput) {
    const subject = `the evaluation "${evaluation?.id}"`;
    const record = valid(EvaluationRecord, evaluation, subject);
    const entry = auditOf(audit);
    await this.commit((state) => {
      if (state.evaluationIds.has(record.id)) throw new StoreRecordError(subject, [`id: "${record.id}" is already stored`]);
      return { ops: [{ kind: 'evaluation', record }, audited(state, entry)], result: undefined };
    });
  }

  async latestEvaluation(schoolId: string, windowId: string) {
    const slot = (await this.current()).latestEvaluation(schoolId, windowId);
    return slot ? copy(slot.load()) : null;
  }

  async latestEvaluations(windowId: string) {
    const state = await this.current();
    return state.schoolsEvaluatedIn(windowId).sort().map((schoolId) => copy(state.latestEvaluation(schoolId, windowId)!.load()));
  }

  /** Oldest first by decision time; decisions made at the same instant keep the order they were added. */
  async listDecisions(filter: { schoolId?: string; windowId?: string } = {}) {
    const decisions = (await this.current()).listDecisions(filter);
    // Lists by school or window are kept in decision-time order; the whole list is sorted here.
    return copy(filter.schoolId === undefined && filter.windowId === undefined ? byDecisionTime(decisions) : decisions);
  }

  async listLatestDecisions(perSchool: number) {
    if (!Number.isInteger(perSchool) || perSchool < 1) {
      throw new StoreRecordError('the latest decisions', [`perSchool: expected a whole number 1 or more, found ${String(perSchool)}`]);
    }
    const state = await this.current();
    const out: Decision[] = [];
    for (const schoolId of [...state.schoolsWithDecisions()].sort()) {
      const list = state.listDecisions({ schoolId });
      out.push(...list.slice(Math.max(0, list.length - perSchool)));
    }
    return out.map(copyDecision);
  }

  async addDecision(decision: Decision, audit: AuditInput) {
    const subject = `the decision "${decision?.id}"`;
    const record = valid(Decision, decision, subject);
    if (record.kind === 'overridden' && !record.rationale?.trim()) {
      throw new StoreRecordError(subject, ['rationale: required when the proposal is overridden']);
    }
    const entry = auditOf(audit);
    await this.commit((state) => {
      if (state.decisionIds.has(record.id)) throw new StoreRecordError(subject, [`id: "${record.id}" is already stored`]);
      return { ops: [{ kind: 'decision', record }, audited(state, entry)], result: undefined };
    });
  }

  async listPairings(filter: { decisionIds?: readonly string[] } = {}) {
    const state = await this.current();
    const ids = filter.decisionIds ?? [...state.pairings.keys()];
    return copy([...new Set(ids)].flatMap((id) => [...(state.pairings.get(id)?.values() ?? [])]));
  }

  async savePairing(pairing: Pairing, audit: AuditInput, expected?: { answer: Pairing['answer'] | null }) {
    const subject = `the pairing "${pairing?.decisionId}/${pairing?.area}"`;
    const record = valid(Pairing, pairing, subject);
    if (record.peerSchoolId === record.schoolId) throw new StoreRecordError(subject, ['peerSchoolId: a school is never its own peer']);
    if (record.answer !== 'awaited' && (!record.answeredBy || !record.answeredAt)) {
      throw new StoreRecordError(subject, ['answeredBy, answeredAt: required once the supporting head has answered']);
    }
    const entry = auditOf(audit);
    await this.commit((state) => {
      const decision = state.decisionIds.has(record.decisionId) ? state.listDecisions({ schoolId: record.schoolId }).find((d) => d.id === record.decisionId) : undefined;
      if (!decision) throw new StoreRecordError(subject, [`decisionId: no decision "${record.decisionId}" of school "${record.schoolId}" is stored`]);
      if (decision.windowId !== record.windowId) throw new StoreRecordError(subject, [`windowId: the decision is in window "${decision.windowId}", not "${record.windowId}"`]);
      if (expected) {
        const stored = state.pairings.get(record.decisionId)?.get(record.area)?.answer ?? null;
        if (stored !== expected.answer) throw new StoreConflictError(`pairing ${record.decisionId}/${record.area} (${stored ?? 'none'}, expected ${expected.answer ?? 'none'})`, 0, 0);
      }
      return { ops: [{ kind: 'pairing', record }, audited(state, entry)], result: undefined };
    });
  }

  async getConversation(key: string, platform: Conversation['platform']) {
    return copy((await this.current()).conversation(key, platform) ?? null);
  }

  async saveConversation(conversation: Conversation) {
    const record = valid(Conversation, conversation, `the conversation "${conversation?.key}"`);
    await this.commit(() => ({ ops: [{ kind: 'conversation', record }], result: undefined }));
  }

  async listLastDone(schoolId: string) {
    return copy([...((await this.current()).lastDone.get(schoolId)?.values() ?? [])]);
  }

  async saveLastDone(entry: LastDone, audit: AuditInput) {
    const record = valid(LastDone, entry, `when "${entry?.activityId}" was last done`);
    const auditEntry = auditOf(audit);
    await this.commit((state) => ({ ops: [{ kind: 'lastDone', record }, audited(state, auditEntry)], result: undefined }));
  }

  async enqueue(message: OutboxMessage) {
    const [kept] = await this.enqueueMany([message]);
    return kept!;
  }

  async enqueueMany(messages: readonly OutboxMessage[]) {
    // Every record is checked before the write, so a bad one leaves the outbox as it was.
    const records = messages.map((m) => valid(OutboxMessage, m, `the outbox message "${m?.id}"`));
    if (records.length === 0) return [];
    return this.commit((state) => {
      const byKey = new Map<string, OutboxMessage>();
      const ids = new Set<string>();
      const ops: Op[] = [];
      const result = records.map((record): Enqueued => {
        const kept = byKey.get(record.idempotencyKey) ?? state.outboxByKey.get(record.idempotencyKey);
        if (kept) return { message: copy(kept), added: false };
        if (ids.has(record.id) || state.outbox.has(record.id)) {
          throw new StoreRecordError(`the outbox message "${record.id}"`, [`id: "${record.id}" is already stored`]);
        }
        ops.push({ kind: 'outbox', record });
        byKey.set(record.idempotencyKey, record);
        ids.add(record.id);
        return { message: copy(record), added: true };
      });
      return { ops, result };
    });
  }

  /** Messages in the order they were queued. */
  async listOutbox(filter: { state?: OutboxMessage['state'] } = {}) {
    return copy([...(await this.current()).outbox.values()].filter((m) => !filter.state || m.state === filter.state));
  }

  async updateOutbox(id: string, change: OutboxChange) {
    await this.updateOutboxMany([{ id, change }]);
  }

  async updateOutboxMany(changes: { id: string; change: OutboxChange }[]) {
    if (changes.length === 0) return;
    await this.commit((state) => {
      const updated = new Map<string, OutboxMessage>();
      for (const { id, change } of changes) {
        const subject = `the outbox message "${id}"`;
        const kept = updated.get(id) ?? state.outbox.get(id);
        if (kept === undefined) throw new StoreRecordError(subject, ['id: no such message in the outbox']);
        const { state: messageState, attempts, notBefore, sentAt, lastError, throttled } = change;
        updated.set(id, valid(OutboxMessage, { ...kept, ...definedOnly({ state: messageState, attempts, notBefore, sentAt, lastError, throttled }) }, subject));
      }
      return { ops: [...updated.values()].map((record): Op => ({ kind: 'outbox', record })), result: undefined };
    });
  }

  async listJobRuns() {
    return copy([...(await this.current()).jobRuns.values()]);
  }

  async saveJobRun(run: JobRun) {
    const record = valid(JobRun, run, `the run of job "${run?.id}"`);
    return this.commit((state) => {
      const kept = state.jobRuns.get(record.id);
      if (kept && FINISHED.has(kept.state)) return { ops: [], result: { run: copy(kept), saved: false } };
      return { ops: [{ kind: 'jobRun', record }], result: { run: copy(record), saved: true } };
    });
  }

  async listAudit(filter: { subject?: string } = {}) {
    return copy((await this.readAudit()).filter((a) => !filter.subject || a.subject === filter.subject));
  }

  async importRecords(records: readonly ImportRecord[]) {
    const planned: { op: Op; audit: Omit<AuditEntry, 'seq'> | null }[] = records.map((r, i) => {
      const subject = `record ${i + 1} to import (${r?.kind})`;
      const schema = IMPORTABLE[r?.kind];
      if (!schema) throw new StoreRecordError(subject, [`kind: expected one of ${Object.keys(IMPORTABLE).join(', ')}, found ${String(r?.kind)}`]);
      return { op: { kind: r.kind, record: valid(schema, r.record, subject) } as Op, audit: r.audit ? auditOf(r.audit) : null };
    });
    await this.commit((state) => {
      if (state.trust) throw new StoreRecordError('the records to import', [`the store already holds the trust "${state.trust.id}"; import fills an empty store only`]);
      const ops: Op[] = [];
      let seq = state.auditSeq;
      for (const { op, audit } of planned) {
        ops.push(op);
        if (audit) ops.push({ kind: 'audit', record: { ...audit, seq: ++seq } });
      }
      return { ops, result: undefined };
    });
  }
}

const IMPORTABLE: Record<ImportRecord['kind'], z.ZodType> = {
  trust: Trust, window: ReviewWindow, submission: Submission, evaluation: EvaluationRecord, decision: Decision,
  conversation: Conversation, lastDone: LastDone, pairing: Pairing,
};

function byDecisionTime(decisions: readonly Decision[]): Decision[] {
  // Array.prototype.sort is stable: decisions at the same instant keep the order they were added.
  return [...decisions].sort((a, b) => Date.parse(a.decidedAt) - Date.parse(b.decidedAt));
}

/** The audit entry as the next in the log: seq follows the last entry kept. */
function audited(state: StoreState, entry: Omit<AuditEntry, 'seq'>): Op {
  return { kind: 'audit', record: { ...entry, seq: state.auditSeq + 1 } };
}

/**
 * Stored records go through JSON first, so every implementation keeps exactly what the file
 * would (no undefined fields, no shared references) and a caller's object is never kept.
 */
function valid<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  let plain: unknown;
  try {
    plain = jsonCopy(value);
  } catch (e) {
    throw new StoreRecordError(subject, [`not plain data: ${(e as Error).message}`]);
  }
  const parsed = schema.safeParse(plain, { reportInput: true });
  if (!parsed.success) throw new StoreRecordError(subject, issuesOf(parsed.error));
  return parsed.data;
}

function auditOf(audit: AuditInput): Omit<AuditEntry, 'seq'> {
  // seq is given when the entry is appended, inside the write.
  return valid(AuditEntry, { ...audit, seq: 1 }, `the audit entry for "${audit?.subject}"`);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function jsonCopy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A decision copied field by field: the overview reads every school's latest few on each
 * request, and structuredClone's serialising costs several times this for such small records.
 */
function copyDecision(d: Decision): Decision {
  return copyPlain(d);
}

/** A deep copy of plain data (what a record is: objects, arrays, strings, numbers, booleans, null). */
function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}
