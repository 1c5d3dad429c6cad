/** The file store's layout: snapshot and journal, migration, writes cut short, compaction, db check. */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStoreFiles } from '../../src/store/check.js';
import { emptyStoreData } from '../../src/store/file.js';
import { FileStore } from '../../src/store/file-store.js';
import { StoreCorruptError } from '../../src/store/file.js';
import { audit, decision, evaluation, message, pairing, submission, trust, window } from './fixtures.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'termly-journal-'));
  file = join(dir, 'termly.db.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a single-file store from an earlier version', () => {
  it('is migrated on open, its file kept as a backup, and carries on from its last audit entry', async () => {
    const old = {
      ...emptyStoreData(), trust, windows: [window], submissions: [submission()], evaluations: [evaluation], decisions: [decision],
      outbox: [message()], audit: [{ seq: 1, ...audit('trust:ethos'), detail: {} }, { seq: 2, ...audit('window:2026-27-autumn'), detail: {} }],
    };
    const bytes = JSON.stringify(old, null, 2);
    await writeFile(file, bytes);
    const store = await FileStore.open(file);
    expect(await store.getTrust()).toEqual(trust);
    expect(await store.latestEvaluation('reach-academy', 'window-1')).toEqual(evaluation);
    expect(await store.listOutbox()).toEqual([message()]);
    await store.addDecision({ ...decision, id: 'decision-2' }, audit('decision:2'));
    expect((await store.listAudit()).map((a) => a.seq)).toEqual([1, 2, 3]);

    const backups = (await readdir(dir)).filter((f) => f.includes('.v1-backup-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(dir, backups[0]!), 'utf8')).toBe(bytes);
    expect((await readFile(file, 'utf8')).startsWith('termly-store\t')).toBe(true);
    expect(await (await FileStore.open(file)).listDecisions()).toHaveLength(2);
  });
});

describe('the journal', () => {
  it('leaves out a write cut short, and the next write sets its bytes aside', async () => {
    const store = await FileStore.open(file);
    await store.saveTrust(trust, audit('trust:ethos'));
    // A crash halfway through a write: a record line, no commit, and half a line.
    const torn = `window\t${JSON.stringify(window)}\nsubmission\t{"id":"half`;
    await appendFile(`${file}.journal`, torn);

    const reader = await FileStore.open(file);
    expect(await reader.listWindows()).toEqual([]);
    expect(checkStoreFiles(file).files[1]!.notes[0]).toContain('a write cut short');

    await reader.saveSubmission(submission(), 0, audit('submission:1'));
    const aside = (await readdir(dir)).filter((f) => f.includes('.journal.torn-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(torn);
    const reopened = await FileStore.open(file);
    expect(await reopened.listWindows()).toEqual([]);
    expect(await reopened.getSubmission('reach-academy', 'window-1')).toEqual(submission());
    expect(checkStoreFiles(file).ok).toBe(true);
  });

  it('is moved aside with its snapshot when a line is broken, naming the line', async () => {
    const store = await FileStore.open(file);
    await store.saveTrust(trust, audit('trust:ethos'));
    await store.saveWindow(window, audit('w'));
    const journal = await readFile(`${file}.journal`, 'utf8');
    const broken = journal.replace('"academicYear":"2026-27"', '"academicYear":2026');
    await writeFile(`${file}.journal`, broken);

    const check = checkStoreFiles(file);
    expect(check.ok).toBe(false);
    expect(check.files[1]!.problems).toContainEqual(expect.stringMatching(/^line 4: window: academicYear: expected string, found number 2026$/));

    const error = await FileStore.open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    const corrupt = error as StoreCorruptError;
    expect(corrupt.file).toBe(`${file}.journal`);
    expect(await readFile(corrupt.movedTo, 'utf8')).toBe(broken);
    expect(corrupt.problems.at(-1)).toContain(`${file} was moved with it`);
    expect((await readdir(dir)).filter((f) => !f.includes('.corrupt-'))).toEqual([]);
  });

  it('checks a body when it is read: a bad one stops the store, and db check names it', async () => {
    const store = await FileStore.open(file);
    await store.saveSubmission(submission(), 0, audit('s'));
    const journal = await readFile(`${file}.journal`, 'utf8');
    await writeFile(`${file}.journal`, journal.replace('"attendance":81.5', '"attendance":"81.5"'));

    expect(checkStoreFiles(file).files[1]!.problems).toEqual([
      'the answers of submission "submission-reach-academy-1": indicators.attendance: Invalid input (found string "81.5")',
    ]);
    const reader = await FileStore.open(file);
    expect(await reader.listSubmissions({ windowId: 'window-2' })).toEqual([]);
    await expect(reader.getSubmission('reach-academy', 'window-1')).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(reader.listWindows()).rejects.toBeInstanceOf(StoreCorruptError);
  });

  it('shows one process the writes another appended', async () => {
    const bot = await FileStore.open(file);
    const cli = await FileStore.open(file);
    await bot.saveTrust(trust, audit('trust:ethos'));
    await cli.addEvaluation(evaluation, audit('e'));
    await cli.addDecision(decision, audit('d'));
    expect(await bot.latestEvaluation('reach-academy', 'window-1')).toEqual(evaluation);
    expect(await bot.listDecisions({ schoolId: 'reach-academy' })).toEqual([decision]);
    await bot.saveWindow(window, audit('w'));
    expect((await cli.listAudit()).map((a) => a.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('compaction', () => {
  it('writes everything into a new snapshot and an empty journal; every instance reads on', async () => {
    const store = await FileStore.open(file);
    const other = await FileStore.open(file);
    await store.saveTrust(trust, audit('trust:ethos'));
    await store.saveSubmission(submission(), 0, audit('s'));
    await store.saveSubmission({ ...submission(), state: 'submitted' }, 1, audit('s'));
    await store.addEvaluation(evaluation, audit('e'));
    await store.addEvaluation({ ...evaluation, id: 'evaluation-2', windowId: 'window-2' }, audit('e'));
    await store.enqueue(message());
    await store.updateOutbox('message-1', { state: 'sent', attempts: 1 });
    expect(await other.getSubmission('reach-academy', 'window-1')).toMatchObject({ version: 2 });

    await store.compactNow();
    expect((await readFile(`${file}.journal`)).length).toBe(0);
    expect(checkStoreFiles(file)).toMatchObject({ ok: true });
    for (const s of [store, other, await FileStore.open(file)]) {
      expect(await s.getSubmission('reach-academy', 'window-1')).toMatchObject({ version: 2, state: 'submitted' });
      expect(await s.latestEvaluation('reach-academy', 'window-2')).toEqual({ ...evaluation, id: 'evaluation-2', windowId: 'window-2' });
      expect(await s.listOutbox()).toEqual([{ ...message(), state: 'sent', attempts: 1 }]);
      expect((await s.listAudit()).map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
    }
    await other.addDecision(decision, audit('d'));
    expect(await store.listDecisions()).toEqual([decision]);
    expect((await (await FileStore.open(file)).listAudit()).map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // Pairings, answered in place, are carried into the next snapshot.
    await other.savePairing(pairing, audit('p'));
    await store.savePairing({ ...pairing, answer: 'accepted', answeredBy: 'engage-head', answeredAt: '2026-12-09T08:00:00.000+00:00' }, audit('p'));
    await store.compactNow();
    expect(await (await FileStore.open(file)).listPairings()).toEqual([{ ...pairing, answer: 'accepted', answeredBy: 'engage-head', answeredAt: '2026-12-09T08:00:00.000+00:00' }]);
  });
});
