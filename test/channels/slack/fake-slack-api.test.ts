/**
 * The fake Slack Web API answers the real Web API client (@slack/web-api, as Bolt uses it) as
 * Slack does: the calls the bot makes succeed and are recorded, and the mistakes Slack refuses
 * (a wrong token, an unknown channel, blocks past a limit, a used trigger) are refused in
 * Slack's words. Rate limits come back as HTTP 429 with Retry-After, which the client waits out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { modalView, renderMessage } from '../../../src/channels/slack/index.js';
import { SAMPLES } from '../../cards/samples.js';
import { FakeSlackApi } from './fake-slack-api.js';

const CEO = 'U0DEMOCEO';
/** The client logs every refusal; here the refusals are what is being checked, so it stays quiet. */
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
let slack: FakeSlackApi;
let client: InstanceType<typeof webApi.WebClient>;
beforeAll(async () => {
  slack = await new FakeSlackApi({ users: [{ id: CEO }, { id: 'U0DEMOREACH' }], channels: ['C0LEADERSHIP'] }).start();
  client = new webApi.WebClient(slack.token, { slackApiUrl: slack.apiUrl, logger: quiet, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
});
afterAll(() => slack.stop());

/** What Slack answered to a call the client made: the error code and its details. */
async function refused(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (e) {
    const data = (e as { data?: { error: string; errors?: string[]; response_metadata?: { messages?: string[] } } }).data;
    if (data) return { error: data.error, messages: data.errors ?? data.response_metadata?.messages ?? [] };
    throw e;
  }
  throw new Error('the call was not refused');
}

describe('the fake Slack Web API', () => {
  it('posts and updates a message in a DM it opened, recording every call', async () => {
    expect((await client.auth.test()).user_id).toBe(slack.bot.userId);
    const dm = (await client.conversations.open({ users: CEO })).channel!.id!;
    const status = renderMessage(SAMPLES.status!);
    const posted = await client.chat.postMessage({ channel: dm, ...status });
    await client.chat.update({ channel: dm, ts: posted.ts!, ...renderMessage(SAMPLES.statusEmpty!) });
    const [message] = slack.messagesIn(dm);
    expect(message!.text).toBe('Reach Academy: not yet categorised');
    expect(message!.edits.map((e) => e.text)).toEqual(['Reach Academy: IMPROVE']);
    expect(slack.callsTo('chat.postMessage').at(-1)!.args).toMatchObject({ channel: dm, blocks: status.blocks });
  });

  it('refuses a wrong token, an unknown channel and a user it does not know, as Slack does', async () => {
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, logger: quiet });
    expect((await refused(stranger.auth.test())).error).toBe('invalid_auth');
    expect((await refused(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'hello' }))).error).toBe('channel_not_found');
    expect((await refused(client.conversations.open({ users: 'U0NOBODY' }))).error).toBe('user_not_found');
    expect((await refused(client.chat.postMessage({ channel: 'C0LEADERSHIP', text: '' }))).error).toBe('no_text');
  });

  it('refuses blocks past Slack\'s limits with invalid_blocks, pointing at the field', async () => {
    const answer = await refused(client.chat.postMessage({
      channel: 'C0LEADERSHIP', text: 'x',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } },
        { type: 'actions', elements: [
          { type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: 'status.show', value: '{}' },
          { type: 'button', text: { type: 'plain_text', text: 'B' }, action_id: 'status.show', value: '{}' },
        ] },
      ],
    }));
    expect(answer).toEqual({
      error: 'invalid_blocks',
      messages: ['must be less than 151 characters [json-pointer:/blocks/0/text/text]', 'action_id "status.show" already exists in this block [json-pointer:/blocks/1/elements/1/action_id]'],
    });
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect((await refused(client.chat.postMessage({ channel: 'C0LEADERSHIP', text: 'x', blocks: many }))).messages).toEqual(['must provide no more than 50 items [json-pointer:/blocks]']);
  });

  it('answers ratelimited with HTTP 429 and Retry-After for as many calls as told; the client waits and retries', async () => {
    slack.rateLimit(2, 0, 'chat.postMessage');
    const before = slack.calls.length;
    await client.chat.postMessage({ channel: 'C0LEADERSHIP', text: 'Leadership updates will be posted here' });
    expect(slack.calls.slice(before).map((c) => [c.method, c.status, c.response.error ?? 'ok'])).toEqual([
      ['chat.postMessage', 429, 'ratelimited'], ['chat.postMessage', 429, 'ratelimited'], ['chat.postMessage', 200, 'ok'],
    ]);
    slack.rateLimit(1, 30);
    const impatient = new webApi.WebClient(slack.token, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, logger: quiet });
    await expect(impatient.chat.postMessage({ channel: 'C0LEADERSHIP', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
  });

  it('opens a modal once per trigger, updates it by its hash, and publishes the Home tab', async () => {
    const trigger = slack.trigger(CEO);
    const opened = await client.views.open({ trigger_id: trigger, view: modalView(SAMPLES.questionnaire!) });
    expect(opened.view).toMatchObject({ callback_id: 'review.step', title: { text: 'Reach Academy' } });
    expect((await refused(client.views.open({ trigger_id: trigger, view: modalView(SAMPLES.summary!) }))).error).toBe('exchanged_trigger_id');
    expect((await refused(client.views.update({ view_id: opened.view!.id!, hash: 'stale', view: modalView(SAMPLES.summary!) }))).error).toBe('hash_conflict');
    await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modalView(SAMPLES.summary!) });
    expect(slack.view(opened.view!.id!)!.view.callback_id).toBe('review.submit');
    const { submit: _submit, ...unsubmittable } = modalView(SAMPLES.override!);
    expect((await refused(client.views.push({ trigger_id: slack.trigger(CEO), view: unsubmittable }))).messages)
      .toEqual(['[ERROR] must define submit to use an input block in modals [json-pointer:/view/blocks]']);
    await client.views.publish({ user_id: CEO, view: { type: 'home', blocks: renderMessage(SAMPLES.overview!).blocks } });
    expect(slack.home(CEO)!.view.type).toBe('home');
  });

  it('takes a JSON body with the token as a Bearer header, as Slack does', async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${slack.token}` },
      body: JSON.stringify({ channel: 'U0DEMOREACH', ...renderMessage(SAMPLES.notice!) }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: slack.dmOf('U0DEMOREACH') });
    const anonymous = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
  });
});
