/**
 * Try the Slack door without Slack: `npx tsx test/channels/slack/try-slack.ts` starts the fake
 * Slack Web API on 127.0.0.1 (port 3980, or --port), prints the variables to start the bot with,
 * waits for the bot at http://127.0.0.1:3978 (or --bot), then plays the demo trust's people in
 * Slack: the CEO's /status Reach Academy, and the head of Reach Academy's review in modals,
 * confirmed by the CEO in leadership's channel. Each step is printed as it happens. Run the bot
 * on a fresh store (TERMLY_STORE), as `npm start` seeds it with the demo trust and its open window.
 */
import { parseArgs } from 'node:util';
import { demoTrustFile, loadDemoTrust } from '../../../src/trust/index.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { trySlack } from './scenario.js';
import { CHANNELS, SIGNING_SECRET, SlackWorkspace } from './workspace.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3980' }, bot: { type: 'string', default: 'http://127.0.0.1:3978' } } });
const signingSecret = process.env.SLACK_SIGNING_SECRET || SIGNING_SECRET;
const token = process.env.SLACK_BOT_TOKEN || 'xoxb-termly-try-token';
const { trust } = loadDemoTrust(demoTrustFile('ethos'));
const fake = await new FakeSlackApi({
  token, port: Number(values.port), channels: [CHANNELS.leadership],
  users: trust.people.flatMap((p) => (p.slack ? [{ id: p.slack.userId, name: p.name }] : [])),
}).start();

const say = (line: string) => process.stdout.write(`${line}\n`);
say(`A fake Slack Web API is listening on ${fake.apiUrl}. Start the bot beside it, on a fresh store:`);
say(`  SLACK_BOT_TOKEN=${token} SLACK_SIGNING_SECRET=${signingSecret} SLACK_API_URL=${fake.apiUrl} TERMLY_PLAYGROUND=off TERMLY_STORE=/tmp/termly-slack-try.db.json npm start`);
say(`Waiting for the bot at ${values.bot} …`);
while (!fake.callsTo('auth.test').length || !(await fetch(`${values.bot}/healthz`).then((r) => r.ok, () => false))) {
  await new Promise((resolve) => setTimeout(resolve, 250));
}
say(`The bot checked its token with auth.test and answers on ${values.bot}/slack/events.\n`);
try {
  await trySlack(new SlackWorkspace(fake, `${values.bot}/slack/events`, signingSecret), say);
  const refused = fake.calls.filter((c) => c.response.ok !== true);
  say(`\nDone: ${fake.calls.length} Web API calls and response_url answers, ${refused.length ? `${refused.length} refused: ${refused.map((c) => `${c.method} ${String(c.response.error)}`).join(', ')}` : 'none refused (every payload within Slack\'s limits)'}.`);
} finally {
  await fake.stop();
}
