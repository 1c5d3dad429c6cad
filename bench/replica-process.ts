/**
 * One replica of the bot as it shares work on a database: what `npm start` runs in production
 * for the scheduler and the outbox (boot on TERMLY_DATABASE_URL serving every trust, the Teams
 * door's deliverer, the durable outbox claiming conversations, the scheduler ticking under the
 * trust's lock), without the HTTP listener and without Microsoft's token service: the door is
 * anonymous, as in local mode, and its messages go to the conversations' serviceUrl (a fake Bot
 * Connector on loopback). Started by test/process/replicas.test.ts and `npm run bench --
 * replicas`; runs until killed.
 *
 * TERMLY_TEST_CLOCK_OFFSET_MS moves this process's clock (so every replica lives on the same
 * school-day morning); it prints "ready <sender>" once its first tick is done.
 */
import { loadCardTemplates, createCardRenderer } from '../src/cards/index.js';
import { createTeamsDoor } from '../src/channels/teams/index.js';
import { boot } from '../src/boot.js';
import { LOCAL_APP_ID } from '../src/config.js';
import { createLog } from '../src/log.js';
import { createOutbox, outboxSharing, type Outbox } from '../src/outbox/index.js';
import type { Outbound } from '../src/review/outbound.js';
import { createScheduler } from '../src/scheduler/index.js';
import { outboxPerTrust } from '../src/tenancy/outboxes.js';
import { createWebLinks } from '../src/web/index.js';

const offset = Number(process.env.TERMLY_TEST_CLOCK_OFFSET_MS ?? 0);
const now = () => new Date(Date.now() + offset);
const log = createLog({ format: 'json', level: 'warn', destination: 2 });

let outbox: Outbox | null = null;
const outbound: Outbound = { send: (m) => outbox!.send(m) };
const { ctx, store } = await boot({ env: process.env, outbound, now, allTrusts: true });
const deployment = store.deployment!;
// No web server: the links on its cards are signed with a key of its own, and lead nowhere.
const links = createWebLinks(null, () => 'http://127.0.0.1');
const door = createTeamsDoor({ credentials: null, appId: LOCAL_APP_ID, links, store: ctx.store, renderer: createCardRenderer(loadCardTemplates()), now, log });
const sharing = outboxSharing(process.env);
outbox = outboxPerTrust(deployment, () => createOutbox({ store: ctx.store, calendar: ctx.calendar, deliverers: [door.deliverer], now, log, sharing }));

await createScheduler({ ctx }).tick();
outbox.start();
process.stdout.write(`ready ${sharing.sender}\n`);
// The outbox's timers are unref'd: this keeps the replica up until it is killed.
setInterval(() => undefined, 60_000);
