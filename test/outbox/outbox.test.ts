/** The durable outbox: what is written, when it goes, what happens when the platform refuses. */
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/index.js';
import { createDirectSender, createOutbox, type OutboxOptions } from '../../src/outbox/index.js';
import type { OutboundMessage } from '../../src/review/outbound.js';
import { MemoryStore } from '../../src/store/memory.js';
import { connectEveryone, FakeClock, FakePlatform, trustOf } from './fakes.js';

const calendar = loadCalendar();
const audit = { at: '2026-09-01T08:00:00.000Z', actor: 'system', action: 'trust.created', subject: 'trust:test-trust' };

async function setUp(start = '2026-11-30T09:00:00Z', schools = 3, options: Partial<OutboxOptions> = {}) {
  const clock = new FakeClock(start);
  const store = new MemoryStore();
  const trust = trustOf(schools);
  await store.saveTrust(trust, audit);
  await connectEveryone(store, trust);
  const teams = new FakePlatform('teams', clock);
  const outbox = createOutbox({ store, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep, random: () => 0.5, ...options });
  return { clock, store, trust, teams, outbox };
}

function reminder(schoolId: string, kind = 'deadline-5'): OutboundMessage {
  return {
    to: { kind: 'person', personId: `head-${schoolId}` },
    idempotencyKey: `reminder:${kind}:2026-27-autumn:${schoolId}:head-${schoolId}`,
    view: {
      kind: 'notice',
      title: `Reminder: Autumn term 2026-27 review, ${schoolId}`,
      lines: ['The window closes on 2026-12-11.'],
      action: { title: 'Carry on', verb: 'review.start', data: { schoolId, windowId: '2026-27-autumn' } },
    },
  };
}

