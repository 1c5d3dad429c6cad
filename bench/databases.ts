/**
 * PostgreSQL databases for benchmarks: made on the server TERMLY_BENCH_DATABASE_URL names (else
 * TERMLY_TEST_DATABASE_URL; a role that may create databases), filled by copying a store made by
 * `demo seed` (bench/stores.ts) as `db copy` does, and dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { FileStore } from '../src/store/file-store.js';
import { PostgresDatabase } from '../src/store/postgres/database.js';
import type { ImportRecord } from '../src/store/port.js';

export function benchServer(): string {
  const url = process.env.TERMLY_BENCH_DATABASE_URL?.trim() || process.env.TERMLY_TEST_DATABASE_URL?.trim();
  if (!url) throw new Error('set TERMLY_BENCH_DATABASE_URL (or TERMLY_TEST_DATABASE_URL) to a PostgreSQL server whose role may create databases');
  return url;
}

export interface BenchDatabase {
  url: string;
  db: PostgresDatabase;
  drop(): Promise<void>;
}

/** A new, migrated database of its own. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = benchServer();
  const name = `termly_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await PostgresDatabase.connect(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The store file's records, as `db copy` reads them. */
export async function recordsOf(file: string): Promise<ImportRecord[]> {
  return (await FileStore.open(file)).exportRecords();
}

/** The records under another trust id, naming a Teams tenant: one more trust of a deployment. */
export function asTrust(records: readonly ImportRecord[], trustId: string, tenantId: string): ImportRecord[] {
  return records.map((r) => (r.kind === 'trust' ? { ...r, record: { ...r.record, id: trustId, name: `${r.record.name} (${trustId})`, teams: { tenantId } } } : r));
}
