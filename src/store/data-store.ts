/**
 * The Store's behaviour written once over a StoreData document, so that the lowdb file and the
 * in-memory store cannot drift apart. An implementation supplies two primitives: a snapshot to
 * read, and a serialised read-modify-write that keeps the change only when the function returns.
 */
import type { z } from 'zod';
import { issuesOf } from './file.js';
import { StoreConflictError, StoreRecordError, type Enqueued, type OutboxChange, type Store } from './port.js';
import {
  AuditEntry, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, ReviewWindow, Submission, Trust,
  type AuditInput, type StoreData,
} from './records.js';

/** A job run in one of these states is final: the job never runs again. */
const FINISHED: ReadonlySet<JobRun['state']> = new Set(['done', 'skipped', 'missed']);

export abstract class DataStore implements Store {
  /** The current document. Read only: callers copy what they hand out. */
  protected abstract snapshot(): Promise<StoreData>;
  /**
   * Runs `change` on a private copy of the current document and keeps the result only if it
   * returns; a throw leaves the store as it was. Calls are serialised.
   */
  protected abstract mutate<T>(change: (data: StoreData) => T): Promise<T>;

  async getTrust() {
    return copy((await this.snapshot()).trust);
  }

  async saveTrust(trust: Trust, audit: AuditInput) {
    const record = valid(Trust, trust, `the trust "${trust?.id}"`);
    const entry = auditOf(audit);
    await this.mutate((data) => {
      data.trust = record;
      append(data, entry);
    });
  }

