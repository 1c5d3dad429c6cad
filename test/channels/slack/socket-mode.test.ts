/**
 * Socket Mode: with SLACK_APP_TOKEN the door serves no route and connects out instead, through
 * apps.connections.open at SLACK_API_URL, and Slack's envelopes (commands, events, interactions)
 * are acknowledged over the connection and answered as over HTTP: a modal step refused in the
 * acknowledgement's payload, exactly as an HTTP response body carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { answersFor, inputsOf, SLACK, startSlackHarness, textsOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ socketMode: true });
});
afterAll(async () => {
  await h?.close();
});

describe('the Slack door in Socket Mode', () => {
  it('connects with the app-level token through SLACK_API_URL, and takes no requests over HTTP', async () => {
    expect(h.fake.callsTo('apps.connections.open').map((c) => c.response.ok)).toEqual([true]);
    expect(h.fake.connections.size).toBe(1);
    expect(h.door.describe(h.server.url)).toBe('Socket Mode (connected to Slack as @termly in Termly demo; no public address needed)');
    expect((await fetch(`${h.server.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acknowledges a slash command over the connection and answers it through its response_url', async () => {
    const ack = await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy');
    expect(ack.json).toBeNull();
    await h.idle();
    expect(h.fake.ephemeralsFor(SLACK.ceo).at(-1)!.text).toBe('Reach Academy: IMPROVE');
  });

  it('answers events and modals: a figure that is not a number refused on its field in the acknowledgement', async () => {
    await h.openHome(SLACK.headReach, 'messages');
    await h.idle();
    const [greeting] = h.fake.messagesIn(h.dmOf(SLACK.headReach));
    expect(textsOf(greeting!.blocks)).toContain('Start');
    await h.press(SLACK.headReach, greeting!, 'Start');
    await h.idle();
    let modal = h.modal(SLACK.headReach).view as unknown as types.ModalView;
    while (!inputsOf(modal).some((i) => i.action_id.startsWith('indicator.'))) {
      expect((await h.submit(SLACK.headReach, answersFor(modal))).json?.response_action).toBe('update');
      modal = h.modal(SLACK.headReach).view as unknown as types.ModalView;
    }
    const figure = inputsOf(modal).find((i) => i.action_id.startsWith('indicator.'))!;
    const refused = await h.submit(SLACK.headReach, { ...answersFor(modal), [figure.action_id]: 'lots' });
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { [figure.blockId]: expect.stringContaining('"lots"') } });
    expect(refused.problems).toEqual([]);
  });

  it('closes the connection when stopped, having logged no error', async () => {
    await h.door.stop();
    await h.fake.waitFor('the connection closed', () => h.fake.connections.size === 0);
    expect(h.captured.takeErrors()).toEqual([]);
  });
});
