/**
 * One trust's records in PostgreSQL: the Store port over the tables of migrations.ts, every
 * query naming the trust. A write and its audit entry are one transaction. The rules every store
 * keeps are rules.ts's; the checks that depend on what is stored are made against rows locked
 * in the write's transaction (`for update`), and where two writers could both find nothing
 * stored, the database's unique keys refuse the second (answered as a conflict, as the file
 * store answers it).
 */
import type pg from 'pg';
import { StoreConflictError, StoreRecordError, type Enqueued, type ImportRecord, type OutboxChange, type OutboxClaim, type SchoolStanding, type Store } from '../port.js';
import type {
  AuditInput, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
} from '../records.js';
import {
  alreadyStored, auditOf as checkedAudit, changedMessage, checkClaim, checkedConversation, checkedDecision, checkedEvaluation, checkedImport,
  checkedJobRun, checkedLastDone, checkedMessages, checkedPairing, checkedSubmission, checkedTrust, checkedWindow, checkImportTrust,
  checkPairingSave, checkPerSchool, checkSameTrust, checkSubmissionSave, checkWindowSave, importRefused, planEnqueue, type PlannedAudit,
} from '../rules.js';
import {
  auditOf, auditRow, COLUMNS, conversationOf, conversationRow, decisionOf, decisionRow, evaluationOf, evaluationRow, jobRunOf, jobRunRow,
  lastDoneOf, lastDoneRow, outboxOf, outboxRow, pairingOf, pairingRow, personRows, schoolRows, submissionOf, submissionRow, trustOf, trustRow,
  windowOf, windowRow, type Row, type Table,
} from './rows.js';

type Query = Pick<pg.PoolClient, 'query'>;

/** Rows are written in groups of this many: one statement each, whatever the size of an import. */
const BATCH = 500;

const UNIQUE_VIOLATION = '23505';