describe('the outbox', () => {
  it('writes a message to the store before anything is sent, once per key, and sends it once', async () => {
    const { store, teams, outbox } = await setUp();
    expect(await outbox.send(reminder('school-1'))).toEqual({ status: 'queued' });
    expect(await outbox.send(reminder('school-1'))).toEqual({ status: 'queued' });
    expect(teams.requests).toHaveLength(0);
    const stored = await store.listOutbox();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ state: 'pending', platform: 'teams', to: 'person:head-school-1', attempts: 0 });

    const report = await outbox.dispatch();
    expect(report).toMatchObject({ sent: 1, failed: 0, pending: 0 });
    expect(teams.arrivals.map((a) => a.conversation)).toEqual(['person:head-school-1']);
    expect((await store.listOutbox())[0]).toMatchObject({ state: 'sent', attempts: 1, sentAt: '2026-11-30T09:00:00.000Z' });

    expect(await outbox.send(reminder('school-1'))).toEqual({ status: 'sent' });
    await outbox.dispatch();
    expect(teams.arrivals).toHaveLength(1);
  });

  it('keeps the view and the school it is about, so /status can find an undelivered message', async () => {
    const { store, outbox } = await setUp();
    await outbox.send(reminder('school-2'));
    const [message] = await store.listOutbox();
    expect(message!.payload).toMatchObject({
      view: { kind: 'notice', title: 'Reminder: Autumn term 2026-27 review, school-2' },
      recipient: { kind: 'person', personId: 'head-school-2' },
      school: { id: 'school-2', name: 'School 2' },
    });
    // The test /status applies to a school's failed messages.
    expect(JSON.stringify(message!.payload)).toContain('"id":"school-2"');
  });

  it('answers unreachable at once when no chat is stored for the person on any connected platform, and stores nothing', async () => {
    const clock = new FakeClock('2026-11-30T09:00:00Z');
    const store = new MemoryStore();
    const trust = trustOf(2);
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust, 'teams', ['head-school-2']);
    const outbox = createOutbox({ store, calendar, deliverers: [new FakePlatform('teams', clock), new FakePlatform('slack', clock)], now: clock.now, sleep: clock.sleep });

    const delivery = await outbox.send(reminder('school-2'));
    // The roster has no Slack id for this head: that is what to fix for Slack, where the bot may message anyone.
    expect(delivery).toEqual({ status: 'unreachable', detail: 'has no chat with Termly on Microsoft Teams or Slack yet (they need to open Termly there once, or have it installed for them; for Slack, add their Slack member id to the trust\'s roster)' });
    expect(await outbox.send({ ...reminder('school-1'), to: { kind: 'person', personId: 'head-nowhere' } })).toMatchObject({ status: 'unreachable', detail: '"head-nowhere" is not on the trust\'s roster' });
    expect(await store.listOutbox()).toEqual([]);
  });

  it('messages a person on the first connected platform that has a chat with them', async () => {
    const clock = new FakeClock('2026-11-30T09:00:00Z');
    const store = new MemoryStore();
    const trust = trustOf(2);
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust, 'slack');
    await store.saveConversation({ key: 'person:head-school-1', platform: 'teams', reference: {}, updatedAt: '2026-09-01T08:00:00.000Z' });
    const teams = new FakePlatform('teams', clock);
    const slack = new FakePlatform('slack', clock);
    const outbox = createOutbox({ store, calendar, deliverers: [teams, slack], now: clock.now, sleep: clock.sleep });

    await outbox.send(reminder('school-1'));
    await outbox.send(reminder('school-2'));
    await outbox.dispatch();
    expect(teams.arrivals.map((a) => a.conversation)).toEqual(['person:head-school-1']);
    expect(slack.arrivals.map((a) => a.conversation)).toEqual(['person:head-school-2']);
  });

  it('holds what is queued after hours, at a weekend or in a holiday until the next school morning', async () => {
    // Friday 23 October 2026, 17:30 London (summer time): half-term follows.
    const { clock, store, teams, outbox } = await setUp('2026-10-23T16:30:00Z');
    await outbox.send(reminder('school-1'));
    expect((await store.listOutbox())[0]!.notBefore).toBe('2026-11-02T08:30:00.000Z');

    const held = await outbox.dispatch();
    expect(held).toMatchObject({ sent: 0, pending: 1, nextAt: new Date('2026-11-02T08:30:00.000Z') });
    for (const when of ['2026-10-24T10:00:00Z', '2026-10-28T10:00:00Z', '2026-11-02T07:00:00Z', '2026-11-02T08:29:59Z']) {
      clock.set(when);
      await outbox.dispatch();
    }
    expect(teams.requests).toHaveLength(0);

    clock.set('2026-11-02T08:30:00Z');
    await outbox.dispatch();
    expect(teams.arrivals.map((a) => a.at.toISOString())).toEqual(['2026-11-02T08:30:00.000Z']);
  });

  it('retries 412, 502, 504 and no answer with growing waits, then keeps the message as failed and tells leadership once', async () => {
    const { clock, store, teams, outbox, trust } = await setUp('2026-11-30T09:00:00Z', 2, { maxWaitMs: 120_000 });
    const statuses = [412, 502, 504, 0, 502];
    teams.answer = (_n, m) => (m.to === 'person:head-school-1' ? { outcome: 'retry', status: statuses[teams.requests.filter((r) => r.conversation === 'person:head-school-1').length - 1] ?? 502, detail: 'upstream trouble' } : null);
    await outbox.send(reminder('school-1'));
    await outbox.send(reminder('school-2'));

    const first = await outbox.dispatch();
    expect(first).toMatchObject({ sent: 1, retried: 4, failed: 1 });
    const tries = teams.requests.filter((r) => r.conversation === 'person:head-school-1').map((r) => r.at.getTime());
    expect(tries).toHaveLength(5);
    const waits = tries.slice(1).map((t, i) => t - tries[i]!);
    // Exponential from 2 s (the random jitter is pinned to its middle here), give or take the pacing between sends.
    [2000, 4000, 8000, 16000].forEach((expected, i) => expect(waits[i]! - expected).toSatisfy((d: number) => d >= 0 && d < 50));

    const failed = (await store.listOutbox({ state: 'failed' }))[0]!;
    expect(failed).toMatchObject({ to: 'person:head-school-1', attempts: 5, state: 'failed' });
    expect(failed.lastError).toContain('upstream trouble (gave up after 5 failed tries)');

    // The report to leadership goes once, however often the outbox runs.
    clock.advance(60_000);
    await outbox.dispatch();
    await outbox.dispatch();
    const toLeadership = teams.arrivals.filter((a) => a.conversation === 'channel:leadership');
    expect(toLeadership).toHaveLength(1);
    expect(toLeadership[0]!.view).toMatchObject({ kind: 'notice', title: 'A message could not be delivered' });
    expect(JSON.stringify(toLeadership[0]!.view)).toContain(`to ${trust.people[1]!.name} on Microsoft Teams was not delivered`);
    expect(await store.listOutbox({ state: 'failed' })).toHaveLength(1);
  });

  it('fails at once what the platform refuses for good, and never drops it', async () => {
    const { store, teams, outbox } = await setUp();
    teams.answer = () => ({ outcome: 'failed', reason: 'HTTP 403: the bot is not installed for this user' });
    await outbox.send(reminder('school-3'));
    await outbox.dispatch();
    expect(teams.requests.filter((r) => r.conversation === 'person:head-school-3')).toHaveLength(1);
    const kept = await store.listOutbox({ state: 'failed' });
    expect(kept.map((m) => [m.idempotencyKey, m.attempts, m.lastError])).toEqual([
      ['reminder:deadline-5:2026-27-autumn:school-3:head-school-3', 1, 'HTTP 403: the bot is not installed for this user'],
    ]);
  });

  it('honours Retry-After on a 429, and keeps the order of messages into one chat', async () => {
    const { teams, outbox } = await setUp();
    teams.answer = (n) => (n === 1 ? { outcome: 'retry', status: 429, retryAfterMs: 3000 } : null);
    for (const n of [1, 2, 3]) {
      await outbox.send({ to: { kind: 'leadership' }, idempotencyKey: `post-${n}`, view: { kind: 'notice', title: `Post ${n}`, lines: [], action: null } });
    }
    await outbox.dispatch();
    expect(teams.arrivals.map((a) => a.key)).toEqual(['post-1', 'post-2', 'post-3']);
    const [refused, retried] = teams.requests;
    expect(retried!.at.getTime() - refused!.at.getTime()).toBeGreaterThanOrEqual(3000);
  });

  it('keeps to Teams\' limits: 50 requests in any second for the app, 7 a second into one chat', async () => {
    const { teams, outbox } = await setUp('2026-11-30T09:00:00Z', 150);
    for (let i = 1; i <= 150; i++) await outbox.send(reminder(`school-${i}`));
    for (let i = 1; i <= 20; i++) await outbox.send({ to: { kind: 'leadership' }, idempotencyKey: `post-${i}`, view: { kind: 'notice', title: `Post ${i}`, lines: [], action: null } });
    const report = await outbox.dispatch();
    expect(report).toMatchObject({ sent: 170, failed: 0, pending: 0 });
    const times = teams.requests.map((r) => r.at.getTime());
    const most = (list: number[], period: number) => Math.max(...list.map((t) => list.filter((u) => u >= t && u < t + period).length));
    expect(most(times, 1000)).toBeLessThanOrEqual(50);
    const channel = teams.requests.filter((r) => r.conversation === 'channel:leadership').map((r) => r.at.getTime());
    expect(most(channel, 1000)).toBeLessThanOrEqual(7);
    expect(most(channel, 2000)).toBeLessThanOrEqual(8);
    // Paced, not stalled: the 150 heads at 50 a second take three seconds; the 20 posts into
    // one chat, queued after them, at most 8 in any 2 seconds, about four more.
    const heads = teams.requests.filter((r) => r.conversation !== 'channel:leadership').map((r) => r.at.getTime());
    expect(Math.max(...heads) - Math.min(...times)).toBeLessThan(3200);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(8000);
  });

  it('leaves pending the messages of a platform that is not connected, and sends them once it is', async () => {
    const clock = new FakeClock('2026-11-30T09:00:00Z');
    const store = new MemoryStore();
    const trust = trustOf(1);
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust, 'slack');
    const slack = new FakePlatform('slack', clock);
    await createOutbox({ store, calendar, deliverers: [slack], now: clock.now, sleep: clock.sleep }).send(reminder('school-1'));

    const teamsOnly = createOutbox({ store, calendar, deliverers: [new FakePlatform('teams', clock)], now: clock.now, sleep: clock.sleep });
    expect(await teamsOnly.dispatch()).toMatchObject({ sent: 0, pending: 1 });
    expect(await store.listOutbox({ state: 'pending' })).toHaveLength(1);

    await createOutbox({ store, calendar, deliverers: [slack], now: clock.now, sleep: clock.sleep }).dispatch();
    expect(slack.arrivals).toHaveLength(1);
  });

  it('sends in the background once started, as soon as a message is queued, and finishes what is under way on stop', async () => {
    const { store, teams, outbox } = await setUp();
    outbox.start();
    await outbox.send(reminder('school-1'));
    while ((await store.listOutbox({ state: 'sent' })).length < 1) await new Promise((r) => setTimeout(r, 5));
    await outbox.stop();
    expect(teams.arrivals.map((a) => a.conversation)).toEqual(['person:head-school-1']);

    // Stopped: a message queued now waits in the store for the next dispatch.
    await outbox.send(reminder('school-2'));
    await new Promise((r) => setTimeout(r, 20));
    expect(teams.arrivals).toHaveLength(1);
    expect(await store.listOutbox({ state: 'pending' })).toHaveLength(1);
  });
});

