/**
 * The rules every store keeps, whatever it is built on: each record checked with zod as it is
 * written, an override kept only with its rationale, a submission's version counted by the
 * store, a finished job run never changed, one outbox message per idempotency key. The embedded
 * stores (data-store.ts) and the database store (postgres/) both call these, so the contract
 * suite (test/store/behaviour.test.ts) holds for each the same way.
 */
import type { z } from 'zod';
import { issuesOf } from './file.js';
import { StoreConflictError, StoreRecordError, type Enqueued, type ImportRecord, type OutboxChange, type OutboxClaim } from './port.js';
import {
  AuditEntry, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
  type AuditInput, type KindedRecord,
} from './records.js';

/** A job run in one of these states is final: the job never runs again. */
export const FINISHED_RUN: ReadonlySet<JobRun['state']> = new Set(['done', 'skipped', 'missed']);

export function isFinished(run: JobRun | null | undefined): boolean {
  return !!run && FINISHED_RUN.has(run.state);
}

/**
 * Stored records go through JSON first, so every implementation keeps exactly what the file
 * would (no undefined fields, no shared references) and a caller's object is never kept.
 */
export function valid<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  let plain: unknown;
  try {
    plain = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch (e) {
    throw new StoreRecordError(subject, [`not plain data: ${(e as Error).message}`]);
  }
  const parsed = schema.safeParse(plain, { reportInput: true });
  if (!parsed.success) throw new StoreRecordError(subject, issuesOf(parsed.error));
  return parsed.data;
}

/** The audit entry without its seq: the store numbers it inside the write. */
export type PlannedAudit = Omit<AuditEntry, 'seq'>;

export function auditOf(audit: AuditInput): PlannedAudit {
  const { seq: _seq, ...entry } = valid(AuditEntry, { ...audit, seq: 1 }, `the audit entry for "${audit?.subject}"`);
  return entry;
}

export function checkedTrust(trust: Trust): Trust {
  return valid(Trust, trust, `the trust "${trust?.id}"`);
}

/** A store keeps one trust: its id, once kept, never changes. */
export function checkSameTrust(kept: Trust | null, record: Trust): void {
  if (kept && kept.id !== record.id) {
    throw new StoreRecordError(`the trust "${record.id}"`, [`id: this store keeps the trust "${kept.id}"; a store holds one trust, and its id never changes`]);
  }
}

export function checkedWindow(window: ReviewWindow): ReviewWindow {
  return valid(ReviewWindow, window, `the review window "${window?.id}"`);
}

/**
 * The stored version is always `expectedVersion + 1`, whatever version the record carries: the
 * store, not the caller, counts saves.
 */
export function checkedSubmission(submission: Submission, expectedVersion: number): Submission {
  const subject = `the submission "${submission?.id}"`;
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new StoreRecordError(subject, [`expectedVersion: expected a whole number 0 or more, found ${String(expectedVersion)}`]);
  }
  return valid(Submission, { ...submission, version: expectedVersion + 1 }, subject);
}

/** What a submission save is checked against: the one stored for its school and window, and any stored under its id. */
export function checkSubmissionSave(
  record: Submission,
  expectedVersion: number,
  stored: Pick<Submission, 'id' | 'version'> | null,
  sameId: Pick<Submission, 'schoolId' | 'windowId'> | null,
): void {
  const subject = `the submission "${record.id}"`;
  if (sameId && (sameId.schoolId !== record.schoolId || sameId.windowId !== record.windowId)) {
    throw new StoreRecordError(subject, [`id: already used by the submission of school "${sameId.schoolId}" in window "${sameId.windowId}"`]);
  }
  const actual = stored?.version ?? 0;
  // Another id for the same school and window means someone else started it first.
  if (actual !== expectedVersion || (stored && stored.id !== record.id)) {
    throw new StoreConflictError(`submission ${record.schoolId}/${record.windowId}`, expectedVersion, actual);
  }
}

export function checkedEvaluation(record: EvaluationRecord): EvaluationRecord {
  return valid(EvaluationRecord, record, `the evaluation "${record?.id}"`);
}

/** An override is kept only with the rationale leadership gave for it. */
export function checkedDecision(decision: Decision): Decision {
  const subject = `the decision "${decision?.id}"`;
  const record = valid(Decision, decision, subject);
  if (record.kind === 'overridden' && !record.rationale?.trim()) {
    throw new StoreRecordError(subject, ['rationale: required when the proposal is overridden']);
  }
  return record;
}

/** A decision or an evaluation is added once: its id is never reused. */
export function alreadyStored(kind: 'decision' | 'evaluation', id: string): StoreRecordError {
  return new StoreRecordError(`the ${kind} "${id}"`, [`id: "${id}" is already stored`]);
}

