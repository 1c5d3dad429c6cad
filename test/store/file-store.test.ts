/** The file store's files: what it keeps across processes, and what it does with a bad file. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyStoreData, moveAside, parseStoreText } from '../../src/store/file.js';
import { FileStore } from '../../src/store/file-store.js';
import { openStore, storeFile, DEFAULT_STORE_FILE } from '../../src/store/open.js';
import { StoreCorruptError } from '../../src/store/file.js';
import { audit, conversation, decision, evaluation, lastDone, message, pairing, submission, trust, window } from './fixtures.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'termly-file-store-'));
  file = join(dir, 'termly.db.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fillEveryKind(store: FileStore): Promise<void> {
  await store.saveTrust(trust, audit('trust:ethos'));
  await store.saveWindow(window, audit('window:2026-27-autumn'));
  await store.saveSubmission(submission(), 0, { ...audit('submission:1'), detail: { state: 'draft' } });
  await store.addEvaluation(evaluation, audit('evaluation:1'));
  await store.addDecision(decision, audit('decision:1'));
  await store.saveConversation(conversation);
  await store.saveLastDone(lastDone, audit('last-done'));
  await store.enqueue(message());
  await store.savePairing(pairing, audit('pairing:decision-1/attendance'));
}

describe('the store file', () => {
  it('keeps every kind of record for the next process to read', async () => {
    await fillEveryKind(await FileStore.open(file));
    const reopened = await FileStore.open(file);

    expect(await reopened.getTrust()).toEqual(trust);
    expect(await reopened.listWindows()).toEqual([window]);
    expect(await reopened.getSubmission('reach-academy', 'window-1')).toEqual(submission());
    expect(await reopened.latestEvaluation('reach-academy', 'window-1')).toEqual(evaluation);
    expect(await reopened.listDecisions()).toEqual([decision]);
    expect(await reopened.getConversation('person:ceo', 'teams')).toEqual(conversation);
    expect(await reopened.listLastDone('reach-academy')).toEqual([lastDone]);
    expect(await reopened.listOutbox()).toEqual([message()]);
    expect(await reopened.listPairings()).toEqual([pairing]);
    const log = await reopened.listAudit();
    expect(log.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log[2]).toEqual({ seq: 3, ...audit('submission:1'), detail: { state: 'draft' } });

    const [heading] = (await readFile(file, 'utf8')).split('\n');
    expect(heading).toBe('termly-store\t{"schemaVersion":2,"through":0}');
  });

  it('sees a write made through another instance', async () => {
    const bot = await FileStore.open(file);
    const cli = await FileStore.open(file);
    expect(await bot.getTrust()).toBeNull();
    await cli.saveTrust(trust, audit('trust:ethos'));
    expect(await bot.getTrust()).toEqual(trust);
  });

  it('treats a missing file as an empty store and writes it on the first change', async () => {
    const store = await FileStore.open(join(dir, 'new', 'folder', 'termly.db.json'));
    expect(await store.getTrust()).toBeNull();
    expect(await readdir(dir)).toEqual(['new']);
    await store.saveWindow(window, audit('w'));
    expect(await readdir(join(dir, 'new', 'folder'))).toEqual(['termly.db.json', 'termly.db.json.journal']);
  });
});

describe('writes at the same time', () => {
  it('keeps every one of many concurrent saves from one instance', async () => {
    const store = await FileStore.open(file);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.saveSubmission(submission(i), 0, audit(`submission:${i}`))));
    expect(await (await FileStore.open(file)).listSubmissions()).toHaveLength(40);
    expect((await store.listAudit()).map((a) => a.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('keeps every save when two instances write to the same file at once', async () => {
    const [a, b] = await Promise.all([FileStore.open(file), FileStore.open(file)]);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        a.saveSubmission(submission(i, 'engage-academy'), 0, audit(`a:${i}`)),
        b.saveSubmission(submission(i, 'reach-academy'), 0, audit(`b:${i}`)),
        b.enqueue(message(i)),
      ]).flat(),
    );
    const reopened = await FileStore.open(file);
    expect(await reopened.listSubmissions({ schoolId: 'engage-academy' })).toHaveLength(30);
    expect(await reopened.listSubmissions({ schoolId: 'reach-academy' })).toHaveLength(30);
    expect(await reopened.listOutbox()).toHaveLength(30);
    const seqs = (await reopened.listAudit()).map((a) => a.seq);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
});

describe('queueing outbox messages in one write', () => {
  it('keeps a batch for the next process, each key once when two instances queue the same keys at once', async () => {
    const [a, b] = await Promise.all([FileStore.open(file), FileStore.open(file)]);
    const batch = (instance: string, from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({ ...message(from + i, `reminder:${from + i}`), id: `${instance}-${from + i}` }));
    const [fromA, fromB] = await Promise.all([a.enqueueMany(batch('a', 1, 20)), b.enqueueMany(batch('b', 11, 30))]);
    expect([...fromA, ...fromB].filter((r) => r.added)).toHaveLength(30);

    const kept = await (await FileStore.open(file)).listOutbox();
    expect(kept.map((m) => m.idempotencyKey).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `reminder:${i + 1}`).sort());
    // Whichever instance wrote second found the overlapping keys kept and answered with the other's messages.
    const overlap = [...fromA.slice(10), ...fromB.slice(0, 10)];
    expect(overlap.filter((r) => r.added)).toHaveLength(10);
    for (const r of overlap) expect(kept).toContainEqual(r.message);
  });
});

describe('a corrupt store file', () => {
  /** A single-file store (schema version 1) as older versions wrote it. */
  const valid = () => ({ ...emptyStoreData(), submissions: [submission()] }) as Record<string, unknown> & { submissions: Record<string, unknown>[] };

  async function expectMovedAside(bytes: Buffer, problem: string): Promise<StoreCorruptError> {
    const error = await FileStore.open(file).then(
      () => { throw new Error('opened a corrupt file'); },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreCorruptError);
    const corrupt = error as StoreCorruptError;
    expect(corrupt.file).toBe(file);
    expect(corrupt.movedTo).toMatch(/termly\.db\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(corrupt.problems).toContainEqual(expect.stringContaining(problem));
    expect(corrupt.message).toContain(file);
    expect(corrupt.message).toContain(corrupt.movedTo);
    expect(await readFile(corrupt.movedTo)).toEqual(bytes);
    // Nothing written in its place: no store, no temp file, no lock left behind.
    expect((await readdir(dir)).filter((f) => !f.includes('.corrupt-'))).toEqual([]);
    return corrupt;
  }

  it('is moved aside untouched when it is not JSON', async () => {
    const bytes = Buffer.from('{ "schemaVersion": 1, "trust": nul');
    await writeFile(file, bytes);
    await expectMovedAside(bytes, 'not valid JSON');
  });

  it('is moved aside when a record breaks the schema, naming the record and field', async () => {
    const data = valid();
    data.submissions[0]!.version = '2';
    const bytes = Buffer.from(JSON.stringify(data));
    await writeFile(file, bytes);
    await expectMovedAside(bytes, 'submissions[0].version: expected number, found string "2"');
  });

  it('is moved aside when it is from another schema version', async () => {
    const data = valid();
    data.schemaVersion = 7;
    const bytes = Buffer.from(JSON.stringify(data, null, 2));
    await writeFile(file, bytes);
    await expectMovedAside(bytes, 'schemaVersion: expected 1, found 7');
  });

  it('found while running stops that store: nothing more is read or written', async () => {
    const store = await FileStore.open(file);
    await store.saveTrust(trust, audit('trust:ethos'));
    const bytes = Buffer.from('[]');
    await writeFile(file, bytes);

    const refused = await store.saveWindow(window, audit('w')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreCorruptError);
    await expect(store.getTrust()).rejects.toBeInstanceOf(StoreCorruptError);
    // The bad file and its journal are both set aside; nothing is left in their place.
    const entries = await readdir(dir);
    expect(entries.filter((f) => !f.includes('.corrupt-'))).toEqual([]);
    expect(await readFile((refused as StoreCorruptError).movedTo)).toEqual(bytes);
  });

  it('is never moved over an earlier corrupt copy', async () => {
    const at = new Date('2026-11-24T09:00:00.000Z');
    await writeFile(file, 'first');
    const first = await moveAside(file, at);
    await writeFile(file, 'second');
    const second = await moveAside(file, at);
    expect(second).not.toBe(first);
    expect(await readFile(first, 'utf8')).toBe('first');
    expect(await readFile(second, 'utf8')).toBe('second');
  });

  it('stops openStore unless told to start an empty store, which then reports what was moved', async () => {
    await writeFile(file, 'not json');
    await expect(openStore({ file, env: {} })).rejects.toBeInstanceOf(StoreCorruptError);

    await writeFile(file, 'not json either');
    const opened = await openStore({ file, env: {}, ifCorrupt: 'start_empty' });
    expect(opened.movedAside?.problems[0]).toContain('not valid JSON');
    expect(await opened.store.getTrust()).toBeNull();
    await opened.store.saveTrust(trust, audit('trust:ethos'));
    expect(await readFile(opened.movedAside!.movedTo, 'utf8')).toBe('not json either');
  });
});

