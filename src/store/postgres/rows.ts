/**
 * Each record as the row (or rows) it is kept in, and back. A record reads back as it was
 * written: an optional field left out is a null column, and a null column leaves the field out.
 */
import type {
  AuditEntry, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, Person, ReviewWindow, School,
  Submission, Trust,
} from '../records.js';
import { schoolOfMessage } from '../rules.js';

export type Row = Record<string, unknown>;

/** The record's fields without those whose column was null. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function trustRow(trustId: string, t: Trust): Row {
  return {
    id: trustId, name: t.name, rubric_id: t.rubricId, leadership_teams: t.leadershipChannel.teams ?? null, leadership_slack: t.leadershipChannel.slack ?? null,
    teams_tenant_id: t.teams?.tenantId ?? null, slack_team_id: t.slack?.teamId ?? null,
  };
}

export function schoolRows(trustId: string, t: Trust): Row[] {
  return t.schools.map((s, position) => ({
    trust_id: trustId, id: s.id, position, name: s.name, aliases: s.aliases, phases: s.phases ?? null, context: s.context ?? null, urn: s.urn ?? null,
  }));
}

export function personRows(trustId: string, t: Trust): Row[] {
  return t.people.map((p, position) => ({
    trust_id: trustId, id: p.id, position, name: p.name, title: p.title, roles: p.roles, school_ids: p.schoolIds,
    teams_aad_object_id: p.teams?.aadObjectId ?? null, slack_user_id: p.slack?.userId ?? null,
  }));
}

/** The trust row with its schools and people as JSON arrays (to_jsonb of their rows), in their order. */
export function trustOf(row: Row): Trust {
  const schools = (row.schools as Row[]).map((s): School => present({
    id: s.id as string, name: s.name as string, aliases: s.aliases as string[], phases: s.phases as string[] | undefined,
    context: s.context as Record<string, string> | undefined, urn: s.urn as string | undefined,
  }));
  const people = (row.people as Row[]).map((p): Person => present({
    id: p.id as string, name: p.name as string, title: p.title as string, roles: p.roles as string[], schoolIds: p.school_ids as string[],
    teams: p.teams_aad_object_id ? { aadObjectId: p.teams_aad_object_id as string } : undefined,
    slack: p.slack_user_id ? { userId: p.slack_user_id as string } : undefined,
  }));
  return present({
    id: row.id as string, name: row.name as string, rubricId: row.rubric_id as string, schools, people,
    leadershipChannel: present({ teams: row.leadership_teams as string | undefined, slack: row.leadership_slack as string | undefined }),
    teams: row.teams_tenant_id ? { tenantId: row.teams_tenant_id as string } : undefined,
    slack: row.slack_team_id ? { teamId: row.slack_team_id as string } : undefined,
  });
}

export function windowRow(trustId: string, w: ReviewWindow): Row {
  return {
    trust_id: trustId, id: w.id, academic_year: w.academicYear, term: w.term, opens_on: w.opensOn, closes_on: w.closesOn, state: w.state,
    opened_at: w.openedAt ?? null, closed_at: w.closedAt ?? null,
  };
}

export function windowOf(r: Row): ReviewWindow {
  return present({
    id: r.id as string, academicYear: r.academic_year as string, term: r.term as ReviewWindow['term'], opensOn: r.opens_on as string,
    closesOn: r.closes_on as string, state: r.state as ReviewWindow['state'], openedAt: r.opened_at as string, closedAt: r.closed_at as string,
  });
}

export function submissionRow(trustId: string, s: Submission): Row {
  return {
    trust_id: trustId, id: s.id, school_id: s.schoolId, window_id: s.windowId, rubric_id: s.rubricId, state: s.state, answers: s.answers,
    version: s.version, updated_at: s.updatedAt, updated_by: s.updatedBy, submitted_at: s.submittedAt ?? null, submitted_by: s.submittedBy ?? null,
  };
}

export function submissionOf(r: Row): Submission {
  return present({
    id: r.id as string, schoolId: r.school_id as string, windowId: r.window_id as string, rubricId: r.rubric_id as string,
    state: r.state as Submission['state'], answers: r.answers as Submission['answers'], version: r.version as number,
    updatedAt: r.updated_at as string, updatedBy: r.updated_by as string, submittedAt: r.submitted_at as string, submittedBy: r.submitted_by as string,
  });
}

