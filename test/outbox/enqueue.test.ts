/** Queueing: sends made together are written together, and each answers only once its message is kept. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { createOutbox } from '../../src/outbox/index.js';
import { sendToHeads } from '../../src/review/notify.js';
import type { OutboundMessage } from '../../src/review/outbound.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Plan } from '../../src/store/data-store.js';
import type { StoreState } from '../../src/store/state.js';
import { connectEveryone, FakeClock, FakePlatform, trustOf } from './fakes.js';

const calendar = loadCalendar();
const audit = { at: '2026-09-01T08:00:00.000Z', actor: 'system', action: 'trust.created', subject: 'trust:test-trust' };

/** A store that counts its writes and can hold them until released. */
class WatchedStore extends MemoryStore {
  writes = 0;
  #held: Promise<void> | null = null;
  #release: () => void = () => undefined;

  hold(): void {
    this.#held = new Promise((r) => {
      this.#release = r;
    });
  }

  release(): void {
    this.#held = null;
    this.#release();
  }

  protected override async commit<T>(plan: (state: StoreState) => Plan<T>): Promise<T> {
    this.writes++;
    if (this.#held) await this.#held;
    return super.commit(plan);
  }
}

async function setUp(schools: number, except: string[] = []) {
  const clock = new FakeClock('2026-11-30T09:00:00Z');
  const store = new WatchedStore();
  const trust = trustOf(schools);
  await store.saveTrust(trust, audit);
  await connectEveryone(store, trust, 'teams', except);
  const teams = new FakePlatform('teams', clock);
  const outbox = createOutbox({ store, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  return { store, teams, outbox };
}

function reminder(n: number, key = `reminder:deadline-5:2026-27-autumn:school-${n}:head-school-${n}`): OutboundMessage {
  return { to: { kind: 'person', personId: `head-school-${n}` }, idempotencyKey: key, view: { kind: 'notice', title: `Reminder ${n}`, lines: [], action: null } };
}

describe('queueing many messages at once', () => {
  it('writes the sends made while a write is under way together, and sends each message once', async () => {
    const { store, teams, outbox } = await setUp(200);
    store.writes = 0;
    const deliveries = await Promise.all(Array.from({ length: 200 }, (_, i) => outbox.send(reminder(i + 1))));
    expect(deliveries.every((d) => d.status === 'queued')).toBe(true);
    expect(await store.listOutbox()).toHaveLength(200);
    // The first send is written at once; the 199 made meanwhile go in the next write.
    expect(store.writes).toBeLessThanOrEqual(2);

    expect(await outbox.dispatch()).toMatchObject({ sent: 200, pending: 0 });
    expect(teams.duplicates()).toEqual([]);
    expect(new Set(teams.arrivals.map((a) => a.key)).size).toBe(200);
  });

  it('answers each send only once its message is in the store', async () => {
    const { store, outbox } = await setUp(3);
    store.hold();
    const answered: string[] = [];
    const sends = [1, 2, 3].map((n) => outbox.send(reminder(n)).then((d) => answered.push(`${n}:${d.status}`)));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(answered).toEqual([]);
    expect(await store.listOutbox()).toEqual([]);

    store.release();
    await Promise.all(sends);
    expect(answered.sort()).toEqual(['1:queued', '2:queued', '3:queued']);
    expect((await store.listOutbox()).map((m) => m.to).sort()).toEqual(['person:head-school-1', 'person:head-school-2', 'person:head-school-3']);
  });

  it('keeps one message for a key sent twice together, and answers an unreachable head without storing anything for them', async () => {
    const { store, outbox } = await setUp(3, ['head-school-3']);
    const deliveries = await Promise.all([outbox.send(reminder(1)), outbox.send(reminder(2)), outbox.send(reminder(2)), outbox.send(reminder(3))]);
    expect(deliveries).toEqual([
      { status: 'queued' },
      { status: 'queued' },
      { status: 'queued' },
      { status: 'unreachable', detail: 'has no chat with Termly on Microsoft Teams yet (they need to open Termly there once, or have it installed for them)' },
    ]);
    expect((await store.listOutbox()).map((m) => m.to)).toEqual(['person:head-school-1', 'person:head-school-2']);
  });

  it('refuses only the send the store refuses, and keeps the messages sent beside it', async () => {
    const { store, outbox } = await setUp(4);
    const first = outbox.send(reminder(1));
    const together = [outbox.send(reminder(2)), outbox.send(reminder(3, '')), outbox.send(reminder(4))];
    await first;
    const settled = await Promise.allSettled(together);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toContain('idempotencyKey');
    expect((await store.listOutbox()).map((m) => m.to)).toEqual(['person:head-school-1', 'person:head-school-2', 'person:head-school-4']);
  });

  it('messages every head of a trust in a couple of writes, and still lists who could not be reached, school by school', async () => {
    const clock = new FakeClock('2026-11-30T09:00:00Z');
    const store = new WatchedStore();
    const trust = trustOf(120);
    trust.schools.splice(40, 0, { id: 'no-head', name: 'School Without A Head', aliases: [] });
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust, 'teams', ['head-school-7', 'head-school-90']);
    const outbox = createOutbox({ store, calendar, deliverers: [new FakePlatform('teams', clock)], now: clock.now, sleep: clock.sleep });
    const ctx = { store, rubrics: new Map(), calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: clock.now, outbound: outbox };
    store.writes = 0;

    const result = await sendToHeads(ctx, trust, (head, school) => ({ idempotencyKey: `hello:${school.id}:${head.id}`, view: { kind: 'notice', title: `Hello, ${school.name}`, lines: [], action: null } }));
    expect(result.sent).toBe(118);
    expect(result.unreachable.map((u) => u.name)).toEqual(['Headteacher, School 7', 'the head of School Without A Head', 'Headteacher, School 90']);
    expect(await store.listOutbox()).toHaveLength(118);
    expect(store.writes).toBeLessThanOrEqual(2);
  });
});

describe('a message its reader already has', () => {
  it('is kept as sent under its key and never delivered: a decision pressed in the leadership channel is not posted there again', async () => {
    const { store, teams, outbox } = await setUp(1);
    const delivery = await outbox.send({ ...reminder(1, 'decision:2026-27-autumn:school-1:v3'), shownInReply: true });
    expect(delivery.status).toBe('sent');
    const [kept] = await store.listOutbox();
    expect(kept).toMatchObject({ idempotencyKey: 'decision:2026-27-autumn:school-1:v3', state: 'sent' });
    await outbox.dispatch();
    expect(teams.arrivals).toEqual([]);
    // Asked again under the same key (without the flag), it is still not sent twice.
    await outbox.send(reminder(1, 'decision:2026-27-autumn:school-1:v3'));
    await outbox.dispatch();
    expect(teams.arrivals).toEqual([]);
  });
});
