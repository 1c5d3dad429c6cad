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
import { CalendarLinks, createTeamsDoor, FileLinks, startTeamsServer, teamsRouter } from '../src/channels/teams/index.js';
import { LOCAL_APP_ID } from '../src/config.js';
import { createLog } from '../src/log.js';
import type { Outbound } from '../src/review/outbound.js';
import { createReviewService, decisionCalendar } from '../src/review/index.js';

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
  const route = store.deployment ? { route: teamsRouter(store.deployment) } : {};
  const door = createTeamsDoor({ credentials: null, appId: LOCAL_APP_ID, store: ctx.store, ...route, renderer: createCardRenderer(loadCardTemplates()), now: ctx.now, log: quiet });
  sender = door.outbound;
  const service = createReviewService(ctx);
  const server = await door.listen({ service, calendarFile: (id) => decisionCalendar(ctx, id), host: '127.0.0.1', port: 0 });
  return { port: server.port, openSeconds };
}

async function startEcho(): Promise<{ port: number; openSeconds: number }> {
  const auth = getAuthConfigWithDefaults(undefined);
  const adapter = new CloudAdapter(auth);
  const app = new AgentApplication<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false });
  app.onActivity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
  const server = await startTeamsServer({
    host: '127.0.0.1', port: 0, handler: createAgentRequestHandler(app, auth),
    calendarLinks: new CalendarLinks(Buffer.alloc(32), () => 'http://127.0.0.1'), calendarFile: async () => null,
    fileLinks: new FileLinks(Buffer.alloc(32), () => 'http://127.0.0.1'), offeredFile: async () => null, log: quiet,
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
