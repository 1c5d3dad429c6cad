/**
 * The database's schema, as numbered migrations applied in order and recorded in
 * `schema_migrations`; one applied is never changed (a change is a new migration). Every record
 * belongs to a trust: `trust_id` leads every key, and every query of a trust's store names it.
 *
 * Columns hold the records' fields; a JSON column holds only what is a document in its own
 * right (an evaluation as the evaluator wrote it, a questionnaire's answers, a queued message's
 * payload, agreed levels, a school's context answers, a platform's conversation reference, an
 * audit entry's detail). Documents whose keys are in a meaningful order (an evaluation's areas
 * and indicators follow the rubric; a view's fields are drawn in order) are `json`, kept as
 * written: `jsonb` sorts an object's keys. The others are `jsonb`.
 *
 * Instants are kept as the text the record carries (so a record reads back
 * exactly as written) with a timestamptz beside it where the store orders or compares by time.
 * Orders the port promises come from the records or from an identity column (`seq`).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'one trust\'s records per trust_id',
    sql: `
create table trusts (
  id text primary key,
  name text not null,
  rubric_id text not null,
  leadership_teams text,
  leadership_slack text,
  -- Bumped on every save: a reader's cached copy is current while the version is.
  version bigint not null default 1
);

create table schools (
  trust_id text not null,
  id text not null,
  position integer not null,
  name text not null,
  aliases text[] not null,
  phases text[],
  context json,
  urn text,
  primary key (trust_id, id)
);

create table people (
  trust_id text not null,
  id text not null,
  position integer not null,
  name text not null,
  title text not null,
  roles text[] not null,
  school_ids text[] not null,
  teams_aad_object_id text,
  slack_user_id text,
  primary key (trust_id, id)
);

create table review_windows (
  trust_id text not null,
  id text not null,
  academic_year text not null,
  term text not null,
  opens_on date not null,
  closes_on date not null,
  state text not null,
  opened_at text,
  closed_at text,
  primary key (trust_id, id)
);
-- One window open at a time in a trust, whoever opens it.
create unique index review_windows_one_open on review_windows (trust_id) where state = 'open';

create table submissions (
  trust_id text not null,
  seq bigint generated always as identity,
  id text not null,
  school_id text not null,
  window_id text not null,
  rubric_id text not null,
  state text not null,
  answers json not null,
  version integer not null,
  updated_at text not null,
  updated_by text not null,
  submitted_at text,
  submitted_by text,
  primary key (trust_id, school_id, window_id),
  unique (trust_id, id)
);
create index submissions_by_window on submissions (trust_id, window_id, seq);
create index submissions_by_school on submissions (trust_id, school_id, seq);

create table evaluations (
  trust_id text not null,
  seq bigint generated always as identity,
  id text not null,
  submission_id text not null,
  school_id text not null,
  window_id text not null,
  at text not null,
  at_time timestamptz not null,
  category_id text,
  category_name text,
  body json not null,
  agreed json,
  primary key (trust_id, id)
);
create index evaluations_newest on evaluations (trust_id, window_id, school_id, at_time desc, seq desc);

create table decisions (
  trust_id text not null,
  seq bigint generated always as identity,
  id text not null,
  school_id text not null,
  window_id text not null,
  category text not null,
  proposed text,
  proposal_id text,
  previous text,
  kind text not null,
  rationale text,
  priorities text[] not null,
  agreed json,
  decided_by text not null,
  decided_at text not null,
  decided_time timestamptz not null,
  primary key (trust_id, id),
  -- An override is kept only with its rationale, whoever writes it.
  check (kind <> 'overridden' or length(trim(coalesce(rationale, ''))) > 0)
);
create index decisions_by_school on decisions (trust_id, school_id, decided_time, seq);
create index decisions_by_window on decisions (trust_id, window_id, decided_time, seq);

create table pairings (
  trust_id text not null,
  seq bigint generated always as identity,
  decision_id text not null,
  area text not null,
  school_id text not null,
  window_id text not null,
  peer_school_id text not null,
  confirmed_by text not null,
  confirmed_at text not null,
  answer text not null,
  answered_by text,
  answered_at text,
  primary key (trust_id, decision_id, area)
);

create table conversations (
  trust_id text not null,
  platform text not null,
  key text not null,
  reference jsonb not null,
  updated_at text not null,
  primary key (trust_id, platform, key)
);

create table last_done (
  trust_id text not null,
  school_id text not null,
  activity_id text not null,
  date date not null,
  primary key (trust_id, school_id, activity_id)
);

create table outbox (
  trust_id text not null,
  seq bigint generated always as identity,
  id text not null,
  idempotency_key text not null,
  platform text not null,
  recipient text not null,
  -- The school the payload is about, for /status's undelivered messages.
  school_id text,
  payload json not null,
  state text not null,
  attempts integer not null,
  created_at text not null,
  not_before text,
  sent_at text,
  last_error text,
  throttled integer,
  primary key (trust_id, id),
  unique (trust_id, idempotency_key)
);
create index outbox_by_state on outbox (trust_id, state, seq);
create index outbox_by_school on outbox (trust_id, school_id, seq) where school_id is not null;

create table job_runs (
  trust_id text not null,
  id text not null,
  kind text not null,
  due_at text not null,
  due_time timestamptz not null,
  state text not null,
  attempts integer not null,
  started_at text not null,
  finished_at text,
  outcome text,
  last_error text,
  primary key (trust_id, id)
);

create table audit (
  seq bigint generated always as identity primary key,
  trust_id text not null,
  at text not null,
  actor text not null,
  action text not null,
  subject text not null,
  detail jsonb not null
);
create index audit_by_trust on audit (trust_id, seq);
create index audit_by_subject on audit (trust_id, subject, seq);
`,
  },
  {
    version: 2,
    name: 'each trust\'s Teams tenant and Slack workspace, one trust each',
    sql: `
alter table trusts add column teams_tenant_id text;
alter table trusts add column slack_team_id text;
-- A tenant or a workspace is one trust's: requests from it are routed there, and nowhere else.
create unique index trusts_teams_tenant on trusts (lower(teams_tenant_id));
create unique index trusts_slack_team on trusts (slack_team_id);
`,
  },
  {
    version: 3,
    name: 'replicas share the outbox: claims with a lease, live senders',
    sql: `
alter table outbox add column claimed_by text;
alter table outbox add column claimed_until timestamptz;
create index outbox_pending_by_conversation on outbox (trust_id, platform, recipient, seq) where state = 'pending';

-- The senders (replicas) sending for a trust now: they share the platform's per-app limits.
create table outbox_senders (
  trust_id text not null,
  sender text not null,
  seen_until timestamptz not null,
  primary key (trust_id, sender)
);
`,
  },
];
