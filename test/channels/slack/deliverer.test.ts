/**
 * The outbox's Slack door: what the bot starts (proposals, reminders, outcomes) posted with
 * chat.postMessage against the fake Web API, a person's direct message opened once, and
 * Slack's answers classed so that the outbox retries what Slack asks to be retried (ratelimited,
 * with its Retry-After; a 5xx) and keeps to one message a second in each channel. Times are the
 * outbox's own, on a clock that moves only when it waits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { loadCalendar } from '../../../src/calendar/index.js';
import { keepRosterAddresses, outboxClient, outcomeOfSlackError, SlackDeliverer, SlackSurfaces } from '../../../src/channels/slack/index.js';
import { createOutbox, type Deliverer, type Outbox } from '../../../src/outbox/index.js';
import type { OutboundMessage } from '../../../src/review/outbound.js';
import type { Store } from '../../../src/store/index.js';
import { createWebLinks } from '../../../src/web/index.js';
import { FakeClock } from '../../outbox/fakes.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { CHANNELS, SLACK, seededStore, textsOf } from './harness.js';

const calendar = loadCalendar();
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };

let fake: FakeSlackApi;
let store: Store;
let clock: FakeClock;
let outbox: Outbox;
/** When (on the outbox's clock) each delivery was tried, and into which conversation. */
let tries: { to: string; at: number }[];

beforeEach(async () => {
  store = await seededStore();
  const trust = (await store.getTrust())!;
  fake = await new FakeSlackApi({ users: trust.people.flatMap((p) => (p.slack ? [{ id: p.slack.userId }] : [])), channels: [CHANNELS.leadership] }).start();
  clock = new FakeClock('2026-11-30T10:00:00Z');
  await keepRosterAddresses(store, clock.now());
  await store.saveConversation({ key: 'channel:leadership', platform: 'slack', reference: { channel: CHANNELS.leadership }, updatedAt: clock.now().toISOString() });
  const slack = new SlackDeliverer({
    client: outboxClient(fake.token, { slackApiUrl: fake.apiUrl, logger: quiet }),
    surfaces: new SlackSurfaces(createWebLinks(null, () => 'http://127.0.0.1')),
    keepChannel: (conversation, address) => store.saveConversation({ ...conversation, reference: address, updatedAt: clock.now().toISOString() }),
  });
  tries = [];
  const recorded: Deliverer = {
    platform: 'slack',
    deliver: (conversation, message) => {
      tries.push({ to: conversation.key, at: clock.now().getTime() });
      return slack.deliver(conversation, message);
    },
  };
  outbox = createOutbox({ store, calendar, deliverers: [recorded], now: clock.now, sleep: clock.sleep, random: () => 0.5 });
});
afterEach(async () => {
  await outbox.stop();
  await fake.stop();
});

const post = (n: number): OutboundMessage => ({ to: { kind: 'leadership' }, idempotencyKey: `post-${n}`, view: { kind: 'notice', title: `Post ${n}`, lines: ['For leadership.'], action: null } });
const toHead = (n: number): OutboundMessage => ({
  to: { kind: 'person', personId: 'head-reach-academy' }, idempotencyKey: `head-${n}`,
  view: { kind: 'notice', title: `Reminder ${n}`, lines: ['Your review is due.'], action: { title: 'Carry on', verb: 'review.start', data: { schoolId: 'reach-academy' } } },
});