describe('the outbox at once (local mode)', () => {
  it('sends a message queued at a weekend evening in half-term straight away, and answers once it has been tried', async () => {
    // Saturday 24 October 2026, 20:00 London: a weekend in half-term, after hours.
    const { store, teams, outbox } = await setUp('2026-10-24T19:00:00Z', 3, { timing: 'at-once' });
    expect(await outbox.send(reminder('school-1'))).toEqual({ status: 'sent' });
    expect(teams.arrivals.map((a) => [a.conversation, a.at.toISOString()])).toEqual([['person:head-school-1', '2026-10-24T19:00:00.000Z']]);
    expect((await store.listOutbox())[0]).toMatchObject({ state: 'sent', attempts: 1 });
    // The same key again: answered from the store, not sent twice.
    expect(await outbox.send(reminder('school-1'))).toEqual({ status: 'sent' });
    expect(teams.arrivals).toHaveLength(1);
  });

  it('classes a refusal as the deliverer says: failed for good is failed, and leadership is told; a throttle is queued for a retry', async () => {
    const { store, teams, outbox } = await setUp('2026-10-24T19:00:00Z', 3, { timing: 'at-once' });
    teams.answer = (_n, m) => (m.to === 'person:head-school-1' ? { outcome: 'failed', reason: 'HTTP 403: blocked' } : m.to === 'person:head-school-2' ? { outcome: 'retry', status: 429, retryAfterMs: 5000 } : null);
    expect(await outbox.send(reminder('school-1'))).toEqual({ status: 'failed', detail: 'HTTP 403: blocked' });
    expect(await outbox.send(reminder('school-2'))).toEqual({ status: 'queued' });
    expect(await store.listOutbox({ state: 'pending' })).toMatchObject([{ to: 'person:head-school-2', throttled: 1 }]);
    // Leadership's notice is written in the batch that failed, and goes with the next.
    await outbox.dispatch();
    expect(teams.arrivals.filter((a) => a.conversation === 'channel:leadership').map((a) => a.view)).toMatchObject([{ title: 'A message could not be delivered' }]);
  });
});

