/**
 * A door under measurement, as its own process (so its start-up and memory are its own):
 * `node --import tsx bench/door-process.ts bot <store file>` runs Termly's Teams door as `npm
 * start` does in local mode (no playground, no scheduler), on the file, or on the database
 * TERMLY_DATABASE_URL names in its environment; `... echo` runs an echo bot on the same
 * Agents SDK (CloudAdapter, AgentApplication) and the same HTTP server. Over IPC it reports
 * { ready, port, startupSeconds, openSeconds } and answers "rss" with { rss, heap }.
 */
import { ActivityTypes } from '@microsoft/agents-activity';
import { AgentApplication, CloudAdapter, getAuthConfigWithDefaults, type TurnState } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import { boot } from '../src/boot.js';
import { createCardRenderer, loadCardTemplates } from '../src/cards/index.js';
import { createTeamsDoor, messagesRoute, teamsRouter } from '../src/channels/teams/index.js';
import { LOCAL_APP_ID } from '../src/config.js';
import { createLog } from '../src/log.js';
import { createOutbox } from '../src/outbox/index.js';
import type { Outbound } from '../src/review/outbound.js';
import { createReviewService, decisionCalendar } from '../src/review/index.js';
import { trustLinks } from '../src/tenancy/links.js';
import { outboxPerTrust } from '../src/tenancy/outboxes.js';
import { createWebLinks, linkKeyFile, sharedRoutes, startWebServer } from '../src/web/index.js';

const [kind, file] = process.argv.slice(2);
const quiet = createLog({ format: 'json', level: 'warn', destination: 2 });

async function startBot(): Promise<{ port: number; openSeconds: number }> {
  if (!file) throw new Error('usage: door-process.ts bot <store file>');
  let sender: Outbound | null = null;
  const outbound: Outbound = { send: (m) => sender!.send(m) };
  const opening = performance.now();
  // With TERMLY_DATABASE_URL in its environment, every trust of that database, as `npm start` serves them.
  const { ctx, store } = await boot({ env: { ...process.env, TERMLY_STORE: file }, outbound, seedDemo: false, allTrusts: true });
  const openSeconds = (performance.now() - opening) / 1000;
  const deployment = store.deployment;
  const linkTrusts = deployment ? trustLinks(deployment) : undefined;
  let ownUrl = 'http://127.0.0.1';
  const links = createWebLinks({ kind: 'file', file: linkKeyFile(file) }, () => ownUrl, linkTrusts);
  const door = createTeamsDoor({
    credentials: null, appId: LOCAL_APP_ID, links, store: ctx.store, ...(deployment ? { route: teamsRouter(deployment) } : {}),
    renderer: createCardRenderer(loadCardTemplates()), now: ctx.now, log: quiet,
  });
  const make = () => createOutbox({ store: ctx.store, calendar: ctx.calendar, deliverers: [door.deliverer], timing: 'at-once', now: ctx.now, log: quiet });
  const outbox = deployment ? outboxPerTrust(deployment, make) : make();
  outbox.start();
  sender = outbox;
  const service = createReviewService(ctx);
  const server = await startWebServer({
    host: '127.0.0.1', port: 0, log: quiet,
    routes: [...sharedRoutes({ links, calendarFile: (id) => decisionCalendar(ctx, id), ...(linkTrusts ? { trusts: linkTrusts } : {}), log: quiet }), ...door.init(service)],
  });
  ownUrl = server.url;
  await door.start();
  return { port: server.port, openSeconds };
}

async function startEcho(): Promise<{ port: number; openSeconds: number }> {
  const auth = getAuthConfigWithDefaults(undefined);
  const adapter = new CloudAdapter(auth);
  const app = new AgentApplication<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false });
  app.onActivity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
  const server = await startWebServer({
    host: '127.0.0.1', port: 0, log: quiet,
    routes: [
      ...sharedRoutes({ links: createWebLinks(null, () => 'http://127.0.0.1'), calendarFile: async () => null, log: quiet }),
      messagesRoute({ handler: createAgentRequestHandler(app, auth), log: quiet }),
    ],
  });
  return { port: server.port, openSeconds: 0 };
}

const started = kind === 'bot' ? await startBot() : kind === 'echo' ? await startEcho() : null;
if (!started) throw new Error('usage: door-process.ts bot <store file> | echo');
process.send!({ ready: true, port: started.port, startupSeconds: process.uptime(), openSeconds: started.openSeconds });
process.on('message', (m) => {
  if (m === 'rss') process.send!({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed });
  if (m === 'exit') process.exit(0);
});
