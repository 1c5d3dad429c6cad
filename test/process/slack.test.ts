/**
 * The Slack door as `npm start` runs it, tried as a new user would: the bot in a child process in
 * local mode on a fresh store, with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL
 * pointing at the fake Web API on loopback. The CEO's signed `/status Reach Academy` is
 * acknowledged with 200 and answered with Block Kit naming the school and its category; the head
 * of Reach Academy completes a review through modals; the CEO confirms it in leadership's channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTrustFile, loadDemoTrust } from '../../src/trust/index.js';
import { FakeSlackApi } from '../channels/slack/fake-slack-api.js';
import { trySlack } from '../channels/slack/scenario.js';
import { CHANNELS, SIGNING_SECRET, SLACK, SlackWorkspace, textsOf } from '../channels/slack/workspace.js';
import { startBot, type BotProcess } from './bot.js';

const dir = mkdtempSync(join(tmpdir(), 'termly-slack-process-'));
let fake: FakeSlackApi;
let bot: BotProcess;

beforeAll(async () => {
  const { trust } = loadDemoTrust(demoTrustFile('ethos'));
  fake = await new FakeSlackApi({ users: trust.people.flatMap((p) => (p.slack ? [{ id: p.slack.userId, name: p.name }] : [])), channels: [CHANNELS.leadership] }).start();
  bot = await startBot(join(dir, 'termly.db.json'), { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
}, 90_000);
afterAll(async () => {
  bot?.child.kill('SIGTERM');
  await bot?.exited;
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with Slack\'s variables, against a fake Web API', () => {
  it('says where Slack reaches it, and answers /status and a whole review through modals', async () => {
    // /healthz answers as soon as the server listens; the doors start, and say so, just after.
    for (let waited = 0; !bot.output().includes('Press Ctrl-C to stop.'); waited += 50) {
      if (waited > 30_000) throw new Error(`the bot did not finish starting:\n${bot.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(bot.output()).toContain(`slack:      ${bot.url}/slack/events (signed requests checked as @termly in Termly demo)`);
    const tried = await trySlack(new SlackWorkspace(fake, `${bot.url}/slack/events`));
    expect(tried.statusAck.status).toBe(200);
    expect(tried.status.text).toBe('Reach Academy: IMPROVE');
    expect(textsOf(tried.status.blocks)).toContain('Reach Academy');
    expect(tried.refused.json?.response_action).toBe('errors');
    expect(tried.refused.problems).toEqual([]);
    expect(tried.steps.every((s) => s.status === 200 && s.json?.response_action === 'update' && s.problems.length === 0)).toBe(true);
    expect(textsOf(tried.decided.blocks).join(' ')).toContain('Confirmed by Chief Executive Officer');
    expect(fake.messagesIn(fake.dmOf(SLACK.headReach)).length).toBeGreaterThanOrEqual(2);
    expect(bot.output()).not.toMatch(/"level":50|ERROR/);
  }, 90_000);
});