export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  /** The trust every query names. */
  readonly trustId: string;
  /** The trust as last read, frozen, with the version it was read at. */
  #trust: { version: string; trust: Trust } | null = null;

  constructor(pool: pg.Pool, trustId: string) {
    this.#pool = pool;
    this.trustId = trustId;
  }

  // ---- the trust ----

  /** Read-only (deeply frozen) and shared while the stored version is the one read: one small query per call. */
  async getTrust() {
    const { rows } = await this.#pool.query<{ version: string }>('select version from trusts where id = $1', [this.trustId]);
    const version = rows[0]?.version;
    if (version === undefined) return null;
    if (this.#trust?.version === version) return this.#trust.trust;
    const loaded = await this.#pool.query(`
      select t.*,
        coalesce((select json_agg(to_json(s) order by s.position) from schools s where s.trust_id = t.id), '[]') as schools,
        coalesce((select json_agg(to_json(p) order by p.position) from people p where p.trust_id = t.id), '[]') as people
      from trusts t where t.id = $1`, [this.trustId]);
    const row = loaded.rows[0] as Row | undefined;
    if (!row) return null;
    const trust = deepFreeze(trustOf(row));
    this.#trust = { version: String(row.version), trust };
    return trust;
  }

  async saveTrust(trust: Trust, audit: AuditInput) {
    const record = checkedTrust(trust);
    checkSameTrust({ id: this.trustId } as Trust, record);
    const entry = checkedAudit(audit);
    await this.#write(async (c) => {
      await writeTrust(c, this.trustId, record);
      await this.#audit(c, [entry]);
    }, (e) => tenantTaken(e, record));
  }

  // ---- windows ----

  async listWindows() {
    const { rows } = await this.#pool.query('select * from review_windows where trust_id = $1 order by opens_on, id collate "C"', [this.trustId]);
    return rows.map(windowOf);
  }

  async saveWindow(window: ReviewWindow, audit: AuditInput, expected?: { state: ReviewWindow['state'] }) {
    const record = checkedWindow(window);
    const entry = checkedAudit(audit);
    await this.#write(async (c) => {
      const stored = await c.query<{ state: ReviewWindow['state'] }>('select state from review_windows where trust_id = $1 and id = $2 for update', [this.trustId, record.id]);
      const other = await c.query<{ id: string }>("select id from review_windows where trust_id = $1 and state = 'open' and id <> $2 limit 1", [this.trustId, record.id]);
      checkWindowSave(record, stored.rows[0]?.state ?? null, other.rows[0]?.id ?? null, expected);
      await insert(c, 'review_windows', [windowRow(this.trustId, record)], upsert('review_windows', ['trust_id', 'id']));
      await this.#audit(c, [entry]);
    }, (e) => (isUnique(e) ? new StoreConflictError(`window ${record.id} (another save of it, or of another open window, came first)`, 0, 0) : null));
  }

  // ---- submissions ----

  async getSubmission(schoolId: string, windowId: string) {
    const { rows } = await this.#pool.query('select * from submissions where trust_id = $1 and school_id = $2 and window_id = $3', [this.trustId, schoolId, windowId]);
    return rows[0] ? submissionOf(rows[0]) : null;
  }

  async listSubmissions(filter: { schoolId?: string; windowId?: string } = {}) {
    const { rows } = await this.#pool.query(
      'select * from submissions where trust_id = $1 and ($2::text is null or school_id = $2) and ($3::text is null or window_id = $3) order by seq',
      [this.trustId, filter.schoolId ?? null, filter.windowId ?? null],
    );
    return rows.map(submissionOf);
  }

  async saveSubmission(submission: Submission, expectedVersion: number, audit: AuditInput) {
    const record = checkedSubmission(submission, expectedVersion);
    const entry = checkedAudit(audit);
    await this.#write(async (c) => {
      const { rows } = await c.query<{ id: string; school_id: string; window_id: string; version: number }>(
        'select id, school_id, window_id, version from submissions where trust_id = $1 and (id = $2 or (school_id = $3 and window_id = $4)) for update',
        [this.trustId, record.id, record.schoolId, record.windowId],
      );
      const stored = rows.find((r) => r.school_id === record.schoolId && r.window_id === record.windowId);
      const sameId = rows.find((r) => r.id === record.id);
      checkSubmissionSave(record, expectedVersion, stored ?? null, sameId ? { schoolId: sameId.school_id, windowId: sameId.window_id } : null);
      if (stored) {
        await c.query(`update submissions set state = $4, answers = $5, version = $6, updated_at = $7, updated_by = $8, submitted_at = $9, submitted_by = $10, rubric_id = $11
          where trust_id = $1 and school_id = $2 and window_id = $3`, [
          this.trustId, record.schoolId, record.windowId, record.state, JSON.stringify(record.answers), record.version, record.updatedAt, record.updatedBy,
          record.submittedAt ?? null, record.submittedBy ?? null, record.rubricId,
        ]);
      } else {
        await insert(c, 'submissions', [submissionRow(this.trustId, record)]);
      }
      await this.#audit(c, [entry]);
    }, (e) => (isUnique(e) ? new StoreConflictError(`submission ${record.schoolId}/${record.windowId}`, expectedVersion, expectedVersion + 1) : null));
  }

  // ---- evaluations ----

  async addEvaluation(evaluation: EvaluationRecord, audit: AuditInput) {
    const record = checkedEvaluation(evaluation);
    await this.#addOnce('evaluations', evaluationRow(this.trustId, record), audit, 'evaluation', record.id);
  }

  /** The newest by time; of two at the same instant, the later added. */
  async latestEvaluation(schoolId: string, windowId: string) {
    const { rows } = await this.#pool.query(
      'select * from evaluations where trust_id = $1 and school_id = $2 and window_id = $3 order by at_time desc, seq desc limit 1',
      [this.trustId, schoolId, windowId],
    );
    return rows[0] ? evaluationOf(rows[0]) : null;
  }

  async latestEvaluations(windowId: string) {
    const { rows } = await this.#pool.query(
      `select distinct on (school_id collate "C") * from evaluations where trust_id = $1 and window_id = $2
       order by school_id collate "C", at_time desc, seq desc`,
      [this.trustId, windowId],
    );
    return rows.map(evaluationOf);
  }

  // ---- decisions ----

  async listDecisions(filter: { schoolId?: string; windowId?: string } = {}) {
    const { rows } = await this.#pool.query(
      'select * from decisions where trust_id = $1 and ($2::text is null or school_id = $2) and ($3::text is null or window_id = $3) order by decided_time, seq',
      [this.trustId, filter.schoolId ?? null, filter.windowId ?? null],
    );
    return rows.map(decisionOf);
  }

  async getDecision(id: string) {
    const { rows } = await this.#pool.query('select * from decisions where trust_id = $1 and id = $2', [this.trustId, id]);
    return rows[0] ? decisionOf(rows[0]) : null;
  }

  async addDecision(decision: Decision, audit: AuditInput) {
    const record = checkedDecision(decision);
    await this.#addOnce('decisions', decisionRow(this.trustId, record), audit, 'decision', record.id);
  }

  async listLatestDecisions(perSchool: number) {
    checkPerSchool(perSchool);
    const { rows } = await this.#pool.query(`${LATEST_DECISIONS} select * from latest order by school_id collate "C", decided_time, seq`, [this.trustId, perSchool]);
    return rows.map(decisionOf);
  }

  async listStandings(windowId: string | null, perSchool: number) {
    checkPerSchool(perSchool);
    const { rows } = await this.#pool.query({
      // Named: prepared once per connection, as the overview asks it on every /status.
      name: 'termly-standings',
      text: `${LATEST_DECISIONS},
      newest as (select school_id, json_agg(to_json(l) order by l.decided_time, l.seq) as decisions from latest l group by school_id),
      subs as (select school_id, id, state from submissions where trust_id = $1 and window_id = $3),
      props as (
        select distinct on (school_id) school_id, id, category_id, category_name from evaluations
        where trust_id = $1 and window_id = $3 order by school_id, at_time desc, seq desc),
      answered as (select coalesce(proposal_id, id) as proposal from decisions where trust_id = $1 and window_id = $3),
      schools as (select school_id from newest union select school_id from subs union select school_id from props)
      select s.school_id, subs.id as submission_id, subs.state as submission_state,
        props.id as proposal_id, props.category_id, props.category_name,
        props.id is not null and exists (select 1 from answered a where a.proposal = props.id) as decided,
        coalesce(newest.decisions, '[]') as decisions
      from schools s left join subs using (school_id) left join props using (school_id) left join newest using (school_id)
      order by s.school_id collate "C"`,
      values: [this.trustId, perSchool, windowId],
    });
    return rows.map((r: Row): SchoolStanding => ({
      schoolId: r.school_id as string,
      submission: r.submission_id ? { id: r.submission_id as string, state: r.submission_state as Submission['state'] } : null,
      proposal: r.proposal_id
        ? { id: r.proposal_id as string, category: r.category_id ? { id: r.category_id as string, name: r.category_name as string } : null }
        : null,
      decided: r.decided as boolean,
      decisions: (r.decisions as Row[]).map(decisionOf),
    }));
  }

  // ---- pairings ----

  async listPairings(filter: { decisionIds?: readonly string[] } = {}) {
    const { rows } = filter.decisionIds
      ? await this.#pool.query(
        'select * from pairings where trust_id = $1 and decision_id = any($2::text[]) order by array_position($2::text[], decision_id), seq',
        [this.trustId, [...filter.decisionIds]],
      )
      : await this.#pool.query('select * from pairings where trust_id = $1 order by seq', [this.trustId]);
    return rows.map(pairingOf);
  }

  async savePairing(pairing: Pairing, audit: AuditInput, expected?: { answer: Pairing['answer'] | null }) {
    const record = checkedPairing(pairing);
    const entry = checkedAudit(audit);
    await this.#write(async (c) => {
      const decision = await c.query<{ school_id: string; window_id: string }>('select school_id, window_id from decisions where trust_id = $1 and id = $2', [this.trustId, record.decisionId]);
      const stored = await c.query<{ answer: Pairing['answer'] }>(
        'select answer from pairings where trust_id = $1 and decision_id = $2 and area = $3 for update', [this.trustId, record.decisionId, record.area],
      );
      const d = decision.rows[0];
      checkPairingSave(record, d ? { schoolId: d.school_id, windowId: d.window_id } : null, stored.rows[0]?.answer ?? null, expected);
      // Expecting none: a plain insert, so a second confirmation made at the same moment is refused by the key.
      const conflict = expected?.answer === null ? '' : upsert('pairings', ['trust_id', 'decision_id', 'area']);
      await insert(c, 'pairings', [pairingRow(this.trustId, record)], conflict);
      await this.#audit(c, [entry]);
    }, (e) => (isUnique(e) ? new StoreConflictError(`pairing ${record.decisionId}/${record.area} (confirmed meanwhile)`, 0, 0) : null));
  }

  // ---- conversations, last done ----

  async getConversation(key: string, platform: Conversation['platform']) {
    const { rows } = await this.#pool.query('select * from conversations where trust_id = $1 and platform = $2 and key = $3', [this.trustId, platform, key]);
    return rows[0] ? conversationOf(rows[0]) : null;
  }

  async saveConversation(conversation: Conversation) {
    const record = checkedConversation(conversation);
    await insert(this.#pool, 'conversations', [conversationRow(this.trustId, record)], upsert('conversations', ['trust_id', 'platform', 'key']));
  }

  async listLastDone(schoolId: string) {
    const { rows } = await this.#pool.query('select * from last_done where trust_id = $1 and school_id = $2 order by activity_id collate "C"', [this.trustId, schoolId]);
    return rows.map(lastDoneOf);
  }

  async saveLastDone(entry: LastDone, audit: AuditInput) {
    const record = checkedLastDone(entry);
    const auditEntry = checkedAudit(audit);
    await this.#write(async (c) => {
      await insert(c, 'last_done', [lastDoneRow(this.trustId, record)], upsert('last_done', ['trust_id', 'school_id', 'activity_id']));
      await this.#audit(c, [auditEntry]);
    });
  }

  // ---- the outbox ----

  async enqueue(message: OutboxMessage) {
    const [kept] = await this.enqueueMany([message]);
    return kept!;
  }

  async enqueueMany(messages: readonly OutboxMessage[]): Promise<Enqueued[]> {
    const records = checkedMessages(messages);
    if (records.length === 0) return [];
    return this.#write(async (c) => {
      const keys = records.map((r) => r.idempotencyKey);
      const ids = records.map((r) => r.id);
      const found = await c.query('select * from outbox where trust_id = $1 and (idempotency_key = any($2::text[]) or id = any($3::text[]))', [this.trustId, keys, ids]);
      const kept = found.rows.map(outboxOf);
      const byKey = new Map(kept.map((m) => [m.idempotencyKey, m]));
      const takenIds = new Set(kept.map((m) => m.id));
      const { added, result } = planEnqueue(records, (key) => byKey.get(key), (id) => takenIds.has(id));
      if (added.length === 0) return result;
      // Another writer may have queued the same key since: its message is kept, and answered here.
      const inserted = await insert(c, 'outbox', added.map((m) => outboxRow(this.trustId, m)), 'on conflict (trust_id, idempotency_key) do nothing returning id');
      const written = new Set(inserted.map((r) => r.id as string));
      const lost = added.filter((m) => !written.has(m.id));
      if (lost.length === 0) return result;
      const now = await c.query('select * from outbox where trust_id = $1 and idempotency_key = any($2::text[])', [this.trustId, lost.map((m) => m.idempotencyKey)]);
      const winners = new Map(now.rows.map(outboxOf).map((m) => [m.idempotencyKey, m]));
      return result.map((r) => (r.added && !written.has(r.message.id) ? { message: winners.get(r.message.idempotencyKey)!, added: false } : r));
    }, (e) => (isUnique(e) ? new StoreRecordError('the outbox messages', ['id: one of them is already stored']) : null));
  }

  async listOutbox(filter: { state?: OutboxMessage['state']; schoolId?: string } = {}) {
    const { rows } = await this.#pool.query(
      'select * from outbox where trust_id = $1 and ($2::text is null or state = $2) and ($3::text is null or school_id = $3) order by seq',
      [this.trustId, filter.state ?? null, filter.schoolId ?? null],
    );
    return rows.map(outboxOf);
  }

  async updateOutbox(id: string, change: OutboxChange) {
    await this.updateOutboxMany([{ id, change }]);
  }

  async updateOutboxMany(changes: { id: string; change: OutboxChange }[]) {
    if (changes.length === 0) return;
    await this.#write(async (c) => {
      const { rows } = await c.query('select * from outbox where trust_id = $1 and id = any($2::text[]) order by seq for update', [this.trustId, changes.map((x) => x.id)]);
      const updated = new Map<string, OutboxMessage>(rows.map(outboxOf).map((m) => [m.id, m]));
      const changed = new Map<string, OutboxMessage>();
      for (const { id, change } of changes) changed.set(id, changedMessage(id, changed.get(id) ?? updated.get(id), change));
      await c.query(`update outbox o set state = x.state, attempts = x.attempts, not_before = x.not_before, sent_at = x.sent_at,
          last_error = x.last_error, throttled = x.throttled, claimed_by = x.claimed_by, claimed_until = x.claimed_until
        from jsonb_to_recordset($2::jsonb) as x(id text, state text, attempts integer, not_before text, sent_at text, last_error text, throttled integer,
          claimed_by text, claimed_until timestamptz)
        where o.trust_id = $1 and o.id = x.id`, [this.trustId, JSON.stringify([...changed.values()].map((m) => outboxRow(this.trustId, m)))]);
    });
  }

  /**
   * One claim at a time per trust (an advisory lock for the transaction), so that two senders
   * never pick the same conversation; the rows are locked `for update skip locked`, so a claim
   * never waits on a sender recording an outcome. Leases run on the database's clock.
   */
  async claimOutbox(claim: OutboxClaim) {
    checkClaim(claim);
    return this.#write(async (c) => {
      await c.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`termly-claim:${this.trustId}`]);
      const { rows } = await c.query(`
        with conversations as (
          select platform, recipient, min(seq) as first from outbox
          where trust_id = $1 and state = 'pending'
          group by platform, recipient
          having bool_and(claimed_by is null or claimed_by = $2 or claimed_until <= now())
            and coalesce((array_agg(not_before order by seq))[1]::timestamptz, '-infinity') <= $3::timestamptz
          order by first
          limit $4),
        picked as (
          select o.id from outbox o join conversations c using (platform, recipient)
          where o.trust_id = $1 and o.state = 'pending' and (o.claimed_by is null or o.claimed_by = $2 or o.claimed_until <= now())
          for update of o skip locked)
        update outbox o set claimed_by = $2, claimed_until = now() + $5 * interval '1 millisecond'
        from picked where o.trust_id = $1 and o.id = picked.id
        returning o.*`, [this.trustId, claim.by, claim.now, claim.conversations, claim.leaseMs]);
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(outboxOf);
    });
  }

  async releaseOutbox(by: string, ids: readonly string[]) {
    if (ids.length === 0) return;
    await this.#pool.query('update outbox set claimed_by = null, claimed_until = null where trust_id = $1 and claimed_by = $2 and id = any($3::text[])', [this.trustId, by, [...ids]]);
  }

  async liveSenders(by: string, leaseMs: number) {
    const { rows } = await this.#pool.query<{ live: string }>(`
      with seen as (
        insert into outbox_senders (trust_id, sender, seen_until) values ($1, $2, now() + $3 * interval '1 millisecond')
        on conflict (trust_id, sender) do update set seen_until = excluded.seen_until),
      gone as (delete from outbox_senders where trust_id = $1 and seen_until <= now() and sender <> $2)
      select count(*) + 1 as live from outbox_senders where trust_id = $1 and seen_until > now() and sender <> $2`, [this.trustId, by, leaseMs]);
    return Number(rows[0]!.live);
  }

  /** A session advisory lock on a connection of its own: let go when the work ends, or when the process holding it dies. */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const client = await this.#pool.connect();
    const key = `termly-lock:${this.trustId}:${name}`;
    try {
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [key]);
      if (!rows[0]!.locked) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  // ---- job runs ----

  async listJobRuns() {
    const { rows } = await this.#pool.query('select * from job_runs where trust_id = $1 order by due_time, id collate "C"', [this.trustId]);
    return rows.map(jobRunOf);
  }

  /** One statement: a run is replaced only while the kept one has not finished, whichever replica writes. */
  async saveJobRun(run: JobRun) {
    const record = checkedJobRun(run);
    return this.#write(async (c) => {
      const written = await insert(c, 'job_runs', [jobRunRow(this.trustId, record)],
        `${upsert('job_runs', ['trust_id', 'id'])} where job_runs.state not in ('done', 'skipped', 'missed') returning id`);
      if (written.length) return { run: record, saved: true };
      const { rows } = await c.query('select * from job_runs where trust_id = $1 and id = $2', [this.trustId, record.id]);
      return { run: jobRunOf(rows[0]), saved: false };
    });
  }

  // ---- audit, import, export ----

  async listAudit(filter: { subject?: string } = {}) {
    const { rows } = await this.#pool.query(
      'select * from audit where trust_id = $1 and ($2::text is null or subject = $2) order by seq', [this.trustId, filter.subject ?? null],
    );
    return rows.map(auditOf);
  }

  async importRecords(records: readonly ImportRecord[]) {
    const planned = checkedImport(records);
    checkImportTrust(planned, this.trustId);
    await this.#write(async (c) => {
      // Two imports into one empty trust at once: the second waits, then finds the trust.
      await c.query('select pg_advisory_xact_lock(hashtext($1))', [`termly-import:${this.trustId}`]);
      const kept = await c.query('select id from trusts where id = $1', [this.trustId]);
      if (kept.rows.length) throw importRefused({ id: this.trustId });
      const rows = new Map<Table, Row[]>();
      const add = (table: Table, row: Row) => rows.set(table, [...(rows.get(table) ?? []), row]);
      const audits: PlannedAudit[] = [];
      let trust: Trust | null = null;
      for (const r of planned) {
        switch (r.kind) {
          case 'trust': trust = r.record; break;
          case 'window': add('review_windows', windowRow(this.trustId, r.record)); break;
          case 'submission': add('submissions', submissionRow(this.trustId, r.record)); break;
          case 'evaluation': add('evaluations', evaluationRow(this.trustId, r.record)); break;
          case 'decision': add('decisions', decisionRow(this.trustId, r.record)); break;
          case 'conversation': add('conversations', conversationRow(this.trustId, r.record)); break;
          case 'lastDone': add('last_done', lastDoneRow(this.trustId, r.record)); break;
          case 'pairing': add('pairings', pairingRow(this.trustId, r.record)); break;
          case 'outbox': add('outbox', outboxRow(this.trustId, r.record)); break;
          case 'jobRun': add('job_runs', jobRunRow(this.trustId, r.record)); break;
          case 'audit': break;
        }
        if (r.audit) audits.push(r.audit);
      }
      // Each table's rows in the order given: the orders the port promises follow from it.
      for (const [table, list] of rows) {
        for (let i = 0; i < list.length; i += BATCH) await insert(c, table, list.slice(i, i + BATCH));
      }
      for (let i = 0; i < audits.length; i += BATCH) await this.#audit(c, audits.slice(i, i + BATCH));
      if (trust) await writeTrust(c, this.trustId, trust);
    }, (e) => tenantTaken(e, planned.find((r) => r.kind === 'trust')?.record as Trust | undefined)
      ?? (isUnique(e) ? new StoreRecordError('the records to import', [`two records share a key (${(e as { detail?: string }).detail ?? (e as Error).message})`]) : null));
  }

  async exportRecords(): Promise<ImportRecord[]> {
    const client = await this.#pool.connect();
    try {
      // One snapshot of the trust: every table read as of the same moment.
      await client.query('begin isolation level repeatable read read only');
      const all = async (table: string, order: string) => (await client.query(`select * from ${table} where trust_id = $1 order by ${order}`, [this.trustId])).rows;
      const out: ImportRecord[] = [];
      for (const r of await all('review_windows', 'opens_on, id collate "C"')) out.push({ kind: 'window', record: windowOf(r) });
      for (const r of await all('submissions', 'seq')) out.push({ kind: 'submission', record: submissionOf(r) });
      for (const r of await all('evaluations', 'seq')) out.push({ kind: 'evaluation', record: evaluationOf(r) });
      for (const r of await all('decisions', 'seq')) out.push({ kind: 'decision', record: decisionOf(r) });
      for (const r of await all('pairings', 'seq')) out.push({ kind: 'pairing', record: pairingOf(r) });
      for (const r of await all('conversations', 'platform, key collate "C"')) out.push({ kind: 'conversation', record: conversationOf(r) });
      for (const r of await all('last_done', 'school_id collate "C", activity_id collate "C"')) out.push({ kind: 'lastDone', record: lastDoneOf(r) });
      for (const r of await all('outbox', 'seq')) out.push({ kind: 'outbox', record: outboxOf(r) });
      for (const r of await all('job_runs', 'due_time, id collate "C"')) out.push({ kind: 'jobRun', record: jobRunOf(r) });
      for (const r of await all('audit', 'seq')) {
        const { seq: _seq, ...entry } = auditOf(r);
        out.push({ kind: 'audit', record: entry });
      }
      const trust = await client.query(`
        select t.*,
          coalesce((select json_agg(to_json(s) order by s.position) from schools s where s.trust_id = t.id), '[]') as schools,
          coalesce((select json_agg(to_json(p) order by p.position) from people p where p.trust_id = t.id), '[]') as people
        from trusts t where t.id = $1`, [this.trustId]);
      if (trust.rows[0]) out.push({ kind: 'trust', record: trustOf(trust.rows[0]) });
      await client.query('commit');
      return out;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  // ---- writing ----

  /**
   * Runs `work` in one transaction: all of it is kept, or none. `refused` turns a database error
   * (a unique key) into the error the port promises; anything else passes as it is.
   */
  async #write<T>(work: (client: pg.PoolClient) => Promise<T>, refused?: (e: unknown) => Error | null): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw refused?.(e) ?? e;
    } finally {
      client.release();
    }
  }

  /** A record that is added once and never changed, with its audit entry; a second with its id is refused. */
  async #addOnce(table: Parameters<typeof insert>[1], row: Parameters<typeof insert>[2][number], audit: AuditInput, kind: Parameters<typeof alreadyStored>[0], id: string): Promise<void> {
    const entry = checkedAudit(audit);
    await this.#write(async (c) => {
      await insert(c, table, [row]);
      await this.#audit(c, [entry]);
    }, (e) => (isUnique(e) ? alreadyStored(kind, id) : null));
  }

  async #audit(c: Query, entries: PlannedAudit[]): Promise<void> {
    if (entries.length) await insert(c, 'audit', entries.map((e) => auditRow(this.trustId, e)));
  }
}

/**
 * Each school's newest $2 decisions in trust $1, as the CTE `latest`: the schools found by
 * skipping through the decisions index from one school to the next, then each school's newest
 * read from the index backwards, so the cost follows the schools, not the years of history.
 */
const LATEST_DECISIONS = `with recursive deciding as (
  (select school_id from decisions where trust_id = $1 order by school_id limit 1)
  union all
  select (select d.school_id from decisions d where d.trust_id = $1 and d.school_id > s.school_id order by d.school_id limit 1)
  from deciding s where s.school_id is not null),
latest as (
  select l.* from deciding s cross join lateral (
    select d.* from decisions d where d.trust_id = $1 and d.school_id = s.school_id order by d.decided_time desc, d.seq desc limit $2) l
  where s.school_id is not null)`;

/** The trust, its schools and its people, replacing what was kept, its version moved on. */
async function writeTrust(c: Query, trustId: string, trust: Trust): Promise<void> {
  await insert(c, 'trusts', [trustRow(trustId, trust)], `${upsert('trusts', ['id'])}, version = trusts.version + 1`);
  await c.query('delete from schools where trust_id = $1', [trustId]);
  await c.query('delete from people where trust_id = $1', [trustId]);
  await insert(c, 'schools', schoolRows(trustId, trust));
  await insert(c, 'people', personRows(trustId, trust));
}

/**
 * Inserts rows (objects keyed by column) in the order given, as one statement: the rows travel
 * as one JSON array and each becomes a row of the table's own type, so every column is cast as
 * the table declares it (`json`, not `jsonb`, on the way: a document keeps its keys' order). `tail` is an `on conflict` / `returning` clause.
 */
async function insert(c: Query, table: Table, rows: Row[], tail = ''): Promise<Row[]> {
  if (rows.length === 0) return [];
  const columns = COLUMNS[table];
  const sql = `insert into ${table} (${columns.join(', ')})
    select ${columns.map((col) => `r.${col}`).join(', ')}
    from json_array_elements($1::json) with ordinality as a(e, ord)
    cross join lateral json_populate_record(null::${table}, a.e) as r
    order by a.ord
    ${tail}`;
  const result = await c.query(sql, [JSON.stringify(rows)]);
  return result.rows as Row[];
}

/** `on conflict (key) do update set` every other column. */
function upsert(table: Table, key: string[]): string {
  const others = COLUMNS[table].filter((col) => !key.includes(col));
  return `on conflict (${key.join(', ')}) do update set ${others.map((col) => `${col} = excluded.${col}`).join(', ')}`;
}

/** A tenant or workspace is one trust's: naming one another trust has is refused, naming it. */
function tenantTaken(e: unknown, trust: Trust | undefined): StoreRecordError | null {
  const constraint = (e as { constraint?: unknown } | null)?.constraint;
  if (!isUnique(e) || !trust) return null;
  if (constraint === 'trusts_teams_tenant') return new StoreRecordError(`the trust "${trust.id}"`, [`teams.tenantId: the tenant "${trust.teams?.tenantId}" belongs to another trust in this database`]);
  if (constraint === 'trusts_slack_team') return new StoreRecordError(`the trust "${trust.id}"`, [`slack.teamId: the workspace "${trust.slack?.teamId}" belongs to another trust in this database`]);
  return null;
}

function isUnique(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