  /** Windows in date order. */
  async listWindows() {
    const windows = copy((await this.snapshot()).windows);
    return windows.sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id));
  }

  async saveWindow(window: ReviewWindow, audit: AuditInput, expected?: { state: ReviewWindow['state'] }) {
    const record = valid(ReviewWindow, window, `the review window "${window?.id}"`);
    const entry = auditOf(audit);
    await this.mutate((data) => {
      if (expected) {
        const stored = data.windows.find((w) => w.id === record.id)?.state ?? 'scheduled';
        if (stored !== expected.state) throw new StoreConflictError(`window ${record.id} (${stored}, expected ${expected.state})`, 0, 0);
        const other = record.state === 'open' && data.windows.find((w) => w.id !== record.id && w.state === 'open');
        if (other) throw new StoreConflictError(`window ${record.id} (window ${other.id} is open)`, 0, 0);
      }
      upsert(data.windows, record, (w) => w.id === record.id);
      append(data, entry);
    });
  }

  async getSubmission(schoolId: string, windowId: string) {
    const found = (await this.snapshot()).submissions.find((s) => s.schoolId === schoolId && s.windowId === windowId);
    return found ? copy(found) : null;
  }

  async listSubmissions(filter: { schoolId?: string; windowId?: string } = {}) {
    return copy((await this.snapshot()).submissions.filter((s) => matches(s, filter)));
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
    await this.mutate((data) => {
      const sameId = data.submissions.find((s) => s.id === record.id);
      if (sameId && (sameId.schoolId !== record.schoolId || sameId.windowId !== record.windowId)) {
        throw new StoreRecordError(subject, [
          `id: already used by the submission of school "${sameId.schoolId}" in window "${sameId.windowId}"`,
        ]);
      }
      const stored = data.submissions.find((s) => s.schoolId === record.schoolId && s.windowId === record.windowId);
      const actual = stored?.version ?? 0;
      // Another id for the same school and window means someone else started it first.
      if (actual !== expectedVersion || (stored && stored.id !== record.id)) {
        throw new StoreConflictError(`submission ${record.schoolId}/${record.windowId}`, expectedVersion, actual);
      }
      upsert(data.submissions, record, (s) => s.id === record.id);
      append(data, entry);
    });
  }

  async addEvaluation(evaluation: EvaluationRecord, audit: AuditInput) {
    const subject = `the evaluation "${evaluation?.id}"`;
    const record = valid(EvaluationRecord, evaluation, subject);
    const entry = auditOf(audit);
    await this.mutate((data) => {
      refuseDuplicate(data.evaluations, record.id, subject);
      data.evaluations.push(record);
      append(data, entry);
    });
  }

  async latestEvaluation(schoolId: string, windowId: string) {
    let latest: EvaluationRecord | null = null;
    for (const e of (await this.snapshot()).evaluations) {
      if (e.schoolId !== schoolId || e.windowId !== windowId) continue;
      if (!latest || Date.parse(e.at) >= Date.parse(latest.at)) latest = e;
    }
    return copy(latest);
  }

  /** Oldest first by decision time; decisions made at the same instant keep the order they were added. */
  async listDecisions(filter: { schoolId?: string; windowId?: string } = {}) {
    const decisions = copy((await this.snapshot()).decisions.filter((d) => matches(d, filter)));
    return decisions.sort((a, b) => Date.parse(a.decidedAt) - Date.parse(b.decidedAt));
  }

  async addDecision(decision: Decision, audit: AuditInput) {
    const subject = `the decision "${decision?.id}"`;
    const record = valid(Decision, decision, subject);
    if (record.kind === 'overridden' && !record.rationale?.trim()) {
      throw new StoreRecordError(subject, ['rationale: required when the proposal is overridden']);
    }
    const entry = auditOf(audit);
    await this.mutate((data) => {
      refuseDuplicate(data.decisions, record.id, subject);
      data.decisions.push(record);
      append(data, entry);
    });
  }

  async getConversation(key: string, platform: Conversation['platform']) {
    const found = (await this.snapshot()).conversations.find((c) => c.key === key && c.platform === platform);
    return found ? copy(found) : null;
  }

  async saveConversation(conversation: Conversation) {
    const record = valid(Conversation, conversation, `the conversation "${conversation?.key}"`);
    await this.mutate((data) => {
      upsert(data.conversations, record, (c) => c.key === record.key && c.platform === record.platform);
    });
  }

  async listLastDone(schoolId: string) {
    return copy((await this.snapshot()).lastDone.filter((l) => l.schoolId === schoolId));
  }

  async saveLastDone(entry: LastDone, audit: AuditInput) {
    const record = valid(LastDone, entry, `when "${entry?.activityId}" was last done`);
    const auditEntry = auditOf(audit);
    await this.mutate((data) => {
      upsert(data.lastDone, record, (l) => l.schoolId === record.schoolId && l.activityId === record.activityId);
      append(data, auditEntry);
    });
  }

  async enqueue(message: OutboxMessage) {
    const [kept] = await this.enqueueMany([message]);
    return kept!;
  }

  async enqueueMany(messages: readonly OutboxMessage[]) {
    // Every record is checked before the write, so a bad one leaves the outbox as it was.
    const records = messages.map((m) => valid(OutboxMessage, m, `the outbox message "${m?.id}"`));
    if (records.length === 0) return [];
    return this.mutate((data) => {
      const byKey = new Map(data.outbox.map((m) => [m.idempotencyKey, m]));
      const ids = new Set(data.outbox.map((m) => m.id));
      return records.map((record): Enqueued => {
        const kept = byKey.get(record.idempotencyKey);
        if (kept) return { message: copy(kept), added: false };
        if (ids.has(record.id)) throw new StoreRecordError(`the outbox message "${record.id}"`, [`id: "${record.id}" is already stored`]);
        data.outbox.push(record);
        byKey.set(record.idempotencyKey, record);
        ids.add(record.id);
        return { message: copy(record), added: true };
      });
    });
  }

  /** Messages in the order they were queued. */
  async listOutbox(filter: { state?: OutboxMessage['state'] } = {}) {
    return copy((await this.snapshot()).outbox.filter((m) => !filter.state || m.state === filter.state));
  }

  async updateOutbox(id: string, change: OutboxChange) {
    await this.updateOutboxMany([{ id, change }]);
  }

  async updateOutboxMany(changes: { id: string; change: OutboxChange }[]) {
    if (changes.length === 0) return;
    await this.mutate((data) => {
      const at = new Map(data.outbox.map((m, i) => [m.id, i]));
      for (const { id, change } of changes) {
        const subject = `the outbox message "${id}"`;
        const index = at.get(id);
        if (index === undefined) throw new StoreRecordError(subject, ['id: no such message in the outbox']);
        const { state, attempts, notBefore, sentAt, lastError, throttled } = change;
        data.outbox[index] = valid(OutboxMessage, { ...data.outbox[index], ...definedOnly({ state, attempts, notBefore, sentAt, lastError, throttled }) }, subject);
      }
    });
  }

  async listJobRuns() {
    return copy((await this.snapshot()).jobRuns ?? []);
  }

  async saveJobRun(run: JobRun) {
    const record = valid(JobRun, run, `the run of job "${run?.id}"`);
    return this.mutate((data) => {
      const runs = (data.jobRuns ??= []);
      const kept = runs.find((r) => r.id === record.id);
      if (kept && FINISHED.has(kept.state)) return { run: copy(kept), saved: false };
      upsert(runs, record, (r) => r.id === record.id);
      return { run: copy(record), saved: true };
    });
  }

  async listAudit(filter: { subject?: string } = {}) {
    return copy((await this.snapshot()).audit.filter((a) => !filter.subject || a.subject === filter.subject));
  }
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

/** Appends in the same write as the change it describes; seq follows the file's last entry. */
function append(data: StoreData, entry: Omit<AuditEntry, 'seq'>): void {
  const last = data.audit[data.audit.length - 1];
  data.audit.push({ ...entry, seq: (last?.seq ?? 0) + 1 });
}

function upsert<T>(list: T[], record: T, same: (item: T) => boolean): void {
  const index = list.findIndex(same);
  if (index >= 0) list[index] = record;
  else list.push(record);
}

function refuseDuplicate(list: { id: string }[], id: string, subject: string): void {
  if (list.some((r) => r.id === id)) throw new StoreRecordError(subject, [`id: "${id}" is already stored`]);
}

function matches(record: { schoolId: string; windowId: string }, filter: { schoolId?: string; windowId?: string }): boolean {
  return (!filter.schoolId || record.schoolId === filter.schoolId) && (!filter.windowId || record.windowId === filter.windowId);
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