describe('choosing the store file', () => {
  it('takes the file given, else TERMLY_STORE, else data/termly.db.json in the project', () => {
    expect(storeFile({ file: '/srv/a.json', env: { TERMLY_STORE: '/srv/b.json' } })).toBe('/srv/a.json');
    expect(storeFile({ env: { TERMLY_STORE: '/srv/b.json' } })).toBe('/srv/b.json');
    expect(storeFile({ env: { TERMLY_STORE: 'rel/c.json' } })).toBe(join(process.cwd(), 'rel/c.json'));
    expect(storeFile({ env: {} })).toBe(DEFAULT_STORE_FILE);
    expect(DEFAULT_STORE_FILE).toMatch(/\/data\/termly\.db\.json$/);
  });

  it('opens the file TERMLY_STORE names', async () => {
    const { store, location: chosen } = await openStore({ env: { TERMLY_STORE: file } });
    await store.saveTrust(trust, audit('trust:ethos'));
    expect(chosen).toBe(file);
    expect((await (await FileStore.open(file)).getTrust())?.id).toBe('ethos');
  });
});

describe('two processes on one file', () => {
  it('keeps every save from the bot and the CLI writing at once', async () => {
    const script = fileURLToPath(new URL('./writer-process.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, '25', 'engage-academy'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    await once(child.stdout, 'data');

    const store = await FileStore.open(file);
    child.stdin.write('go\n');
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.saveSubmission(submission(i, 'reach-academy'), 0, audit(`reach:${i}`))),
    );
    const [code] = await exited;
    expect(code).toBe(0);

    const reopened = await FileStore.open(file);
    expect(await reopened.listSubmissions({ schoolId: 'engage-academy' })).toHaveLength(25);
    expect(await reopened.listSubmissions({ schoolId: 'reach-academy' })).toHaveLength(25);
    const log = await reopened.listAudit();
    expect(log.map((a) => a.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  }, 60_000);
});

describe('reading a store file', () => {
  it('names what is wrong with a file that is JSON but not a store', () => {
    expect(parseStoreText('[]')).toEqual({ ok: false, problems: ['expected a JSON object with schemaVersion 1, found a list'] });
    expect(parseStoreText('{}')).toEqual({ ok: false, problems: ['schemaVersion: expected 1, found nothing'] });
    const result = parseStoreText(JSON.stringify({ schemaVersion: 1, trust: null, windows: [{ id: 'w' }] }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toContain('windows[0].academicYear: expected string, found nothing');
    expect(!result.ok && result.problems).toContain('submissions: expected array, found nothing');
  });
});
