/**
 * The embedded store: a snapshot file and a journal of changes beside it (journal.ts has the format). The whole store is held
 * in memory, indexed, except evaluations' bodies and submissions' answers, which stay on disk
 * until asked for (the last 512 read are kept at hand).
 *
 * Reads come from memory. Before each read the store looks at the two files' identities (one
 * `stat` each): when another process has appended to the journal, only the new writes are read
 * and applied; when a file was replaced (compaction, another process migrating) everything is
 * read again. Reads never take the lock.
 *
 * A write takes the cross-process lock (`<file>.lock`, proper-lockfile), catches up with the
 * journal, checks the change against what is stored, and appends it, audit entry included, as one
 * write ending in a commit line; a write cut short by a crash is never part of the store, and is
 * set aside (`<file>.journal.torn-<time>`) by the next writer. When the journal outgrows the
 * snapshot it is compacted: a new snapshot is written beside the old and renamed over it.
 *
 * A file that fails its checks is moved aside (`.corrupt-<time>`), never overwritten, and
 * StoreCorruptError names each problem. A store in the single-file layout of schema version 1 is
 * migrated when opened, its file kept as `<file>.v1-backup-<time>`.
 */
import { constants, copyFileSync, existsSync, fstatSync, ftruncateSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { lock } from 'proper-lockfile';
import { DataStore, type Plan } from './data-store.js';
import { opsOfDocument } from './document.js';
import { moveAside, parseStoreText, StoreCorruptError } from './file.js';
import {
  decodeLine, encodeCommit, encodeOp, LineError, loadAnswers, loadBody, scanLines, SNAPSHOT_HEADING, splitRecord, Source, type BodyPlace,
} from './journal.js';
import type { AuditEntry, EvaluationRecord, Submission } from './records.js';
import { placeKey, writeSnapshot, type SnapshotItem } from './snapshot.js';
import { StoreState, type EvaluationHead, type Op, type SubmissionHead } from './state.js';

/** A lock older than this is taken to belong to a crashed process and is taken over. */
const STALE_LOCK_MS = 10_000;
/** Waits of up to ~0.2 s, for longer than a stale lock lives: a crashed holder never blocks for good. */
const LOCK_RETRIES = { retries: 120, factor: 1.3, minTimeout: 5, maxTimeout: 200, randomize: true };
/** Evaluation bodies kept parsed, newest use first out last. */
const BODY_CACHE = 512;
/** The journal is compacted once it is larger than this and than the snapshot. */
const COMPACT_AFTER_BYTES = 64 * 1024 * 1024;
/** At most this many problems are listed for a bad file. */
const MAX_PROBLEMS = 20;

/** The store file can be neither locked nor written: another process holds it, or the disk refuses. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(readonly file: string, reason: string) {
    super(`the store file ${file} cannot be used: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}

/** A file was found invalid while reading without the lock: it is moved aside under the lock. */
class BadFile extends Error {
  constructor(readonly path: string, readonly problems: string[]) {
    super(problems.join('; '));
  }
}
/** The snapshot file is a single-file (version 1) store: migrated under the lock. */
class OldLayout extends Error {}

/** What reading a file hands each record to. With onAuditSeq, audit entries are read for their seq alone. */
interface Handlers {
  onOp: (op: Exclude<Op, { kind: 'evaluation' }>) => void;
  /** An evaluation or a submission: its heading, and where its body lies. */
  onPlaced: (placed: Placed) => void;
  onAuditSeq?: (seq: number) => void;
}

/** A record whose body stays on disk: compaction moves the body, so its place is mutable. */
type Placed =
  | { kind: 'evaluation'; head: EvaluationHead; place: BodyPlace }
  | { kind: 'submission'; head: SubmissionHead; place: BodyPlace };

export class FileStore extends DataStore {
  readonly file: string;
  readonly journalFile: string;
  #state = new StoreState(null);
  /** Every evaluation kept, in the order written, and the latest version of each submission (compaction writes them). */
  #evaluations: Placed[] = [];
  #submissions = new Map<string, Placed>();
  #snapshot: Source | null = null;
  /** The snapshot's identity when read; null when there is none. */
  #snapshotStamp: string | null = null;
  #through = 0;
  #journal: Source | null = null;
  /** Where the last complete write read from the journal ends, and its line count there. */
  #journalEnd = 0;
  #journalLines = 0;
  #lastN = 0;
  /** Bodies read lately, by evaluation id or submission id and version. */
  readonly #bodies = new Map<string, EvaluationRecord | Submission>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Once a file was found corrupt and moved aside, this instance refuses to go on. */
  #corrupt: StoreCorruptError | null = null;

  private constructor(file: string) {
    super();
    this.file = file;
    this.journalFile = `${file}.journal`;
  }

  /**
   * Opens the store, creating its folder. No files is an empty store (written on the first
   * change). A file that fails its checks is moved aside and StoreCorruptError thrown: the caller
   * decides whether to stop or start afresh (see openStore). A version 1 file is migrated.
   */
  static async open(file: string): Promise<FileStore> {
    const store = new FileStore(resolve(file));
    await mkdir(dirname(store.file), { recursive: true });
    await store.current();
    return store;
  }

  /** The size of the store's files on disk, in bytes. */
  diskBytes(): number {
    const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
    return size(this.file) + size(this.journalFile);
  }

  protected async current(): Promise<StoreState> {
    if (this.#corrupt) throw this.#corrupt;
    try {
      this.#refresh();
    } catch (e) {
      if (!(e instanceof BadFile || e instanceof OldLayout)) throw e;
      // Moving a file or migrating needs the lock: no one may be writing meanwhile.
      await this.#serial(() => this.#locked(async () => {
        await this.#refreshLocked();
      }));
    }
    return this.#state;
  }

  protected commit<T>(plan: (state: StoreState) => Plan<T>): Promise<T> {
    return this.#serial(() =>
      this.#locked(async (stillHeld) => {
        await this.#refreshLocked();
        this.#setAsideTornTail();
        const { ops, result } = plan(this.#state);
        if (ops.length === 0) return result;
        stillHeld();
        this.#append(ops);
        if (this.#journalEnd > COMPACT_AFTER_BYTES && this.#journalEnd > (this.#snapshotSize() ?? 0)) this.#compactSoon();
        return result;
      }),
    );
  }

  /** After the write that outgrew the snapshot has answered: the next operation waits for it, not this one. */
  #compactSoon(): void {
    if (this.#compacting) return;
    this.#compacting = true;
    setImmediate(() => {
      this.compactNow().catch(() => undefined).finally(() => {
        this.#compacting = false;
      });
    });
  }
  #compacting = false;

  protected override async readAudit(): Promise<AuditEntry[]> {
    await this.current();
    const entries: AuditEntry[] = [];
    this.#readFiles({
      onOp: (op) => {
        if (op.kind === 'audit') entries.push(op.record);
      },
      onPlaced: () => undefined,
    });
    return entries.sort((a, b) => a.seq - b.seq);
  }

  protected async allEvaluations(): Promise<EvaluationRecord[]> {
    await this.current();
    return this.#evaluations.map((placed) => loadBody(placed.head as EvaluationHead, placed.place));
  }

  /** Rewrites the snapshot with everything kept, and starts an empty journal. Under the lock. */
  compactNow(): Promise<void> {
    return this.#serial(() => this.#locked(async () => {
      await this.#refreshLocked();
      this.#setAsideTornTail();
      this.#compact();
    }));
  }

  // ---- reading ----

  /** Catches up with the files without the lock; throws BadFile / OldLayout for the caller to handle under it. */
  #refresh(): void {
    const snapshot = statOrNull(this.file);
    const stamp = snapshot ? `${snapshot.ino}:${snapshot.size}:${snapshot.mtimeNs}` : null;
    const journal = statOrNull(this.journalFile);
    const journalIno = journal?.ino ?? null;
    if (stamp !== this.#snapshotStamp || journalIno !== (this.#journal?.ino ?? null)) {
      this.#reload(stamp);
      return;
    }
    if (journal && Number(journal.size) > this.#journalEnd) this.#readJournal(Number(journal.size));
  }

  async #refreshLocked(): Promise<void> {
    try {
      try {
        this.#refresh();
      } catch (e) {
        if (!(e instanceof OldLayout)) throw e;
        await this.#migrate();
        this.#refresh();
      }
    } catch (e) {
      if (!(e instanceof BadFile)) throw e;
      // Both files go aside together: the journal means nothing without its snapshot.
      const at = new Date();
      const movedTo = await moveAside(e.path, at);
      const other = e.path === this.file ? this.journalFile : this.file;
      const problems = [...e.problems];
      if (existsSync(other)) problems.push(`${other} was moved with it, to ${await moveAside(other, at)}`);
      this.#corrupt = new StoreCorruptError(e.path, movedTo, problems);
      this.#closeSources();
      throw this.#corrupt;
    }
  }

  /** Reads both files afresh into a new state. */
  #reload(stamp: string | null): void {
    const state = new StoreState(null);
    const evaluations: Placed[] = [];
    const submissions = new Map<string, Placed>();
    const previous = [this.#snapshot, this.#journal];
    const result = this.#readFiles({
      onOp: (op) => state.apply(op),
      onAuditSeq: (seq) => {
        state.auditSeq = Math.max(state.auditSeq, seq);
      },
      onPlaced: (placed) => this.#keep(placed, state, evaluations, submissions),
      open: true,
    });
    this.#state = state;
    this.#evaluations = evaluations;
    this.#submissions = submissions;
    this.#bodies.clear();
    this.#snapshotStamp = stamp;
    this.#through = result.through;
    this.#journalEnd = result.journalEnd;
    this.#journalLines = result.journalLines;
    this.#lastN = result.lastN;
    for (const source of previous) if (source && source !== this.#snapshot && source !== this.#journal) source.close();
  }

  /**
   * Reads the snapshot and the journal's complete writes after it, handing each record over.
   * With `open`, the files are (re)opened and kept as this store's sources.
   */
  #readFiles(handlers: Handlers & { open?: boolean }) {
    let snapshot = this.#snapshot;
    let journal = this.#journal;
    if (handlers.open) {
      snapshot = existsSync(this.file) ? new Source(this.file) : null;
      journal = existsSync(this.journalFile) ? new Source(this.journalFile, 'a+') : null;
    }
    let through = 0;
    try {
      if (snapshot) through = this.#readSnapshot(snapshot, handlers);
      const read = journal ? this.#readGroups(journal, 0, 1, through, handlers) : { end: 0, lines: 0, lastN: through };
      if (handlers.open) {
        this.#snapshot = snapshot;
        this.#journal = journal;
      }
      return { through, journalEnd: read.end, journalLines: read.lines, lastN: Math.max(read.lastN, through) };
    } catch (e) {
      if (handlers.open) {
        if (snapshot !== this.#snapshot) snapshot?.close();
        if (journal !== this.#journal) journal?.close();
      }
      throw e;
    }
  }

  #readSnapshot(source: Source, handlers: Handlers): number {
    const size = fstatSync(source.fd).size;
    const start = source.read(0, Math.min(size, 64)).toString('utf8');
    if (!start.startsWith(`${SNAPSHOT_HEADING}\t`)) {
      if (start.trimStart().startsWith('{')) throw new OldLayout();
      throw new BadFile(source.path, [size === 0 ? 'the file is empty' : `not a store file: neither a snapshot (its first line starts "${SNAPSHOT_HEADING}") nor a single-file store (not valid JSON: it starts ${JSON.stringify(start.slice(0, 20))})`]);
    }
    const problems: string[] = [];
    let through = 0;
    let records = 0;
    let ended: number | null = null;
    const scanned = scanLines(source, 0, size, 1, (buffer, s, e, offset, line) => {
      if (problems.length >= MAX_PROBLEMS) return;
      try {
        const read = decodeLine(source, buffer, s, e, offset, line, handlers.onAuditSeq !== undefined);
        if (ended !== null) throw new LineError(line, ['found after the end line']);
        if (line === 1) {
          if (read.type !== 'heading') throw new LineError(line, ['expected the heading']);
          through = read.through;
        } else if (read.type === 'op') {
          records++;
          handlers.onOp(read.op);
        } else if (read.type === 'evaluation') {
          records++;
          handlers.onPlaced({ kind: 'evaluation', head: read.head, place: read.body });
        } else if (read.type === 'submission') {
          records++;
          handlers.onPlaced({ kind: 'submission', head: read.head, place: read.body });
        } else if (read.type === 'auditSeq') {
          records++;
          handlers.onAuditSeq?.(read.seq);
        } else if (read.type === 'end') {
          if (read.records !== records) throw new LineError(line, [`the end line counts ${read.records} records, the file holds ${records}`]);
          ended = line;
        } else {
          throw new LineError(line, [`a ${read.type} line has no place in a snapshot`]);
        }
      } catch (err) {
        if (!(err instanceof LineError)) throw err;
        problems.push(...err.message.split('; '));
      }
    });
    if (scanned.end !== size) problems.push(`line ${scanned.lines + 1}: cut short (no newline at the end of the file)`);
    if (ended === null && problems.length === 0) problems.push('no end line: the file was cut short');
    if (problems.length) throw new BadFile(source.path, problems.slice(0, MAX_PROBLEMS));
    return through;
  }

  /**
   * Reads the journal's complete writes from `from` (at line `firstLine`), skipping those the
   * snapshot holds (n ≤ through). Lines after the last commit are left unread.
   */
  #readGroups(source: Source, from: number, firstLine: number, through: number, handlers: Handlers, to?: number) {
    const size = to ?? fstatSync(source.fd).size;
    const problems: string[] = [];
    let group: (() => void)[] = [];
    let end = from;
    let lines = firstLine - 1;
    let lastN = 0;
    scanLines(source, from, size, firstLine, (buffer, s, e, offset, line) => {
      if (problems.length >= MAX_PROBLEMS) return;
      try {
        const read = decodeLine(source, buffer, s, e, offset, line, handlers.onAuditSeq !== undefined);
        if (read.type === 'op') group.push(() => handlers.onOp(read.op));
        else if (read.type === 'auditSeq') group.push(() => handlers.onAuditSeq?.(read.seq));
        else if (read.type === 'evaluation') group.push(() => handlers.onPlaced({ kind: 'evaluation', head: read.head, place: read.body }));
        else if (read.type === 'submission') group.push(() => handlers.onPlaced({ kind: 'submission', head: read.head, place: read.body }));
        else if (read.type === 'commit') {
          if (read.n > through) for (const apply of group) apply();
          lastN = Math.max(lastN, read.n);
          group = [];
          end = offset + (e - s) + 1;
          lines = line;
        } else {
          throw new LineError(line, [`a ${read.type} line has no place in the journal`]);
        }
      } catch (err) {
        if (!(err instanceof LineError)) throw err;
        problems.push(...err.message.split('; '));
      }
    });
    if (problems.length) throw new BadFile(source.path, problems);
    return { end, lines: lines - (firstLine - 1), lastN };
  }

  /** Applies the journal's new complete writes (another process's) to the state in hand. */
  #readJournal(size: number): void {
    const read = this.#readGroups(this.#journal!, this.#journalEnd, this.#journalLines + 1, this.#through, {
      onOp: (op) => this.#state.apply(op),
      onAuditSeq: (seq) => {
        this.#state.auditSeq = Math.max(this.#state.auditSeq, seq);
      },
      onPlaced: (placed) => this.#keep(placed, this.#state, this.#evaluations, this.#submissions),
    }, size);
    this.#journalEnd = read.end;
    this.#journalLines += read.lines;
    this.#lastN = Math.max(this.#lastN, read.lastN);
  }

  /** Puts a record whose body is on disk into a state, fetching the body when asked. */
  #keep(placed: Placed, state: StoreState, evaluations: Placed[], submissions: Map<string, Placed>): void {
    if (placed.kind === 'evaluation') {
      evaluations.push(placed);
      state.addEvaluation({ head: placed.head, load: () => this.#cached(`evaluation:${placed.head.id}`, placed, () => loadBody(placed.head, placed.place)) });
    } else {
      submissions.set(placed.head.id, placed);
      const key = `submission:${placed.head.id}:${placed.head.version}`;
      state.putSubmission({ head: placed.head, load: () => this.#cached(key, placed, () => loadAnswers(placed.head, placed.place)) });
    }
  }

  #cached<T extends EvaluationRecord | Submission>(key: string, placed: Placed, read: () => T): T {
    const cached = this.#bodies.get(key) as T | undefined;
    if (cached) {
      this.#bodies.delete(key);
      this.#bodies.set(key, cached);
      return cached;
    }
    let record: T;
    try {
      record = read();
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.#corrupt = new StoreCorruptError(placed.place.source.path, '(not moved: found while running; stop the bot and run `npm run cli -- db check`)', e.problems);
      throw this.#corrupt;
    }
    this.#bodies.set(key, record);
    if (this.#bodies.size > BODY_CACHE) this.#bodies.delete(this.#bodies.keys().next().value!);
    return record;
  }

  #snapshotSize(): number | null {
    return statOrNull(this.file) ? Number(statSync(this.file).size) : null;
  }

  // ---- writing (all under the lock) ----

  /** Bytes after the journal's last complete write were a write cut short: kept aside, then cut off. */
  #setAsideTornTail(): void {
    if (!this.#journal) return;
    const size = fstatSync(this.#journal.fd).size;
    if (size <= this.#journalEnd) return;
    const torn = this.#journal.read(this.#journalEnd, size - this.#journalEnd);
    const aside = `${this.journalFile}.torn-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const fd = new Source(aside, 'wx');
    writeSync(fd.fd, torn);
    fd.close();
    ftruncateSync(this.#journal.fd, this.#journalEnd);
  }

  #append(ops: readonly Op[]): void {
    if (!this.#snapshot) {
      // The store's file exists from its first write: an empty snapshot, then the journal.
      writeSnapshot(this.file, this.#lastN, []);
      const s = statSync(this.file, { bigint: true });
      this.#snapshot = new Source(this.file);
      this.#snapshotStamp = `${s.ino}:${s.size}:${s.mtimeNs}`;
      this.#through = this.#lastN;
    }
    if (!this.#journal) this.#journal = new Source(this.journalFile, 'a+');
    const n = this.#lastN + 1;
    const parts: Buffer[] = [];
    const places: BodyPlace[] = [];
    let at = this.#journalEnd;
    for (const op of ops) {
      const split = splitRecord(op);
      const line = Buffer.from(encodeOp(op));
      if (split) {
        const bodyLength = Buffer.byteLength(split.body);
        places.push({ source: this.#journal, offset: at + line.length - 1 - bodyLength, length: bodyLength });
      }
      parts.push(line);
      at += line.length;
    }
    parts.push(Buffer.from(encodeCommit(n)));
    const buffer = Buffer.concat(parts);
    try {
      let done = 0;
      while (done < buffer.length) done += writeSync(this.#journal.fd, buffer, done, buffer.length - done);
    } catch (e) {
      throw new StoreUnavailableError(this.file, `writing failed: ${(e as Error).message}`);
    }
    let placed = 0;
    for (const op of ops) {
      if (op.kind === 'evaluation') {
        const { evaluation: _body, ...head } = op.record;
        this.#keep({ kind: 'evaluation', head, place: places[placed++]! }, this.#state, this.#evaluations, this.#submissions);
        this.#bodies.set(`evaluation:${head.id}`, op.record);
      } else if (op.kind === 'submission') {
        const { answers: _answers, ...head } = op.record;
        this.#keep({ kind: 'submission', head, place: places[placed++]! }, this.#state, this.#evaluations, this.#submissions);
        this.#bodies.set(`submission:${head.id}:${head.version}`, op.record);
        if (this.#bodies.size > BODY_CACHE) this.#bodies.delete(this.#bodies.keys().next().value!);
      } else {
        this.#state.apply(op);
      }
    }
    this.#journalEnd += buffer.length;
    this.#journalLines += ops.length + 1;
    this.#lastN = n;
    this.#refreshStamps();
  }

  /** After our own write or compaction: the files as they now are are the ones in hand. */
  #refreshStamps(): void {
    const s = statOrNull(this.file);
    this.#snapshotStamp = s ? `${s.ino}:${s.size}:${s.mtimeNs}` : null;
  }

  #compact(): void {
    const state = this.#state;
    const items: SnapshotItem[] = [];
    if (state.trust) items.push({ kind: 'trust', record: state.trust });
    for (const record of state.windows.values()) items.push({ kind: 'window', record });
    for (const slot of state.submissions.values()) {
      const placed = this.#submissions.get(slot.head.id);
      if (placed?.head === slot.head) items.push({ kind: 'submissionAt', head: placed.head, body: placed.place });
      else items.push({ kind: 'submission', record: slot.load() });
    }
    for (const placed of this.#evaluations) items.push({ kind: 'evaluationAt', head: placed.head as EvaluationHead, body: placed.place });
    for (const record of state.decisions) items.push({ kind: 'decision', record });
    for (const record of state.conversations.values()) items.push({ kind: 'conversation', record });
    for (const byActivity of state.lastDone.values()) for (const record of byActivity.values()) items.push({ kind: 'lastDone', record });
    for (const record of state.outbox.values()) items.push({ kind: 'outbox', record });
    for (const record of state.jobRuns.values()) items.push({ kind: 'jobRun', record });
    for (const record of state.pairings.values()) items.push({ kind: 'pairing', record });
    this.#readFiles({
      onOp: (op) => {
        if (op.kind === 'audit') items.push(op);
      },
      onPlaced: () => undefined,
    });
    const places = writeSnapshot(this.file, this.#lastN, items);
    const snapshot = new Source(this.file);
    // The old journal's writes are all in the new snapshot (n ≤ through): an empty one replaces it.
    writeSnapshotJournal(this.journalFile);
    const journal = new Source(this.journalFile, 'a+');
    const old = [this.#snapshot, this.#journal];
    for (const placed of [...this.#evaluations, ...this.#submissions.values()]) {
      const moved = places.get(placeKey(placed.kind, placed.head.id));
      if (moved) placed.place = { source: snapshot, ...moved };
    }
    this.#snapshot = snapshot;
    this.#journal = journal;
    this.#through = this.#lastN;
    this.#journalEnd = 0;
    this.#journalLines = 0;
    this.#refreshStamps();
    for (const source of old) source?.close();
  }

  /** Converts a single-file (version 1) store: the old file is kept as a backup, never changed. */
  async #migrate(): Promise<void> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      throw new StoreUnavailableError(this.file, `it is a single-file store too large to read as one (${(e as Error).message})`);
    }
    const parsed = parseStoreText(text);
    if (!parsed.ok) throw new BadFile(this.file, parsed.problems);
    const backup = `${this.file}.v1-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(this.file, backup, constants.COPYFILE_EXCL);
    if (existsSync(this.journalFile)) await moveAside(this.journalFile, new Date());
    writeSnapshot(this.file, 0, opsOfDocument(parsed.data));
  }

  // ---- serialising ----

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

  #closeSources(): void {
    this.#snapshot?.close();
    this.#journal?.close();
    this.#snapshot = null;
    this.#journal = null;
  }
}

/** An empty journal, put in place by a rename: readers holding the old one keep what they opened. */
function writeSnapshotJournal(path: string): void {
  const temp = `${path}.writing-${process.pid}`;
  new Source(temp, 'w').close();
  renameSync(temp, path);
}

function statOrNull(path: string) {
  return statSync(path, { bigint: true, throwIfNoEntry: false }) ?? null;
}