export function evaluationRow(trustId: string, e: EvaluationRecord): Row {
  return {
    trust_id: trustId, id: e.id, submission_id: e.submissionId, school_id: e.schoolId, window_id: e.windowId, at: e.at, at_time: e.at,
    category_id: e.evaluation.category?.id ?? null, category_name: e.evaluation.category?.name ?? null, body: e.evaluation, agreed: e.agreed ?? null,
  };
}

export function evaluationOf(r: Row): EvaluationRecord {
  return present({
    id: r.id as string, submissionId: r.submission_id as string, schoolId: r.school_id as string, windowId: r.window_id as string,
    at: r.at as string, evaluation: r.body as EvaluationRecord['evaluation'], agreed: r.agreed as EvaluationRecord['agreed'],
  });
}

export function decisionRow(trustId: string, d: Decision): Row {
  return {
    trust_id: trustId, id: d.id, school_id: d.schoolId, window_id: d.windowId, category: d.category, proposed: d.proposed, proposal_id: d.proposalId ?? null,
    previous: d.previous, kind: d.kind, rationale: d.rationale ?? null, priorities: d.priorities, agreed: d.agreed ?? null,
    decided_by: d.decidedBy, decided_at: d.decidedAt, decided_time: d.decidedAt,
  };
}

export function decisionOf(r: Row): Decision {
  // `proposed` and `previous` are nullable fields, not optional ones: null is kept.
  const { proposed, previous } = r as { proposed: string | null; previous: string | null };
  return {
    ...present({
      id: r.id as string, schoolId: r.school_id as string, windowId: r.window_id as string, category: r.category as string,
      proposalId: r.proposal_id as string, kind: r.kind as Decision['kind'], rationale: r.rationale as string,
      priorities: r.priorities as string[], agreed: r.agreed as Decision['agreed'], decidedBy: r.decided_by as string, decidedAt: r.decided_at as string,
    }),
    proposed,
    previous,
  };
}

export function pairingRow(trustId: string, p: Pairing): Row {
  return {
    trust_id: trustId, decision_id: p.decisionId, area: p.area, school_id: p.schoolId, window_id: p.windowId, peer_school_id: p.peerSchoolId,
    confirmed_by: p.confirmedBy, confirmed_at: p.confirmedAt, answer: p.answer, answered_by: p.answeredBy ?? null, answered_at: p.answeredAt ?? null,
  };
}

export function pairingOf(r: Row): Pairing {
  return present({
    decisionId: r.decision_id as string, schoolId: r.school_id as string, windowId: r.window_id as string, area: r.area as string,
    peerSchoolId: r.peer_school_id as string, confirmedBy: r.confirmed_by as string, confirmedAt: r.confirmed_at as string,
    answer: r.answer as Pairing['answer'], answeredBy: r.answered_by as string, answeredAt: r.answered_at as string,
  });
}

export function conversationRow(trustId: string, c: Conversation): Row {
  return { trust_id: trustId, platform: c.platform, key: c.key, reference: c.reference, updated_at: c.updatedAt };
}

export function conversationOf(r: Row): Conversation {
  return { key: r.key as string, platform: r.platform as Conversation['platform'], reference: r.reference as Conversation['reference'], updatedAt: r.updated_at as string };
}

export function lastDoneRow(trustId: string, l: LastDone): Row {
  return { trust_id: trustId, school_id: l.schoolId, activity_id: l.activityId, date: l.date };
}

export function lastDoneOf(r: Row): LastDone {
  return { schoolId: r.school_id as string, activityId: r.activity_id as string, date: r.date as string };
}

export function outboxRow(trustId: string, m: OutboxMessage): Row {
  return {
    trust_id: trustId, id: m.id, idempotency_key: m.idempotencyKey, platform: m.platform, recipient: m.to, school_id: schoolOfMessage(m),
    payload: m.payload, state: m.state, attempts: m.attempts, created_at: m.createdAt, not_before: m.notBefore ?? null, sent_at: m.sentAt ?? null,
    last_error: m.lastError ?? null, throttled: m.throttled ?? null, claimed_by: m.claimedBy ?? null, claimed_until: m.claimedUntil ?? null,
  };
}