describe('the Slack deliverer', () => {
  it('posts the view as Block Kit with its one-line text, into leadership\'s channel', async () => {
    await outbox.send(post(1));
    expect(await outbox.dispatch()).toMatchObject({ sent: 1, failed: 0, pending: 0 });
    const [message] = fake.messagesIn(CHANNELS.leadership);
    expect(message!.text).toBe('Post 1');
    expect(textsOf(message!.blocks)).toEqual(['Post 1', 'For leadership.']);
  });

  it('opens a person\'s direct message the first time, keeps its channel, and posts there; later messages go straight in', async () => {
    await outbox.send(toHead(1));
    await outbox.send(toHead(2));
    expect(await outbox.dispatch()).toMatchObject({ sent: 2, failed: 0 });
    expect(fake.callsTo('conversations.open')).toHaveLength(1);
    expect((await store.getConversation('person:head-reach-academy', 'slack'))?.reference).toEqual({ user: SLACK.headReach, channel: fake.dmOf(SLACK.headReach) });
    expect(fake.messagesIn(fake.dmOf(SLACK.headReach)).map((m) => m.text)).toEqual(['Reminder 1', 'Reminder 2']);
    expect(textsOf(fake.messagesIn(fake.dmOf(SLACK.headReach))[0]!.blocks)).toContain('Carry on');
  });

  it('on ratelimited (429 with Retry-After) waits as Slack asks, then sends, keeping the order in the channel', async () => {
    fake.rateLimit(1, 3, 'chat.postMessage');
    for (const n of [1, 2]) await outbox.send(post(n));
    expect(await outbox.dispatch()).toMatchObject({ sent: 2, failed: 0, pending: 0 });
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(3000);
    expect(fake.messagesIn(CHANNELS.leadership).map((m) => m.text)).toEqual(['Post 1', 'Post 2']);
    const [first] = await store.listOutbox();
    expect(first).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('keeps to one message a second in each channel, while other chats are not held up by it', async () => {
    for (const n of [1, 2, 3]) await outbox.send(post(n));
    await outbox.send(toHead(1));
    expect(await outbox.dispatch()).toMatchObject({ sent: 4, failed: 0 });
    const channel = tries.filter((t) => t.to === 'channel:leadership').map((t) => t.at);
    expect(channel).toHaveLength(3);
    for (let i = 1; i < channel.length; i++) expect(channel[i]! - channel[i - 1]!).toBeGreaterThanOrEqual(1000);
    const head = tries.find((t) => t.to === 'person:head-reach-academy')!.at;
    expect(head - channel[0]!).toBeLessThan(1000);
  });

  it('tries again after a 5xx, and fails for good what Slack refuses, saying why', async () => {
    fake.fail(1, 503, 'chat.postMessage');
    await outbox.send(post(1));
    expect(await outbox.dispatch()).toMatchObject({ sent: 1, retried: 1, failed: 0 });

    await store.saveConversation({ key: 'channel:leadership', platform: 'slack', reference: { channel: 'C0ARCHIVED' }, updatedAt: clock.now().toISOString() });
    await outbox.send(post(2));
    expect(await outbox.dispatch()).toMatchObject({ failed: 1 });
    const failed = (await store.listOutbox({ state: 'failed' })).find((m) => m.idempotencyKey === 'post-2')!;
    expect(failed.lastError).toBe('Slack refused it: channel_not_found (the channel or direct message no longer exists, or the app cannot see it)');
  });
});

describe('Slack\'s answers, as the outbox acts on them', () => {
  it.each([
    ['ratelimited (429)', new webApi.WebAPIRateLimitedError(7), { outcome: 'retry', status: 429, retryAfterMs: 7000 }],
    ['HTTP 503', new webApi.WebAPIHTTPError(503, 'Service Unavailable', { 'retry-after': '2' }), { outcome: 'retry', status: 503, retryAfterMs: 2000 }],
    ['HTTP 500', new webApi.WebAPIHTTPError(500, 'Internal Server Error', {}), { outcome: 'retry', status: 500 }],
    ['HTTP 404', new webApi.WebAPIHTTPError(404, 'Not Found', {}), { outcome: 'failed' }],
    ['internal_error', new webApi.WebAPIPlatformError({ ok: false, error: 'internal_error' }), { outcome: 'retry' }],
    ['not_in_channel', new webApi.WebAPIPlatformError({ ok: false, error: 'not_in_channel' }), { outcome: 'failed', reason: 'Slack refused it: not_in_channel (the app is not a member of the channel; invite it with /invite @termly)' }],
    ['is_archived', new webApi.WebAPIPlatformError({ ok: false, error: 'is_archived' }), { outcome: 'failed', reason: 'Slack refused it: is_archived (the channel is archived)' }],
    ['invalid_auth', new webApi.WebAPIPlatformError({ ok: false, error: 'invalid_auth' }), { outcome: 'failed', reason: 'Slack refused it: invalid_auth (SLACK_BOT_TOKEN is not valid)' }],
    ['no answer', new webApi.WebAPIRequestError(new Error('socket hang up')), { outcome: 'retry', status: 0 }],
  ])('%s', (_name, error, expected) => {
    expect(outcomeOfSlackError(error)).toMatchObject(expected);
  });
});
