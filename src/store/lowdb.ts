/**
 * The embedded store: one JSON file through lowdb. The bot and the CLI may run at once, so
 * every write is a read-modify-write under a cross-process lock (`<file>.lock`, proper-lockfile),
 * re-reading the file inside the lock; steno then writes a temp file and renames it, so a
 * reader never sees half a file. Reads re-read the file only when it changed on disk.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { lock } from 'proper-lockfile';
import { DataStore } from './data-store.js';
import { emptyStoreData, StoreFile } from './file.js';
import { StoreCorruptError } from './port.js';
import type { StoreData } from './records.js';

/** A lock older than this is taken to belong to a crashed process and is taken over. */
const STALE_LOCK_MS = 10_000;
/** Waits of up to ~0.2 s, for longer than a stale lock lives: a crashed holder never blocks for good. */
const LOCK_RETRIES = { retries: 120, factor: 1.3, minTimeout: 5, maxTimeout: 200, randomize: true };

/** The store file can be neither locked nor written: another process holds it, or the disk refuses. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(readonly file: string, reason: string) {
    super(`the store file ${file} cannot be used: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}

export class LowdbStore extends DataStore {
  readonly file: string;
  readonly #db: Low<StoreData>;
  /** The file's identity when `#db.data` was last known to match it; undefined when unknown. */
  #stamp: string | null | undefined = undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Once the file was found corrupt and moved aside, this instance refuses to go on. */
  #corrupt: StoreCorruptError | null = null;

  private constructor(file: string) {
    super();
    this.file = file;
    this.#db = new Low(new StoreFile(file), emptyStoreData());
  }

  /**
   * Opens the store file, creating its folder. A missing file is an empty store (written on the
   * first change). A file that fails validation is moved aside and StoreCorruptError thrown:
   * the caller decides whether to stop or start afresh (see openStore).
   */
  static async open(file: string): Promise<LowdbStore> {
    const store = new LowdbStore(resolve(file));
    await mkdir(dirname(store.file), { recursive: true });
    await store.snapshot();
    return store;
  }

  protected snapshot(): Promise<StoreData> {
    return this.#serial(async () => {
      if (!(await this.#isCurrent())) await this.#locked(() => this.#load());
      return this.#db.data;
    });
  }

  protected mutate<T>(change: (data: StoreData) => T): Promise<T> {
    return this.#serial(() =>
      this.#locked(async (stillHeld) => {
        // From the file whenever another process may have written since: a write by anyone
        // replaces the file (new inode, new nanosecond times), so an unchanged stamp under the
        // lock means the data in hand is the file's, and re-parsing it would only cost time.
        await this.#load();
        const draft = structuredClone(this.#db.data);
        const result = change(draft);
        stillHeld();
        this.#db.data = draft;
        this.#stamp = undefined;
        try {
          await this.#db.write();
        } catch (e) {
          throw new StoreUnavailableError(this.file, `writing failed: ${(e as Error).message}`);
        }
        this.#stamp = await stampOf(this.file);
        return result;
      }),
    );
  }

  /** One operation at a time in this process; other processes wait on the file lock. */
  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#corrupt) throw this.#corrupt;
      return operation();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #locked<T>(operation: (stillHeld: () => void) => Promise<T>): Promise<T> {
    let lost: Error | null = null;
    let release: () => Promise<void>;
    try {
      release = await lock(this.file, {
        realpath: false,
        lockfilePath: `${this.file}.lock`,
        stale: STALE_LOCK_MS,
        retries: LOCK_RETRIES,
        onCompromised: (e) => {
          lost = e;
        },
      });
    } catch (e) {
      throw new StoreUnavailableError(this.file, `cannot take the lock ${this.file}.lock (${(e as Error).message})`);
    }
    const stillHeld = () => {
      if (lost) throw new StoreUnavailableError(this.file, `the lock was lost before writing (${(lost as Error).message}); nothing was written`);
    };
    try {
      return await operation(stillHeld);
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Re-reads the file (unless unchanged since last read or written, when not forced). Call under the lock. */
  async #load({ force = false } = {}): Promise<void> {
    if (!force && (await this.#isCurrent())) return;
    const stamp = await stampOf(this.file);
    this.#db.data = emptyStoreData();
    try {
      await this.#db.read();
    } catch (e) {
      this.#stamp = undefined;
      if (e instanceof StoreCorruptError) this.#corrupt = e;
      throw e;
    }
    // Taken before the read: if the file changed in between, the next call simply reads again.
    this.#stamp = stamp;
  }

  async #isCurrent(): Promise<boolean> {
    return this.#stamp !== undefined && this.#stamp === (await stampOf(this.file));
  }
}

/** The file's identity: a rename gives a new inode, a write a new mtime and usually size. Null when missing. */
async function stampOf(file: string): Promise<string | null> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
