/**
 * `db check`: every file of the store checked, line by line; exit 1 when any is wrong.
 * `db migrate`: the database TERMLY_DATABASE_URL names brought up to date (the bot does this at start too).
 * `db copy --from <file|url> --to <file|url>`: a trust's records moved to another store, counted and checked.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { checkStoreFiles } from '../../store/check.js';
import { copyStore } from '../../store/copy.js';
import { FileStore } from '../../store/file-store.js';
import { databaseUrl, storeFile } from '../../store/open.js';
import { PostgresDatabase } from '../../store/postgres/database.js';
import type { Store } from '../../store/port.js';
import { inputError, usageError, type CliIo } from '../io.js';

const USAGE = 'usage: db check [--json] | db migrate | db copy --from <store file or postgres:// URL> --to <store file or postgres:// URL> [--trust <id>]';

export interface DbOptions {
  positionals: string[];
  json: boolean;
  from?: string | undefined;
  to?: string | undefined;
  trust?: string | undefined;
}

export async function dbCommand(opts: DbOptions, io: CliIo): Promise<void> {
  const [verb, ...rest] = opts.positionals;
  if (rest.length > 0) throw usageError(USAGE);
  if (verb === 'check') return check(opts, io);
  if (verb === 'migrate') return migrate(io);
  if (verb === 'copy') return copy(opts, io);
  throw usageError(USAGE);
}

function check(opts: DbOptions, io: CliIo): void {
  const file = storeFile({ env: io.env });
  const result = checkStoreFiles(file);
  if (opts.json) {
    io.out(JSON.stringify(result, null, 2));
  } else {
    for (const f of result.files) {
      io.out(`${f.file}: ${f.problems.length ? 'NOT VALID' : 'valid'}, ${f.summary}`);
      for (const n of f.notes) io.out(`  note: ${n}`);
      for (const p of f.problems) io.out(`  - ${p}`);
    }
  }
  if (!result.ok) throw inputError(`the store ${file} has problems (listed above); nothing was changed`);
}

async function migrate(io: CliIo): Promise<void> {
  const url = databaseUrl(io.env);
  if (!url) throw inputError('TERMLY_DATABASE_URL is not set: name the PostgreSQL database to migrate (postgres://user:password@host:5432/name)');
  const db = await PostgresDatabase.connect(url, { migrate: false });
  try {
    const applied = await db.migrate();
    const all = await db.applied();
    for (const m of applied) io.out(`applied migration ${m.version}: ${m.name}`);
    io.out(`${db.location} is at schema version ${all.at(-1)?.version ?? 0}${applied.length ? '' : ' (nothing to apply)'}.`);
  } finally {
    await db.close();
  }
}

/** A store named on the command line: a postgres:// URL, or a store file (relative to where the command was run). */
interface Named {
  store: Store;
  describe: string;
  close(): Promise<void>;
}

async function copy(opts: DbOptions, io: CliIo): Promise<void> {
  if (!opts.from || !opts.to) throw usageError(`db copy needs both --from and --to\n${USAGE}`);
  const source = await open(opts.from, 'from', io, opts.trust);
  try {
    const trust = await source.store.getTrust();
    if (!trust) throw inputError(`--from: ${source.describe} holds no trust: there is nothing to copy`);
    const target = await open(opts.to, 'to', io, trust.id);
    try {
      const existing = await target.store.getTrust();
      if (existing) throw inputError(`--to: ${target.describe} already holds the trust "${existing.id}"; db copy fills an empty store only, and nothing was written`);
      const report = await copyStore(source.store, target.store);
      io.out(`Copied the trust "${report.trustId}" from ${source.describe} to ${target.describe}, and read every record back:`);
      for (const { kind, count } of report.counts) io.out(`  ${String(count).padStart(7)} ${kind}`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function open(spec: string, option: 'from' | 'to', io: CliIo, trust: string | undefined): Promise<Named> {
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const db = await PostgresDatabase.connect(spec);
    try {
      let id = trust;
      if (!id) {
        const trusts = await db.listTrusts();
        if (trusts.length !== 1) {
          throw inputError(`--${option}: ${db.location} holds ${trusts.length === 0 ? 'no trust' : `${trusts.length} trusts (${trusts.map((t) => t.id).join(', ')}); name one with --trust`}`);
        }
        id = trusts[0]!.id;
      }
      return { store: db.store(id), describe: `${db.location} (trust "${id}")`, close: () => db.close() };
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  const file = isAbsolute(spec) ? spec : resolve(io.cwd, spec);
  if (option === 'from' && !existsSync(file)) throw inputError(`--from: there is no store file at ${file}`);
  return { store: await FileStore.open(file), describe: file, close: async () => undefined };
}
