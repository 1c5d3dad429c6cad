/** Starting after time away: what fell due runs once at start, never twice, and a crash mid-job repeats nothing. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/index.js';
import type { Delivery, Outbound, OutboundMessage } from '../../src/review/outbound.js';
import { FileStore } from '../../src/store/file-store.js';
import { FakeClock, FakePlatform } from '../outbox/fakes.js';
import { demoHarness } from './harness.js';

const HEADS = 6;

describe('catching up after the bot was not running', () => {
  it('opens a window late at start, skips the reminder that fell due with it, and runs nothing twice', async () => {
    const h = await demoHarness('2026-11-20T09:00:00Z');
    await h.scheduler.tick();
    // Down from Friday 20 November until Monday 7 December: the opening (27 Nov) and the
    // five-day reminder (4 Dec) fell due meanwhile.
    h.clock.set('2026-12-07T09:00:00Z');
    const start = await h.scheduler.tick();
    expect(start.jobs.map((j) => [j.id, j.state])).toEqual([
      ['2026-27-autumn:open', 'done'],
      ['2026-27-autumn:nudge-5', 'skipped'],
    ]);
    await h.outbox.dispatch();
    expect(h.teams.arrivals.filter((a) => a.key.startsWith('window-opened:2026-27-autumn:'))).toHaveLength(HEADS);
    expect(h.teams.arrivals.filter((a) => a.key.startsWith('reminder:'))).toEqual([]);

    // A second start the same morning (a new scheduler on the same store) finds nothing to do.
    const again = await createScheduler({ ctx: h.ctx }).tick();
    expect(again.jobs).toEqual([]);
    await h.outbox.dispatch();
    expect(h.teams.arrivals.filter((a) => a.key.startsWith('window-opened:'))).toHaveLength(HEADS);

    // The one-day reminder still goes on its day.
    h.clock.set('2026-12-10T08:30:00Z');
    expect((await h.scheduler.tick()).jobs.map((j) => j.id)).toEqual(['2026-27-autumn:nudge-1']);
    await h.outbox.dispatch();
    expect(h.teams.arrivals.filter((a) => a.key.startsWith('reminder:deadline-1:'))).toHaveLength(HEADS);
  });

  it('tells leadership once when a window could not open before its deadline passed', async () => {
    const h = await demoHarness('2026-11-26T09:00:00Z');
    await h.scheduler.tick();
    await h.outbox.dispatch();
    const before = h.teams.arrivals.length;
    h.clock.set('2026-12-14T09:00:00Z');
    const start = await h.scheduler.tick();
    expect(start.jobs.map((j) => [j.id, j.state])).toEqual([
      ['2026-27-autumn:open', 'missed'],
      ['2026-27-autumn:nudge-5', 'skipped'],
      ['2026-27-autumn:nudge-1', 'skipped'],
      ['2026-27-autumn:deadline', 'skipped'],
    ]);
    await createScheduler({ ctx: h.ctx }).tick();
    await h.outbox.dispatch();
    const since = h.teams.arrivals.slice(before);
    expect(since.map((a) => [a.conversation, (a.view as { title: string }).title])).toEqual([['channel:leadership', 'Autumn term 2026-27 review did not open']]);
    expect(JSON.stringify(since[0]!.view)).toContain('/review open 2026-27-autumn');
  });

  it('says nothing of a term long gone when first started mid-year, and still sends this half-term\'s reminder', async () => {
    const h = await demoHarness('2027-02-01T09:00:00Z');
    const start = await h.scheduler.tick();
    expect(start.jobs.find((j) => j.id === '2026-27-autumn:open')).toMatchObject({ state: 'missed' });
    expect(start.jobs.find((j) => j.id === '2026-27-autumn:close')).toMatchObject({ state: 'skipped' });
    expect(start.jobs.find((j) => j.id === '2026-27-h3:half-term')).toMatchObject({ state: 'done' });
    await h.outbox.dispatch();
    expect(h.teams.arrivals.filter((a) => a.conversation === 'channel:leadership')).toEqual([]);
    expect(h.teams.arrivals.map((a) => (a.view as { title: string }).title)).toEqual(Array(HEADS).fill('Coming up: Spring term 2026-27 review'));
  });
});

describe('a process killed in the middle of a job', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'termly-scheduler-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the job again at the next start and every head has the opening message once', async () => {
    const file = join(dir, 'termly.db.json');
    const clock = new FakeClock('2026-11-27T08:30:00Z');
    const teams = new FakePlatform('teams', clock);

    // The first process dies while messaging heads: its fourth send never returns.
    let sends = 0;
    const dying = (outbound: Outbound): Outbound => ({
      send: (message: OutboundMessage): Promise<Delivery> => (++sends > 3 ? new Promise<Delivery>(() => undefined) : outbound.send(message)),
    });
    const first = await demoHarness('2026-11-27T08:30:00Z', { store: await FileStore.open(file), clock, teams, wrap: dying });
    void first.scheduler.tick();
    const watcher = await FileStore.open(file);
    while ((await watcher.listOutbox()).length < 3) await new Promise((r) => setTimeout(r, 5));
    expect((await watcher.listJobRuns()).find((r) => r.id === '2026-27-autumn:open')).toMatchObject({ state: 'running', attempts: 1 });

    // The next process: a new store instance on the same file.
    clock.set('2026-11-27T09:10:00Z');
    const second = await demoHarness('2026-11-27T09:10:00Z', { store: await FileStore.open(file), clock, teams, seed: false });
    const report = await second.scheduler.tick();
    expect(report.jobs).toEqual([expect.objectContaining({ id: '2026-27-autumn:open', state: 'done' })]);
    await second.outbox.dispatch();

    const opened = teams.arrivals.filter((a) => a.key.startsWith('window-opened:2026-27-autumn:'));
    expect(opened.map((a) => a.conversation).sort()).toEqual([
      'person:head-elements-academy', 'person:head-engage-academy', 'person:head-enrich-academy',
      'person:head-ethos-college', 'person:head-evolve-academy', 'person:head-reach-academy',
    ]);
    expect(teams.duplicates()).toEqual([]);
    const windows = await second.store.listWindows();
    expect(windows.find((w) => w.id === '2026-27-autumn')).toMatchObject({ state: 'open' });
    expect((await second.store.listJobRuns()).find((r) => r.id === '2026-27-autumn:open')).toMatchObject({ state: 'done', attempts: 2 });
    expect((await second.store.listAudit({ subject: 'window:2026-27-autumn' })).filter((a) => a.action === 'window.opened')).toHaveLength(1);
  });
});
