/**
 * `npm start`: the bot. With no Teams credentials it runs LOCAL mode: loopback only, anonymous
 * auth, the demo trust seeded into an empty store, messages sent at once, and the Agents
 * Playground started beside it. With clientId, clientSecret and tenantId it runs PRODUCTION
 * mode: tokens validated, PORT honoured, no playground, and messages held to school days in
 * working hours. In either mode, SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET add the Slack door
 * (on /slack/events of the same server, or Socket Mode with SLACK_APP_TOKEN); with
 * NODE_ENV=production and no Teams credentials, Slack is the only door, in production mode. In
 * both, every proactive message goes through the durable outbox (paced, retried). The scheduler
 * runs in both unless TERMLY_SCHEDULER=off. Ctrl-C stops everything it started.
 *
 * Wired in this order: config → boot (store, rubrics, calendar) → the doors → the outbox (their
 * deliverers) → the web server (shared routes and each door's) → the scheduler → the playground.
 * On a database the bot serves every trust it holds (src/tenancy/): each door routes a request to
 * its trust, links name their trust, and the outbox and the scheduler work per trust.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLog } from './log.js';
import { withLeadershipFallback } from './review/leadership-fallback.js';
import type { StoreFaultError } from './store/fault.js';
import { storeFile } from './store/open.js';
import { trustLinks } from './tenancy/links.js';
import { outboxPerTrust } from './tenancy/outboxes.js';
import type { Delivery, Outbound, OutboundMessage } from './review/outbound.js';
import type { Door } from './channels/door.js';
import type { OutboxSharing } from './outbox/index.js';

/** Exit codes: a supervisor restarts on anything but 0. */
const EXIT = { stopped: 0, cannotStart: 1, storeFailed: 3, crashed: 4 } as const;

/** Prints a startup problem a person can act on and stops: the message, never a stack trace. */
function fail(message: string): never {
  process.stderr.write(`termly: ${message}\n`);
  process.exit(EXIT.cannotStart);
}

// A .env file in the working directory is applied before the Agents SDK is loaded: the SDK
// reads its own settings from the environment when it is first imported.
if (existsSync('.env')) process.loadEnvFile('.env');

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) fail(e.message);
  throw e;
}

const [{ boot }, cards, teams, web, review, outboxes, schedulers, outputs, pdf] = await Promise.all([
  import('./boot.js'),
  import('./cards/index.js'),
  import('./channels/teams/index.js'),
  import('./web/index.js'),
  import('./review/index.js'),
  import('./outbox/index.js'),
  import('./scheduler/index.js'),
  import('./outputs/files.js'),
  import('./outputs/pdf.js'),
]);

// One logger for the whole process: JSON lines in production, pretty lines in local mode.
const log = createLog({ format: config.mode === 'production' ? 'json' : 'pretty', level: config.logLevel });

process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'a promise failed with nobody waiting for it'));
process.on('uncaughtException', (e) => {
  log.fatal({ err: e }, 'an unexpected error stopped the bot');
  process.exit(EXIT.crashed);
});

/** What GET /healthz reports: states and times only, nothing about the trust or its people. */
const health: {
  store: { state: 'ok' } | { state: 'failed'; since: string };
  scheduler: { state: 'starting' | 'on' | 'off' | 'not_started'; nextTickAt: string | null };
} = { store: { state: 'ok' }, scheduler: { state: 'starting', nextTickAt: null } };
/** The scheduler's next look, once it runs. */
let nextLook: (() => Date | null) | null = null;

// The use-cases need the outbox before the outbox (which needs the store) exists.
let sender: Outbound | null = null;
const outbound: Outbound = {
  send: (message: OutboundMessage): Promise<Delivery> => {
    if (!sender) throw new Error('a message was sent before the outbox was ready');
    return sender.send(message);
  },
};

/** Everything that can be wrong on disk or in settings is found before the server starts. */
async function prepare() {
  const schedulerConfig = schedulers.loadSchedulerConfig(process.env);
  if (config.mode === 'local' && config.playground.enabled && config.playground.persona) {
    // An unknown TERMLY_PLAYGROUND_AS is a wrong setting like any other: named, and nothing started.
    teams.configAs(teams.PLAYGROUND_CONFIG, readFileSync(teams.PLAYGROUND_CONFIG, 'utf8'), config.playground.persona);
  }
  const templates = cards.loadCardTemplates();
  const booted = await boot({
    env: process.env, outbound, seedDemo: config.mode === 'local', openDemoWindow: config.mode === 'local', onStoreFault: (fault, cause) => void storeFailed(fault, cause), allTrusts: true,
    ...(config.storeFile ? { storeFile: config.storeFile } : {}),
  });
  if ((await booted.trustNames()).length === 0) {
    fail(`the store ${booted.store.location} has no trust yet, and production mode never invents one. To try a demo trust, run once in local mode with the same store.`);
  }
  return { ...booted, templates, schedulerConfig };
}

