/** What the scheduler and the outbox add to the store: job runs kept once finished, outcomes recorded in groups. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { emptyStoreData } from '../../src/store/file.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory.js';
import { postgresTitle, suiteFor, useTestDatabase } from './postgres.js';
import { StoreRecordError, type Store } from '../../src/store/port.js';
import type { JobRun } from '../../src/store/records.js';
import { message } from './fixtures.js';

const db = useTestDatabase();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'termly-store-'));
  dirs.push(dir);
  return join(dir, 'termly.db.json');
}

const stores: [string, () => Promise<Store>][] = [
  ['file', async () => FileStore.open(await tempFile())],
  ['memory', async () => new MemoryStore()],
  [postgresTitle('postgres'), async () => (await db!.fresh()).store('ethos')],
];

const run = (change: Partial<JobRun> = {}): JobRun => ({
  id: '2026-27-autumn:open', kind: 'open', dueAt: '2026-11-27T08:30:00.000Z', state: 'running', attempts: 1, startedAt: '2026-11-27T08:30:00.000Z', ...change,
});

for (const [name, open] of stores) suiteFor(name)(`${name} store`, () => {
  it('keeps a job run and replaces it until it has finished, then never again', async () => {
    const store = await open();
    expect(await store.listJobRuns()).toEqual([]);
    expect(await store.saveJobRun(run())).toEqual({ run: run(), saved: true });
    const failed = run({ state: 'failed', finishedAt: '2026-11-27T08:31:00.000Z', lastError: 'store unavailable' });
    expect((await store.saveJobRun(failed)).saved).toBe(true);
    const done = run({ attempts: 2, state: 'done', finishedAt: '2026-11-27T08:40:00.000Z', outcome: '6 heads messaged' });
    expect((await store.saveJobRun(done)).saved).toBe(true);

    const again = await store.saveJobRun(run({ attempts: 3 }));
    expect(again).toEqual({ run: done, saved: false });
    expect(await store.listJobRuns()).toEqual([done]);
  });

  it('lists job runs by when they fell due, then by id', async () => {
    const store = await open();
    await store.saveJobRun(run({ id: 'b', dueAt: '2026-11-28T08:30:00.000Z' }));
    await store.saveJobRun(run({ id: 'c', dueAt: '2026-11-27T08:30:00.000Z' }));
    await store.saveJobRun(run({ id: 'a', dueAt: '2026-11-28T08:30:00.000Z' }));
    expect((await store.listJobRuns()).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('refuses a job run that is not valid, naming the field', async () => {
    const store = await open();
    await expect(store.saveJobRun(run({ attempts: 0 }))).rejects.toBeInstanceOf(StoreRecordError);
    await expect(store.saveJobRun(run({ dueAt: 'soon' }))).rejects.toThrow('dueAt');
    expect(await store.listJobRuns()).toEqual([]);
  });

  it('records several outbox outcomes in one write, or none when one names an unknown message', async () => {
    const store = await open();
    await store.enqueue(message(1));
    await store.enqueue(message(2));
    await store.updateOutboxMany([
      { id: 'message-1', change: { state: 'sent', attempts: 1, sentAt: '2026-11-23T08:30:01.000Z' } },
      { id: 'message-2', change: { attempts: 1, throttled: 1, notBefore: '2026-11-23T08:30:03.000Z', lastError: 'HTTP 429' } },
    ]);
    expect((await store.listOutbox()).map((m) => [m.id, m.state, m.attempts, m.throttled ?? null])).toEqual([
      ['message-1', 'sent', 1, null],
      ['message-2', 'pending', 1, 1],
    ]);
    const bad = store.updateOutboxMany([{ id: 'message-2', change: { state: 'sent' } }, { id: 'message-9', change: { state: 'sent' } }]);
    await expect(bad).rejects.toThrow('no such message in the outbox');
    expect((await store.listOutbox({ state: 'pending' })).map((m) => m.id)).toEqual(['message-2']);
  });
});

it('opens a store file written before job runs were kept', async () => {
  const file = await tempFile();
  const older = emptyStoreData();
  delete (older as { jobRuns?: unknown }).jobRuns;
  await writeFile(file, JSON.stringify(older));
  const store = await FileStore.open(file);
  expect(await store.listJobRuns()).toEqual([]);
  await store.saveJobRun(run());
  expect(await (await FileStore.open(file)).listJobRuns()).toEqual([run()]);
});
