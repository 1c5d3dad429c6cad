/**
 * The Store's behaviour written once over the indexed state (state.ts), so that the file store
 * and the in-memory store cannot drift apart. An implementation supplies two primitives: the
 * current state to read, and a serialised commit that keeps a planned list of operations only
 * when planning succeeds. The rules every store keeps are in rules.ts.
 */
import type { ImportRecord, OutboxChange, OutboxClaim, SchoolStanding, Store } from './port.js';
import type {
  AuditEntry, AuditInput, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
} from './records.js';
import {
  alreadyStored, auditOf, changedMessage, checkedConversation, checkedDecision, checkedEvaluation, checkedImport, checkedJobRun,
  checkedLastDone, checkedMessages, checkedPairing, checkedSubmission, checkedTrust, checkedWindow, checkPairingSave, checkPerSchool,
  checkClaim, checkImportTrust, checkSameTrust, claimable, unclaimed, checkSubmissionSave, checkWindowSave, importRefused, isFinished, planEnqueue, schoolOfMessage, type PlannedAudit,
} from './rules.js';
import type { Op, StoreState } from './state.js';

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
    const record = checkedTrust(trust);
    const entry = auditOf(audit);
    await this.commit((state) => {
      checkSameTrust(state.trust, record);
      return { ops: [{ kind: 'trust', record }, audited(state, entry)], result: undefined };
    });
  }

  /** Windows in date order. */
  async listWindows() {
    const windows = copy([...(await this.current()).windows.values()]);
    return windows.sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id));
  }

  async saveWindow(window: ReviewWindow, audit: AuditInput, expected?: { state: ReviewWindow['state'] }) {
    const record = checkedWindow(window);
    const entry = auditOf(audit);
    await this.commit((state) => {
      const otherOpen = [...state.windows.values()].find((w) => w.id !== record.id && w.state === 'open')?.id ?? null;
      checkWindowSave(record, state.windows.get(record.id)?.state ?? null, otherOpen, expected);
      return { ops: [{ kind: 'window', record }, audited(state, entry)], result: undefined };
    });
  }

  async getSubmission(schoolId: string, windowId: string) {
    return copy((await this.current()).submission(schoolId, windowId)?.load() ?? null);
  }

  async listSubmissions(filter: { schoolId?: string; windowId?: string } = {}) {
    return copy((await this.current()).listSubmissions(filter).map((slot) => slot.load()));
  }

  /** One submission per school and window; the store counts its versions (rules.ts). */
  async saveSubmission(submission: Submission, expectedVersion: number, audit: AuditInput) {
    const record = checkedSubmission(submission, expectedVersion);
    const entry = auditOf(audit);
    await this.commit((state) => {
      checkSubmissionSave(record, expectedVersion, state.submission(record.schoolId, record.windowId)?.head ?? null, state.submissionById(record.id) ?? null);
      return { ops: [{ kind: 'submission', record }, audited(state, entry)], result: undefined };
    });
  }

  async addEvaluation(evaluation: EvaluationRecord, audit: AuditInput) {
    const record = checkedEvaluation(evaluation);
    const entry = auditOf(audit);
    await this.commit((state) => {
      if (state.evaluationIds.has(record.id)) throw alreadyStored('evaluation', record.id);
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

  async getDecision(id: string) {
    const decision = (await this.current()).decisionsById.get(id);
    return decision ? copyPlain(decision) : null;
  }

  async listLatestDecisions(perSchool: number) {
    checkPerSchool(perSchool);
    const state = await this.current();
    return [...state.schoolsWithDecisions()].sort().flatMap((schoolId) => latestOf(state, schoolId, perSchool));
  }

  async listStandings(windowId: string | null, perSchool: number) {
    checkPerSchool(perSchool);
    const state = await this.current();
    const schools = new Set(state.schoolsWithDecisions());
    if (windowId !== null) {
      for (const slot of state.listSubmissions({ windowId })) schools.add(slot.head.schoolId);
      for (const schoolId of state.schoolsEvaluatedIn(windowId)) schools.add(schoolId);
    }
    // A proposal is decided when a decision in its window answers it (a reopened review's new proposal is not).
    const answered = new Set(windowId === null ? [] : state.listDecisions({ windowId }).map((d) => d.proposalId ?? d.id));
    return [...schools].sort().map((schoolId): SchoolStanding => {
      const submission = windowId === null ? undefined : state.submission(schoolId, windowId)?.head;
      const proposal = windowId === null ? undefined : state.latestEvaluation(schoolId, windowId);
      const category = proposal?.load().evaluation.category;
      return {
        schoolId,
        submission: submission ? { id: submission.id, state: submission.state } : null,
        proposal: proposal ? { id: proposal.head.id, category: category ? { id: category.id, name: category.name } : null } : null,
        decided: proposal !== undefined && answered.has(proposal.head.id),
        decisions: latestOf(state, schoolId, perSchool),
      };
    });
  }

  async addDecision(decision: Decision, audit: AuditInput) {
    const record = checkedDecision(decision);
    const entry = auditOf(audit);
    await this.commit((state) => {
      if (state.decisionsById.has(record.id)) throw alreadyStored('decision', record.id);
      return { ops: [{ kind: 'decision', record }, audited(state, entry)], result: undefined };
    });
  }

  async listPairings(filter: { decisionIds?: readonly string[] } = {}) {
    const state = await this.current();
    if (!filter.decisionIds) return copy([...state.pairings.values()]);
    return copy([...new Set(filter.decisionIds)].flatMap((id) => state.pairingsOf(id)));
  }

  async savePairing(pairing: Pairing, audit: AuditInput, expected?: { answer: Pairing['answer'] | null }) {
    const record = checkedPairing(pairing);
    const entry = auditOf(audit);
    await this.commit((state) => {
      checkPairingSave(record, state.decisionsById.get(record.decisionId) ?? null, state.pairing(record.decisionId, record.area)?.answer ?? null, expected);
      return { ops: [{ kind: 'pairing', record }, audited(state, entry)], result: undefined };
    });
  }

  async getConversation(key: string, platform: Conversation['platform']) {
    return copy((await this.current()).conversation(key, platform) ?? null);
  }

  async saveConversation(conversation: Conversation) {
    const record = checkedConversation(conversation);
    await this.commit(() => ({ ops: [{ kind: 'conversation', record }], result: undefined }));
  }

  async listLastDone(schoolId: string) {
    return copy([...((await this.current()).lastDone.get(schoolId)?.values() ?? [])]);
  }

  async saveLastDone(entry: LastDone, audit: AuditInput) {
    const record = checkedLastDone(entry);
    const auditEntry = auditOf(audit);
    await this.commit((state) => ({ ops: [{ kind: 'lastDone', record }, audited(state, auditEntry)], result: undefined }));
  }

  async enqueue(message: OutboxMessage) {
    const [kept] = await this.enqueueMany([message]);
    return kept!;
  }

  async enqueueMany(messages: readonly OutboxMessage[]) {
    const records = checkedMessages(messages);
    if (records.length === 0) return [];
    return this.commit((state) => {
      const { added, result } = planEnqueue(records, (key) => state.outboxByKey.get(key), (id) => state.outbox.has(id));
      return { ops: added.map((record): Op => ({ kind: 'outbox', record })), result };
    });
  }

  /** Messages in the order they were queued: the state's map keeps it, and a change keeps a message's place. */
  async listOutbox(filter: { state?: OutboxMessage['state']; schoolId?: string } = {}) {
    return copy([...(await this.current()).outbox.values()].filter((m) => (!filter.state || m.state === filter.state)
      && (filter.schoolId === undefined || schoolOfMessage(m) === filter.schoolId)));
  }

  async updateOutbox(id: string, change: OutboxChange) {
    await this.updateOutboxMany([{ id, change }]);
  }

  async updateOutboxMany(changes: { id: string; change: OutboxChange }[]) {
    if (changes.length === 0) return;
    await this.commit((state) => {
      const updated = new Map<string, OutboxMessage>();
      for (const { id, change } of changes) updated.set(id, changedMessage(id, updated.get(id) ?? state.outbox.get(id), change));
      return { ops: [...updated.values()].map((record): Op => ({ kind: 'outbox', record })), result: undefined };
    });
  }

  async claimOutbox(claim: OutboxClaim) {
    checkClaim(claim);
    return this.commit((state) => {
      const storeNow = Date.now();
      const claimedUntil = new Date(storeNow + claim.leaseMs).toISOString();
      const records = claimable([...state.outbox.values()], claim, storeNow).map((m): OutboxMessage => ({ ...m, claimedBy: claim.by, claimedUntil }));
      return { ops: records.map((record): Op => ({ kind: 'outbox', record })), result: copy(records) };
    });
  }

  async releaseOutbox(by: string, ids: readonly string[]) {
    if (ids.length === 0) return;
    await this.commit((state) => {
      const released = ids.map((id) => state.outbox.get(id)).filter((m): m is OutboxMessage => m?.claimedBy === by).map(unclaimed);
      return { ops: released.map((record): Op => ({ kind: 'outbox', record })), result: undefined };
    });
  }

  /** Senders are this process's own: the embedded stores serve one process. */
  readonly #senders = new Map<string, number>();
  async liveSenders(by: string, leaseMs: number) {
    const now = Date.now();
    this.#senders.set(by, now + leaseMs);
    for (const [sender, until] of this.#senders) if (until <= now) this.#senders.delete(sender);
    return this.#senders.size;
  }

  /** Locks are this process's own: the embedded stores serve one bot process. */
  readonly #locks = new Set<string>();
  async withLock<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.#locks.has(name)) return { ran: false };
    this.#locks.add(name);
    try {
      return { ran: true, value: await work() };
    } finally {
      this.#locks.delete(name);
    }
  }

  async listJobRuns() {
    const runs = copy([...(await this.current()).jobRuns.values()]);
    return runs.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async saveJobRun(run: JobRun) {
    const record = checkedJobRun(run);
    return this.commit((state) => {
      const kept = state.jobRuns.get(record.id);
      if (isFinished(kept)) return { ops: [], result: { run: copy(kept!), saved: false } };
      return { ops: [{ kind: 'jobRun', record }], result: { run: copy(record), saved: true } };
    });
  }

  async listAudit(filter: { subject?: string } = {}) {
    return copy((await this.readAudit()).filter((a) => !filter.subject || a.subject === filter.subject));
  }

  async importRecords(records: readonly ImportRecord[]) {
    const planned = checkedImport(records);
    checkImportTrust(planned, null);
    await this.commit((state) => {
      if (state.trust) throw importRefused(state.trust);
      const ops: Op[] = [];
      let seq = state.auditSeq;
      for (const { audit, ...op } of planned) {
        if (op.kind !== 'audit') ops.push(op as Op);
        if (audit) ops.push({ kind: 'audit', record: { ...audit, seq: ++seq } });
      }
      return { ops, result: undefined };
    });
  }

  /** Every evaluation kept, older ones included, in the order written. */
  protected abstract allEvaluations(): Promise<EvaluationRecord[]>;

  async exportRecords(): Promise<ImportRecord[]> {
    const state = await this.current();
    const out: ImportRecord[] = [];
    const trust = state.trust;
    for (const record of await this.listWindows()) out.push({ kind: 'window', record });
    for (const slot of state.listSubmissions({})) out.push({ kind: 'submission', record: copy(slot.load()) });
    for (const record of await this.allEvaluations()) out.push({ kind: 'evaluation', record: copy(record) });
    for (const record of state.decisions) out.push({ kind: 'decision', record: copyPlain(record) });
    for (const record of state.pairings.values()) out.push({ kind: 'pairing', record: copy(record) });
    for (const record of state.conversations.values()) out.push({ kind: 'conversation', record: copy(record) });
    for (const byActivity of state.lastDone.values()) for (const record of byActivity.values()) out.push({ kind: 'lastDone', record: copy(record) });
    for (const record of state.outbox.values()) out.push({ kind: 'outbox', record: copy(record) });
    for (const record of await this.listJobRuns()) out.push({ kind: 'jobRun', record });
    for (const { seq: _seq, ...entry } of await this.readAudit()) out.push({ kind: 'audit', record: copy(entry) });
    // The trust last, as a seed writes it: a store holding its trust is complete.
    if (trust) out.push({ kind: 'trust', record: copy(trust) });
    return out;
  }
}

/** A school's newest `perSchool` decisions, oldest first. */
function latestOf(state: StoreState, schoolId: string, perSchool: number): Decision[] {
  const list = state.listDecisions({ schoolId });
  return list.slice(Math.max(0, list.length - perSchool)).map(copyPlain);
}

function byDecisionTime(decisions: readonly Decision[]): Decision[] {
  // Array.prototype.sort is stable: decisions at the same instant keep the order they were added.
  return [...decisions].sort((a, b) => Date.parse(a.decidedAt) - Date.parse(b.decidedAt));
}

/** The audit entry as the next in the log: seq follows the last entry kept. */
function audited(state: StoreState, entry: PlannedAudit): Op {
  return { kind: 'audit', record: { ...entry, seq: state.auditSeq + 1 } };
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A deep copy of plain data (what a record is: objects, arrays, strings, numbers, booleans,
 * null), field by field: the overview reads every school's latest few decisions on each request,
 * and structuredClone's serialising costs several times this for such small records.
 */
function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}
