/**
 * A PostgreSQL database holding one or more trusts: the connection pool, the migrations run at
 * start, and each trust's store (store.ts). One database serves any number of bot processes:
 * every write is a transaction, and the checks a write makes (versions, states, keys) are made
 * inside it against rows it has locked, or by the database's own keys.
 */
import pg from 'pg';
import { MIGRATIONS, type Migration } from './migrations.js';
import { PostgresStore } from './store.js';

/** The database cannot be reached, or is not one this Termly can use. */
export class DatabaseError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

import type { TrustEntry } from '../../tenancy/routing.js';

/** Dates (`date` columns) read back as the text written, not as a Date at local midnight. */
const DATE_OID = 1082;
const TYPES = {
  getTypeParser: ((oid: number, format?: string) => (oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** Migrations take this advisory lock, so replicas starting together apply each once. */
const MIGRATION_LOCK = 7_314_159;

export interface AppliedMigration {
  version: number;
  name: string;
}

export class PostgresDatabase {
  readonly pool: pg.Pool;

  private constructor(readonly url: string, pool: pg.Pool) {
    this.pool = pool;
  }

  /**
   * Connects and brings the schema up to date (unless `migrate: false`), refusing a database a
   * newer Termly has migrated. The pool lets a process exit while its connections are idle.
   */
  static async connect(url: string, options: { migrate?: boolean; max?: number } = {}): Promise<PostgresDatabase> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseError(`TERMLY_DATABASE_URL: expected a URL such as postgres://termly:secret@127.0.0.1:5432/termly, found "${redact(url)}"`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new DatabaseError(`TERMLY_DATABASE_URL: expected a postgres:// URL, found "${redact(url)}"`);
    }
    // No JIT: the store's queries are short, and compiling one (the overview's, say) costs more than running it.
    const pool = new pg.Pool({ connectionString: url, types: TYPES, max: options.max ?? 10, allowExitOnIdle: true, options: '-c jit=off' });
    // An idle connection the server closes is replaced on next use; the error must not end the process.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(url, pool);
    try {
      await pool.query('select 1');
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new DatabaseError(`cannot reach the database ${redact(url)}: ${(e as Error).message}`);
    }
    if (options.migrate !== false) await db.migrate();
    return db;
  }

  /** Where the database is, without its password: what a person is shown. */
  get location(): string {
    return redact(this.url);
  }

  /** Applies the migrations not yet applied, in order, each in its own transaction; returns those applied now. */
  async migrate(): Promise<AppliedMigration[]> {
    const client = await this.pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(`create table if not exists schema_migrations (
        version integer primary key, name text not null, applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ version: number }>('select version from schema_migrations order by version');
      const done = new Set(rows.map((r) => r.version));
      const newest = Math.max(0, ...done);
      const known = MIGRATIONS.at(-1)?.version ?? 0;
      if (newest > known) {
        throw new DatabaseError(`the database ${this.location} has schema version ${newest}, newer than this Termly knows (${known}): run the newer Termly, or point TERMLY_DATABASE_URL at another database`);
      }
      const applied: AppliedMigration[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await apply(client, migration);
        applied.push({ version: migration.version, name: migration.name });
      }
      return applied;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  /** The migrations applied, oldest first. */
  async applied(): Promise<AppliedMigration[]> {
    const { rows } = await this.pool.query<AppliedMigration>('select version, name from schema_migrations order by version');
    return rows;
  }

  /** The trusts kept, by id, with the tenant and workspace requests are routed by. */
  async listTrusts(): Promise<TrustEntry[]> {
    const { rows } = await this.pool.query<TrustEntry>(
      'select id, name, teams_tenant_id as "teamsTenantId", slack_team_id as "slackTeamId" from trusts order by id collate "C"',
    );
    return rows;
  }

  /**
   * One trust's store: every read and write of it names the trust. Cheap to make (it shares the
   * pool); keep one per trust, so its copy of the trust is read once per change.
   */
  store(trustId: string): PostgresStore {
    return new PostgresStore(this.pool, trustId);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function apply(client: pg.PoolClient, migration: Migration): Promise<void> {
  await client.query('begin');
  try {
    await client.query(migration.sql);
    await client.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw new DatabaseError(`migration ${migration.version} (${migration.name}) failed, and nothing of it was applied: ${(e as Error).message}`);
  }
}

/** The URL without its password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@');
  }
}
