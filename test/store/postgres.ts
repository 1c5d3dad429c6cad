/**
 * A PostgreSQL database of a test file's own: created on the test run's server (started by
 * test/postgres-server.ts, or the one TERMLY_TEST_DATABASE_URL names), migrated, and dropped
 * after the file's tests. Each test empties it first, so tests never see each other's records.
 *
 * Without a server the PostgreSQL tests are skipped here, and their title says why; in CI
 * (CI=true) the set-up fails instead, so they never silently go unrun there.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { PostgresDatabase } from '../../src/store/postgres/database.js';

export const TEST_DATABASE_URL = inject('testDatabaseUrl');

/** Why the PostgreSQL tests did not run, shown in their title; null when they run. */
export const SKIPPED = TEST_DATABASE_URL ? null : `skipped: ${inject('testDatabaseMissing')}`;

/** A title naming the store, and why it was skipped when it was. */
export const postgresTitle = (title: string) => (SKIPPED ? `${title} (${SKIPPED})` : title);

/** `describe`, or `describe.skip` for a PostgreSQL suite that cannot run here. */
export const suiteFor = (title: string) => (SKIPPED && title.startsWith('postgres') ? describe.skip : describe);

const TABLES = ['trusts', 'schools', 'people', 'review_windows', 'submissions', 'evaluations', 'decisions', 'pairings', 'conversations', 'last_done', 'outbox', 'job_runs', 'audit'];

export interface TestDatabase {
  /** The database's URL, for processes started by the test. */
  url: string;
  /** The database, connected and migrated, emptied of every record. */
  fresh(): Promise<PostgresDatabase>;
  /** Another connection to the same database (a second process's view). */
  connect(): Promise<PostgresDatabase>;
}

/**
 * Registers beforeAll/afterAll hooks that create and drop the file's database; call it at the
 * top of a test file. Returns null when the PostgreSQL tests are skipped.
 */
export function useTestDatabase(): TestDatabase | null {
  if (!TEST_DATABASE_URL) return null;
  const name = `termly_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const opened: PostgresDatabase[] = [];
  let db: PostgresDatabase | null = null;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    db = await PostgresDatabase.connect(url.toString());
    opened.push(db);
  });

  afterAll(async () => {
    await Promise.all(opened.splice(0).map((d) => d.close().catch(() => undefined)));
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  });

  return {
    url: url.toString(),
    async fresh() {
      await db!.pool.query(`truncate ${TABLES.join(', ')} restart identity`);
      return db!;
    },
    async connect() {
      const other = await PostgresDatabase.connect(url.toString());
      opened.push(other);
      return other;
    },
  };
}