export function outboxOf(r: Row): OutboxMessage {
  return present({
    id: r.id as string, idempotencyKey: r.idempotency_key as string, platform: r.platform as OutboxMessage['platform'], to: r.recipient as string,
    payload: r.payload as OutboxMessage['payload'], state: r.state as OutboxMessage['state'], attempts: r.attempts as number,
    createdAt: r.created_at as string, notBefore: r.not_before as string, sentAt: r.sent_at as string, lastError: r.last_error as string,
    throttled: r.throttled as number, claimedBy: r.claimed_by as string,
    // A claim's lease is the database's own instant (timestamptz), read back in ISO form.
    claimedUntil: r.claimed_until ? new Date(r.claimed_until as string).toISOString() : undefined,
  });
}

export function jobRunRow(trustId: string, j: JobRun): Row {
  return {
    trust_id: trustId, id: j.id, kind: j.kind, due_at: j.dueAt, due_time: j.dueAt, state: j.state, attempts: j.attempts, started_at: j.startedAt,
    finished_at: j.finishedAt ?? null, outcome: j.outcome ?? null, last_error: j.lastError ?? null,
  };
}

export function jobRunOf(r: Row): JobRun {
  return present({
    id: r.id as string, kind: r.kind as string, dueAt: r.due_at as string, state: r.state as JobRun['state'], attempts: r.attempts as number,
    startedAt: r.started_at as string, finishedAt: r.finished_at as string, outcome: r.outcome as string, lastError: r.last_error as string,
  });
}

export function auditRow(trustId: string, a: Omit<AuditEntry, 'seq'>): Row {
  return { trust_id: trustId, at: a.at, actor: a.actor, action: a.action, subject: a.subject, detail: a.detail };
}

export function auditOf(r: Row): AuditEntry {
  return { seq: Number(r.seq), at: r.at as string, actor: r.actor as string, action: r.action as string, subject: r.subject as string, detail: r.detail as AuditEntry['detail'] };
}

/** The columns written for each table, in the order the row helpers give them (identity columns are the database's). */
export const COLUMNS = {
  trusts: ['id', 'name', 'rubric_id', 'leadership_teams', 'leadership_slack', 'teams_tenant_id', 'slack_team_id'],
  schools: ['trust_id', 'id', 'position', 'name', 'aliases', 'phases', 'context', 'urn'],
  people: ['trust_id', 'id', 'position', 'name', 'title', 'roles', 'school_ids', 'teams_aad_object_id', 'slack_user_id'],
  review_windows: ['trust_id', 'id', 'academic_year', 'term', 'opens_on', 'closes_on', 'state', 'opened_at', 'closed_at'],
  submissions: ['trust_id', 'id', 'school_id', 'window_id', 'rubric_id', 'state', 'answers', 'version', 'updated_at', 'updated_by', 'submitted_at', 'submitted_by'],
  evaluations: ['trust_id', 'id', 'submission_id', 'school_id', 'window_id', 'at', 'at_time', 'category_id', 'category_name', 'body', 'agreed'],
  decisions: ['trust_id', 'id', 'school_id', 'window_id', 'category', 'proposed', 'proposal_id', 'previous', 'kind', 'rationale', 'priorities', 'agreed', 'decided_by', 'decided_at', 'decided_time'],
  pairings: ['trust_id', 'decision_id', 'area', 'school_id', 'window_id', 'peer_school_id', 'confirmed_by', 'confirmed_at', 'answer', 'answered_by', 'answered_at'],
  conversations: ['trust_id', 'platform', 'key', 'reference', 'updated_at'],
  last_done: ['trust_id', 'school_id', 'activity_id', 'date'],
  outbox: ['trust_id', 'id', 'idempotency_key', 'platform', 'recipient', 'school_id', 'payload', 'state', 'attempts', 'created_at', 'not_before', 'sent_at', 'last_error', 'throttled', 'claimed_by', 'claimed_until'],
  job_runs: ['trust_id', 'id', 'kind', 'due_at', 'due_time', 'state', 'attempts', 'started_at', 'finished_at', 'outcome', 'last_error'],
  audit: ['trust_id', 'at', 'actor', 'action', 'subject', 'detail'],
} as const;

export type Table = keyof typeof COLUMNS;