export function checkedPairing(pairing: Pairing): Pairing {
  const subject = pairingSubject(pairing);
  const record = valid(Pairing, pairing, subject);
  if (record.peerSchoolId === record.schoolId) throw new StoreRecordError(subject, ['peerSchoolId: a school is never its own peer']);
  if (record.answer !== 'awaited' && (!record.answeredBy || !record.answeredAt)) {
    throw new StoreRecordError(subject, ['answeredBy, answeredAt: required once the supporting head has answered']);
  }
  return record;
}

/** A pairing is kept on a stored decision of its school, in that decision's window; with `expected`, only from the answer the caller saw. */
export function checkPairingSave(
  record: Pairing,
  decision: Pick<Decision, 'schoolId' | 'windowId'> | null,
  storedAnswer: Pairing['answer'] | null,
  expected: { answer: Pairing['answer'] | null } | undefined,
): void {
  const subject = pairingSubject(record);
  if (!decision || decision.schoolId !== record.schoolId) {
    throw new StoreRecordError(subject, [`decisionId: no decision "${record.decisionId}" of school "${record.schoolId}" is stored`]);
  }
  if (decision.windowId !== record.windowId) throw new StoreRecordError(subject, [`windowId: the decision is in window "${decision.windowId}", not "${record.windowId}"`]);
  if (expected && storedAnswer !== expected.answer) {
    throw new StoreConflictError(`pairing ${record.decisionId}/${record.area} (${storedAnswer ?? 'none'}, expected ${expected.answer ?? 'none'})`, 0, 0);
  }
}

function pairingSubject(pairing: Pairing): string {
  return `the pairing "${pairing?.decisionId}/${pairing?.area}"`;
}

/**
 * A window save with `expected` is a compare-and-set: refused unless the stored window is in
 * the state expected (one never stored counts as "scheduled") and, when it opens the window,
 * unless no other window is open.
 */
export function checkWindowSave(record: ReviewWindow, storedState: ReviewWindow['state'] | null, otherOpen: string | null, expected: { state: ReviewWindow['state'] } | undefined): void {
  if (!expected) return;
  const stored = storedState ?? 'scheduled';
  if (stored !== expected.state) throw new StoreConflictError(`window ${record.id} (${stored}, expected ${expected.state})`, 0, 0);
  if (record.state === 'open' && otherOpen) throw new StoreConflictError(`window ${record.id} (window ${otherOpen} is open)`, 0, 0);
}

export function checkedConversation(conversation: Conversation): Conversation {
  return valid(Conversation, conversation, `the conversation "${conversation?.key}"`);
}

export function checkedLastDone(entry: LastDone): LastDone {
  return valid(LastDone, entry, `when "${entry?.activityId}" was last done`);
}

export function checkedJobRun(run: JobRun): JobRun {
  return valid(JobRun, run, `the run of job "${run?.id}"`);
}

/** Every message is checked before anything is written, so a bad one leaves the outbox as it was. */
export function checkedMessages(messages: readonly OutboxMessage[]): OutboxMessage[] {
  return messages.map((m) => valid(OutboxMessage, m, `the outbox message "${m?.id}"`));
}

/**
 * One message per idempotency key: a message whose key is kept (or comes earlier in the batch)
 * is answered with the one kept; an id already used refuses the batch. `kept` looks a key up in
 * the store, `idTaken` an id.
 */
export function planEnqueue(
  records: readonly OutboxMessage[],
  kept: (key: string) => OutboxMessage | undefined,
  idTaken: (id: string) => boolean,
): { added: OutboxMessage[]; result: Enqueued[] } {
  const byKey = new Map<string, OutboxMessage>();
  const ids = new Set<string>();
  const added: OutboxMessage[] = [];
  const result = records.map((record): Enqueued => {
    const same = byKey.get(record.idempotencyKey) ?? kept(record.idempotencyKey);
    if (same) return { message: structuredClone(same), added: false };
    if (ids.has(record.id) || idTaken(record.id)) {
      throw new StoreRecordError(`the outbox message "${record.id}"`, [`id: "${record.id}" is already stored`]);
    }
    added.push(record);
    byKey.set(record.idempotencyKey, record);
    ids.add(record.id);
    return { message: structuredClone(record), added: true };
  });
  return { added, result };
}

/** A send's outcome applied to the message kept; an unknown id is refused. An outcome that ends the message ends its claim. */
export function changedMessage(id: string, kept: OutboxMessage | undefined, change: OutboxChange): OutboxMessage {
  const subject = `the outbox message "${id}"`;
  if (kept === undefined) throw new StoreRecordError(subject, ['id: no such message in the outbox']);
  const { state, attempts, notBefore, sentAt, lastError, throttled } = change;
  const defined = Object.fromEntries(Object.entries({ state, attempts, notBefore, sentAt, lastError, throttled }).filter(([, v]) => v !== undefined));
  const changed = { ...kept, ...defined };
  return valid(OutboxMessage, changed.state === 'pending' ? changed : unclaimed(changed), subject);
}

/** The message without a claim on it. */
export function unclaimed(message: OutboxMessage): OutboxMessage {
  const { claimedBy: _by, claimedUntil: _until, ...rest } = message;
  return rest;
}