let prepared: Awaited<ReturnType<typeof prepare>>;
try {
  prepared = await prepare();
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const { ctx, store: opened, demo, templates, schedulerConfig } = prepared;
/** Set when the bot serves every trust of a database: each request is routed to its trust (src/tenancy/). */
const deployment = opened.deployment;
const linkTrusts = deployment ? trustLinks(deployment) : undefined;

// The doors, one per chat platform (config.ts describes each).
let links: ReturnType<typeof web.createWebLinks>;
let doors: Door[];
try {
  // Links on cards outlive a restart: signed with a key from the Teams client secret in production
  // (Slack's signing secret for a trust on Slack alone; a new secret ends the old links), or kept
  // beside the store in local mode.
  const secret = config.mode === 'production' ? (config.teams?.credentials.clientSecret ?? config.slack?.signingSecret) : undefined;
  links = web.createWebLinks(
    secret ? { kind: 'secret', secret } : { kind: 'file', file: web.linkKeyFile(storeFile({ env: process.env, ...(config.storeFile ? { file: config.storeFile } : {}) })) },
    () => config.publicUrl,
    linkTrusts,
  );
  doors = config.teams ? [teams.createTeamsDoor({
    credentials: config.teams.mode === 'production' ? config.teams.credentials : null,
    appId: config.teams.appId,
    links,
    store: ctx.store,
    ...(deployment ? { route: teams.teamsRouter(deployment) } : {}),
    renderer: cards.createCardRenderer(templates),
    now: ctx.now,
    log,
  })] : [];
  // Teams first: a person with a chat kept on both platforms is messaged in Teams.
  if (config.slack) {
    const slack = await import('./channels/slack/index.js');
    doors.push(slack.createSlackDoor({ config: config.slack, links, store: ctx.store, ...(deployment ? { trusts: deployment } : {}), now: ctx.now, log }));
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

// One delivery path for every door; local mode sends at once, whatever the day and hour. On a
// database, replicas share the outbox: each claims conversations for a lease (src/outbox/sharing.ts).
let sharing: { sharing?: OutboxSharing } = {};
try {
  if (opened.database) sharing = { sharing: outboxes.outboxSharing(process.env) };
} catch (e) {
  fail((e as Error).message);
}
const makeOutbox = () => outboxes.createOutbox({
  store: ctx.store, calendar: ctx.calendar, deliverers: doors.map((door) => door.deliverer), timing: config.mode === 'local' ? 'at-once' : 'school-days',
  workingHours: schedulerConfig.schedule.workingHours, now: ctx.now, log, ...sharing,
});
// Several trusts: one outbox each, behind one sender (src/tenancy/outboxes.ts).
const outbox = deployment ? outboxPerTrust(deployment, makeOutbox) : makeOutbox();
outbox.start();
sender = outbox;

const service = review.createReviewService(ctx, { schedule: schedulerConfig.schedule });
let server: Awaited<ReturnType<typeof web.startWebServer>>;
try {
  server = await web.startWebServer({
    host: config.host, port: config.port, log,
    routes: [
      ...web.sharedRoutes({
        links, calendarFile: (decisionId) => review.decisionCalendar(ctx, decisionId), offeredFile: outputs.offeredFiles(ctx, pdf.chromiumPath(process.env)),
        ...(linkTrusts ? { trusts: linkTrusts } : {}), log,
        health: () => {
          // The next look is read at each probe: it moves on as the scheduler ticks.
          if (nextLook) health.scheduler.nextTickAt = nextLook()?.toISOString() ?? null;
          return { ok: health.store.state === 'ok', report: { status: health.store.state === 'ok' ? 'ok' : 'failing', mode: config.mode, ...health } };
        },
      }),
      ...doors.flatMap((door) => door.init(service)),
    ],
  });
} catch (e) {
  await outbox.stop();
  fail(`the bot could not start: ${(e as Error).message}.${config.mode === 'local' ? ' Set TERMLY_LOCAL_PORT to use another port.' : ''}`);
}
try {
  await Promise.all(doors.map((door) => door.start()));
} catch (e) {
  await Promise.allSettled(doors.map((door) => door.stop()));
  await server.close();
  await outbox.stop();
  fail(`the bot could not start: ${(e as Error).message}.`);
}

const trustNames = await prepared.trustNames();
log.info(`Termly is running in ${config.mode.toUpperCase()} mode for ${trustNames.join(', ') || 'no trust'}.`);
log.info(`  store:      ${opened.location}${demo?.seeded ? ' (seeded with the demo trust)' : ''}`);
for (const door of doors) log.info(`  ${`${door.platform}:`.padEnd(11)} ${door.describe(server.url)}`);
log.info(`  messages:   through the outbox, ${config.mode === 'local' ? 'sent at once' : `on school days ${schedulerConfig.schedule.workingHours.start}-${schedulerConfig.schedule.workingHours.end}`}`);

let scheduler: Awaited<ReturnType<typeof schedulers.startScheduler>> | null = null;
if (schedulerConfig.enabled) {
  try {
    scheduler = await schedulers.startScheduler({ ctx, config: schedulerConfig, log });
    const next = scheduler.nextTickAt();
    health.scheduler = { state: 'on', nextTickAt: next?.toISOString() ?? null };
    nextLook = () => scheduler?.nextTickAt() ?? null;
    log.info(`  scheduler:  on (${scheduler.caughtUp.jobs.length} job(s) caught up${next ? `; next look ${next.toISOString()}` : ''})`);
  } catch (e) {
    health.scheduler = { state: 'not_started', nextTickAt: null };
    log.error({ err: e }, '  scheduler:  not started');
  }
} else {
  health.scheduler = { state: 'off', nextTickAt: null };
  log.info('  scheduler:  off (TERMLY_SCHEDULER)');
}

let playground: Awaited<ReturnType<typeof teams.startPlayground>> | null = null;
if (config.mode === 'local' && config.playground.enabled) {
  try {
    playground = await teams.startPlayground({
      endpoint: `${server.url}${teams.MESSAGES_PATH}`,
      port: config.playground.port,
      ...(config.playground.persona ? { persona: config.playground.persona } : {}),
      openBrowser: true,
    });
    log.info(`  playground: ${playground.url} (as ${playground.persona.name}; its log: ${playground.logFile})`);
    log.info('              another person beside it: npm run playground -- head-reach');
  } catch (e) {
    log.error({ err: e }, `  playground: not started: ${(e as Error).message}`);
  }
}
log.info('Press Ctrl-C to stop.');

let stopping = false;
async function stop(signal: string, code: number = EXIT.stopped) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping.`);
  // Turns under way finish before the server closes, and what they queued is recorded.
  await Promise.allSettled([playground?.stop(), scheduler?.stop(), ...doors.map((door) => door.stop())]);
  await server?.close();
  await outbox.stop().catch(() => undefined);
  process.exit(code);
}

/** How long a failed store leaves the bot up: long enough to answer those already asking and tell leadership. */
const FAULT_GRACE_MS = 2000;

/**
 * The store failed while running: every write is already refused (store/fault.ts). Say so
 * once in the log and once to leadership (sent at once through the door, not the outbox: the
 * outbox lives in the failed store), fail /healthz, then exit non-zero so a supervisor restarts
 * the bot into the start-up check, which names the problem.
 */
async function storeFailed(fault: StoreFaultError, cause: unknown) {
  health.store = { state: 'failed', since: new Date().toISOString() };
  log.fatal({ err: cause }, `the store failed while running: ${fault.reason}. New writes are refused; stopping in ${FAULT_GRACE_MS / 1000} s (exit code ${EXIT.storeFailed}).`);
  const exit = setTimeout(() => void stop('store failed', EXIT.storeFailed), FAULT_GRACE_MS);
  try {
    const direct = outboxes.createDirectSender({ store: ctx.store, deliverers: doors.map((door) => door.deliverer) });
    const delivery = await withLeadershipFallback(direct, ctx.store).send({
      to: { kind: 'leadership' },
      view: {
        kind: 'notice',
        title: 'Termly has stopped: its records cannot be used',
        lines: [
          'Termly could not read or write its store file, so it is refusing every change rather than lose any. Nothing sent after this was saved.',
          'It will restart and tell the person running it what is wrong. Ask them to look at the server\'s log.',
        ],
        action: null,
      },
      idempotencyKey: `store-fault:${health.store.since}`,
    });
    if (delivery.status !== 'sent') log.warn(`leadership could not be told that the store failed: ${'detail' in delivery ? delivery.detail : delivery.status}`);
  } catch (e) {
    log.warn({ err: e }, 'leadership could not be told that the store failed');
  }
  void exit; // fires on its own: the process stops whatever leadership's delivery did
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
