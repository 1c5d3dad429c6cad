/**
 * Which store to open. With TERMLY_DATABASE_URL, a trust's store in that PostgreSQL database
 * (migrated first): the trust TERMLY_TRUST names, else the only one it holds, else (an empty
 * database) the one the caller is about to seed. Without it, the embedded file store
 * (`TERMLY_STORE`, else data/termly.db.json); a corrupt file stops the opener: it has been moved
 * aside and the error says where, so a person can look before anything new is written, and an
 * empty store is refused while such a copy is set aside. `ifCorrupt: 'start_empty'` opens an
 * empty file store in its place instead and hands the error back, for a caller that reports it
 * and carries on.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreCorruptError } from './file.js';
import { FileStore } from './file-store.js';
import type { Store } from './port.js';
import { DatabaseError, PostgresDatabase } from './postgres/database.js';
import { Deployment } from '../tenancy/deployment.js';

/** `data/termly.db.json` in the project, whatever the working directory, so the bot and the CLI share it. */
export const DEFAULT_STORE_FILE = fileURLToPath(new URL('../../data/termly.db.json', import.meta.url));

export interface OpenStoreOptions {
  /** Overrides TERMLY_STORE. */
  file?: string;
  env: Record<string, string | undefined>;
  ifCorrupt?: 'throw' | 'start_empty';
  /** In a database: the trust to open (overrides TERMLY_TRUST). */
  trust?: string;
  /** In a database holding no trust yet: the trust the caller is about to seed into it. */
  seeding?: string;
  /**
   * In a database, unless TERMLY_TRUST names one: serve every trust it holds (the bot). The store
   * is then the store of the trust in scope (src/tenancy/), and `deployment` is set.
   */
  allTrusts?: boolean;
}

export interface OpenedStore {
  store: Store;
  /** Where the store is, as a person names it in a message. */
  location: string;
  /** Set when the store's file was corrupt, moved aside, and an empty store opened in its place. */
  movedAside: StoreCorruptError | null;
  /**
   * Refuses to go on with an empty store when what the trust had was set aside (see
   * StoreSetAsideError): called before an empty store is seeded or served.
   */
  checkEmptyStart(): void;
  /** After a bulk import: the file store writes itself as one snapshot, as a long-running one is after compaction. */
  compact(): Promise<void>;
  /** Lets go of what the store holds open (connections); the file store holds nothing. */
  close(): Promise<void>;
  /** The database, when the store is in PostgreSQL (it may hold several trusts). */
  database: PostgresDatabase | null;
  /** Set when every trust the database holds is served: requests are routed to their trust. */
  deployment: Deployment | null;
}

/** The store file: `file`, else TERMLY_STORE (relative to the working directory), else the default. */
export function storeFile(options: Pick<OpenStoreOptions, 'file' | 'env'>): string {
  const chosen = options.file ?? options.env.TERMLY_STORE?.trim();
  if (!chosen) return DEFAULT_STORE_FILE;
  return isAbsolute(chosen) ? chosen : resolve(chosen);
}

/** TERMLY_DATABASE_URL, when it is set. */
export function databaseUrl(env: Record<string, string | undefined>): string | null {
  return env.TERMLY_DATABASE_URL?.trim() || null;
}

export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const url = databaseUrl(options.env);
  if (url) return openDatabaseStore(url, options);
  const file = storeFile(options);
  const opened = (store: FileStore, movedAside: StoreCorruptError | null): OpenedStore => ({
    store,
    location: file,
    movedAside,
    checkEmptyStart: () => {
      // A store moved aside as corrupt is never silently replaced by an empty or a demo one.
      const aside = setAsideCopy(file);
      if (aside && !existsSync(file)) throw new StoreSetAsideError(file, aside);
    },
    compact: () => store.compactNow(),
    close: async () => undefined,
    database: null,
    deployment: null,
  });
  try {
    return opened(await FileStore.open(file), null);
  } catch (e) {
    if (!(e instanceof StoreCorruptError) || options.ifCorrupt !== 'start_empty') throw e;
    return opened(await FileStore.open(file), e);
  }
}

async function openDatabaseStore(url: string, options: OpenStoreOptions): Promise<OpenedStore> {
  const db = await PostgresDatabase.connect(url);
  try {
    if (options.allTrusts && !options.trust && !options.env.TERMLY_TRUST?.trim()) {
      const deployment = new Deployment(db);
      return {
        store: deployment.store, location: `${db.location} (every trust it holds)`, movedAside: null,
        checkEmptyStart: () => undefined, compact: async () => undefined, close: () => db.close(), database: db, deployment,
      };
    }
    const trustId = await chooseTrust(db, options);
    return {
      store: db.store(trustId),
      location: `${db.location} (trust "${trustId}")`,
      movedAside: null,
      checkEmptyStart: () => undefined,
      compact: async () => undefined,
      close: () => db.close(),
      database: db,
      deployment: null,
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

/** The trust named, else the database's only one, else the one about to be seeded; several need naming. */
async function chooseTrust(db: PostgresDatabase, options: OpenStoreOptions): Promise<string> {
  const named = options.trust ?? (options.env.TERMLY_TRUST?.trim() || undefined);
  if (named) return named;
  const trusts = await db.listTrusts();
  if (trusts.length === 1) return trusts[0]!.id;
  if (trusts.length > 1) {
    throw new DatabaseError(`the database ${db.location} holds ${trusts.length} trusts (${trusts.map((t) => t.id).join(', ')}): name one with TERMLY_TRUST`);
  }
  if (options.seeding) return options.seeding;
  throw new DatabaseError(`the database ${db.location} holds no trust yet: copy one in (npm run cli -- db copy --from data/termly.db.json --to <its URL>), or start in local mode to seed the demo trust`);
}

/**
 * The store file is missing but a copy of it was moved aside as corrupt: starting on an empty
 * store now would bury what the trust had. A person must look first.
 */
export class StoreSetAsideError extends Error {
  readonly code = 'STORE_SET_ASIDE';
  constructor(readonly file: string, readonly movedTo: string) {
    super(`the store file ${file} is missing, and ${movedTo} holds what it last held (it was moved aside as corrupt). Put a good copy back at ${file}, or move ${movedTo} elsewhere to start with an empty store.`);
    this.name = 'StoreSetAsideError';
  }
}

/** The newest `<file>.corrupt-<time>` beside a store file, or null. */
export function setAsideCopy(file: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return null;
  }
  const prefix = `${basename(file)}.corrupt-`;
  const copies = names.filter((n) => n.startsWith(prefix)).sort();
  return copies.length ? join(dirname(file), copies.at(-1)!) : null;
}