describe('sending past the outbox (when its store has failed)', () => {
  it('routes as the outbox does, tries once through the deliverer, and writes nothing', async () => {
    const clock = new FakeClock('2026-10-24T19:00:00Z');
    const store = new MemoryStore();
    const trust = trustOf(2);
    await store.saveTrust(trust, audit);
    await connectEveryone(store, trust, 'teams', ['head-school-2']);
    const teams = new FakePlatform('teams', clock);
    const direct = createDirectSender({ store, deliverers: [teams], now: clock.now });

    expect(await direct.send({ to: { kind: 'leadership' }, idempotencyKey: 'store-fault', view: { kind: 'notice', title: 'Termly has stopped', lines: [], action: null } })).toEqual({ status: 'sent' });
    expect(teams.arrivals.map((a) => [a.conversation, a.key])).toEqual([['channel:leadership', 'store-fault']]);
    expect(await direct.send({ ...reminder('school-2') })).toMatchObject({ status: 'unreachable', detail: expect.stringMatching(/^has no chat with Termly on Microsoft Teams yet/) });
    teams.answer = () => ({ outcome: 'retry', status: 502, detail: 'HTTP 502: bad gateway' });
    expect(await direct.send(reminder('school-1'))).toEqual({ status: 'failed', detail: 'HTTP 502: bad gateway' });
    expect(teams.requests).toHaveLength(2);
    expect(await store.listOutbox()).toEqual([]);
  });
});