export function checkClaim(claim: OutboxClaim): void {
  const problems: string[] = [];
  if (typeof claim?.by !== 'string' || !claim.by.trim()) problems.push('by: expected the sender\'s name');
  if (typeof claim?.now !== 'string' || Number.isNaN(Date.parse(claim.now))) problems.push(`now: expected an instant, found ${String(claim?.now)}`);
  if (!Number.isInteger(claim?.leaseMs) || claim.leaseMs < 1) problems.push(`leaseMs: expected a whole number 1 or more, found ${String(claim?.leaseMs)}`);
  if (!Number.isInteger(claim?.conversations) || claim.conversations < 1) problems.push(`conversations: expected a whole number 1 or more, found ${String(claim?.conversations)}`);
  if (problems.length) throw new StoreRecordError('the outbox claim', problems);
}

/**
 * The messages a claim takes (in the order queued), from the pending ones in that order: whole conversations,
 * oldest first, whose oldest message may go at `claim.now` and which no other sender holds at
 * `storeNow` (a claim whose lease has ended holds nothing).
 */
export function claimable(pending: readonly OutboxMessage[], claim: OutboxClaim, storeNow: number): OutboxMessage[] {
  const byConversation = new Map<string, OutboxMessage[]>();
  for (const m of pending) {
    if (m.state !== 'pending') continue;
    const key = `${m.platform}\u0000${m.to}`;
    byConversation.set(key, [...(byConversation.get(key) ?? []), m]);
  }
  const out: OutboxMessage[] = [];
  let taken = 0;
  for (const list of byConversation.values()) {
    if (taken >= claim.conversations) break;
    const held = list.some((m) => m.claimedBy !== undefined && m.claimedBy !== claim.by && Date.parse(m.claimedUntil ?? '') > storeNow);
    const head = list[0]!;
    if (held || (head.notBefore !== undefined && Date.parse(head.notBefore) > Date.parse(claim.now))) continue;
    out.push(...list);
    taken++;
  }
  // In the order queued, as every list of the outbox is.
  const place = new Map(pending.map((m, i) => [m.id, i]));
  return out.sort((a, b) => place.get(a.id)! - place.get(b.id)!);
}

/** The school a message is about, as the outbox keeps it beside its view (src/outbox/payload.ts); null when none. */
export function schoolOfMessage(message: Pick<OutboxMessage, 'payload'>): string | null {
  const school = message.payload.school as { id?: unknown } | null | undefined;
  return typeof school?.id === 'string' ? school.id : null;
}

const IMPORTABLE: Record<Exclude<ImportRecord['kind'], 'audit'>, z.ZodType> = {
  trust: Trust, window: ReviewWindow, submission: Submission, evaluation: EvaluationRecord, decision: Decision,
  conversation: Conversation, lastDone: LastDone, pairing: Pairing, outbox: OutboxMessage, jobRun: JobRun,
};

export type CheckedImport = { audit: PlannedAudit | null } & KindedRecord<null>;

/** Every record to import checked, named by its place in the list; one bad record refuses them all. */
export function checkedImport(records: readonly ImportRecord[]): CheckedImport[] {
  return records.map((r, i) => {
    const subject = `record ${i + 1} to import (${r?.kind})`;
    // An audit entry of its own (a copied log) is the record; others may carry one.
    if (r?.kind === 'audit') return { kind: 'audit', record: null, audit: auditOf(r.record) };
    const schema = Object.hasOwn(IMPORTABLE, r?.kind) ? IMPORTABLE[r.kind] : undefined;
    if (!schema) throw new StoreRecordError(subject, [`kind: expected one of ${[...Object.keys(IMPORTABLE), 'audit'].join(', ')}, found ${String(r?.kind)}`]);
    return { kind: r.kind, record: valid(schema, r.record, subject), audit: r.audit ? auditOf(r.audit) : null } as CheckedImport;
  });
}

/** An import names one trust, the store's own when it keeps one. */
export function checkImportTrust(records: readonly CheckedImport[], storeTrust: string | null): void {
  for (const r of records) {
    if (r.kind === 'trust' && storeTrust !== null && r.record.id !== storeTrust) {
      throw new StoreRecordError(`the trust "${r.record.id}" to import`, [`id: this store keeps the trust "${storeTrust}"; a store holds one trust, and its id never changes`]);
    }
  }
  const trusts = records.filter((r) => r.kind === 'trust');
  if (trusts.length > 1) throw new StoreRecordError('the records to import', [`${trusts.length} trusts: a store holds one trust`]);
}

export function importRefused(kept: Pick<Trust, 'id'>): StoreRecordError {
  return new StoreRecordError('the records to import', [`the store already holds the trust "${kept.id}"; import fills an empty store only`]);
}

export function checkPerSchool(perSchool: number): void {
  if (!Number.isInteger(perSchool) || perSchool < 1) {
    throw new StoreRecordError('the latest decisions', [`perSchool: expected a whole number 1 or more, found ${String(perSchool)}`]);
  }
}
