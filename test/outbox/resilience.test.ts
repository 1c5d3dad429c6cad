/** Nothing lost, nothing twice: a throttling platform, a process stopped mid-batch, a process killed with sends under way. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/index.js';
import { createOutbox } from '../../src/outbox/index.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/port.js';
import { connectEveryone, FakeClock, FakePlatform, seeded, trustOf } from './fakes.js';

const calendar = loadCalendar();
const audit = { at: '2026-09-01T08:00:00.000Z', actor: 'system', action: 'trust.created', subject: 'trust:test-trust' };

async function queueReminders(store: Store, schools: number, clock: FakeClock, platform: FakePlatform): Promise<void> {
  const outbox = createOutbox({ store, calendar, deliverers: [platform], now: clock.now, sleep: clock.sleep });
  for (let i = 1; i <= schools; i++) {
    const delivery = await outbox.send({
      to: { kind: 'person', personId: `head-school-${i}` },
      idempotencyKey: `reminder:deadline-1:2026-27-autumn:school-${i}:head-school-${i}`,
      view: { kind: 'notice', title: `Reminder ${i}`, lines: [], action: { title: 'Carry on', verb: 'review.start', data: { schoolId: `school-${i}`, windowId: '2026-27-autumn' } } },
    });
    expect(delivery.status).toBe('queued');
  }
}

describe('a platform answering 429 to half of the requests', () => {
  it('still delivers every message exactly once, waiting as it is told', async () => {
    const clock = new FakeClock('2026-12-10T08:30:00Z');
    const store = new MemoryStore();
    const trust = trustOf(250);
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust);
    const teams = new FakePlatform('teams', clock);
    const coin = seeded(42);
    teams.answer = () => (coin() < 0.5 ? { outcome: 'retry', status: 429, ...(coin() < 0.7 ? { retryAfterMs: Math.floor(coin() * 3) * 1000 } : {}), detail: 'Too Many Requests' } : null);

    await queueReminders(store, 250, clock, teams);
    const outbox = createOutbox({ store, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep, random: seeded(7) });
    for (let i = 1; i <= 50; i++) await outbox.send({ to: { kind: 'leadership' }, idempotencyKey: `post-${i}`, view: { kind: 'notice', title: `Post ${i}`, lines: [], action: null } });

    let rounds = 0;
    while ((await store.listOutbox({ state: 'pending' })).length > 0 && rounds++ < 20) await outbox.dispatch();

    expect(teams.arrivals).toHaveLength(300);
    expect(teams.duplicates()).toEqual([]);
    expect(new Set(teams.arrivals.map((a) => a.key)).size).toBe(300);
    const states = (await store.listOutbox()).map((m) => m.state);
    expect(states.every((s) => s === 'sent')).toBe(true);
    // About half the requests were refused: the test is not vacuous.
    const refused = teams.requests.length - teams.arrivals.length;
    expect(refused / teams.requests.length).toBeGreaterThan(0.4);
    // Posts into the leadership channel arrive in the order they were queued.
    const posts = teams.arrivals.filter((a) => a.conversation === 'channel:leadership').map((a) => a.key);
    expect(posts).toEqual(Array.from({ length: 50 }, (_, i) => `post-${i + 1}`));
  });
});

describe('a process stopped or killed part-way through sending', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'termly-outbox-'));
    file = join(dir, 'termly.db.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function seed(schools: number) {
    const store = await FileStore.open(file);
    const trust = trustOf(schools);
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust);
    return store;
  }

  it('sends the rest once after a restart on the same store file, when stopped mid-batch', async () => {
    const clock = new FakeClock('2026-12-10T08:30:00Z');
    const teams = new FakePlatform('teams', clock);
    const first = await seed(40);
    await queueReminders(first, 40, clock, teams);

    const outbox = createOutbox({ store: first, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep, concurrency: 4 });
    let stopping: Promise<void> | null = null;
    teams.answer = (n) => {
      if (n === 15) stopping = outbox.stop();
      return null;
    };
    await outbox.dispatch();
    await stopping;
    const sentBefore = teams.arrivals.length;
    expect(sentBefore).toBeGreaterThanOrEqual(15);
    expect(sentBefore).toBeLessThan(40);

    // A new process: a new store instance on the same file, a new outbox.
    teams.answer = () => null;
    const second = await FileStore.open(file);
    expect(await second.listOutbox({ state: 'sent' })).toHaveLength(sentBefore);
    await createOutbox({ store: second, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep }).dispatch();

    expect(teams.arrivals).toHaveLength(40);
    expect(teams.duplicates()).toEqual([]);
    expect(await second.listOutbox({ state: 'pending' })).toEqual([]);
  });

  it('sends the rest once after a restart, when killed with sends under way', async () => {
    const clock = new FakeClock('2026-12-10T08:30:00Z');
    const teams = new FakePlatform('teams', clock);
    const first = await seed(40);
    await queueReminders(first, 40, clock, teams);

    // From the 16th request on, nothing answers: the process dies with those sends under way
    // (they never reach the platform). Its dispatch never finishes.
    teams.hang = (n) => n > 15;
    void createOutbox({ store: first, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep }).dispatch();
    const watcher = await FileStore.open(file);
    while ((await watcher.listOutbox({ state: 'sent' })).length < 15) await new Promise((r) => setTimeout(r, 5));

    teams.hang = () => false;
    const second = await FileStore.open(file);
    await createOutbox({ store: second, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep }).dispatch();

    expect(teams.arrivals).toHaveLength(40);
    expect(teams.duplicates()).toEqual([]);
    expect((await second.listOutbox()).every((m) => m.state === 'sent')).toBe(true);
  });
});
