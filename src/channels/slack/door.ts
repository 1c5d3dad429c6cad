/**
 * The Slack door, on Bolt for JavaScript. Built in two steps, as every door (../door.ts):
 * `createSlackDoor()` → `door.deliverer` into the outbox → `door.init(service)`: POST
 * /slack/events (Bolt's HTTPReceiver, mounted on the shared web server rather than a server of
 * its own), or no route in Socket Mode → `door.start()`: the token checked with auth.test, the
 * roster's addresses kept, the Bolt app built and, in Socket Mode, connected.
 *
 * Every Web API client is given SLACK_API_URL (GovSlack, or a test's fake): the app's, which
 * answers people, and the outbox's, which neither retries nor waits out a rate limit itself.
 */
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type AnyMiddlewareArgs, type Logger, type Receiver } from '@slack/bolt';
import type { SlackDoorConfig } from '../../config.js';
import type { Log } from '../../log.js';
import type { ReviewService } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import { plain, type WebLinks } from '../../web/index.js';
import type { Door } from '../door.js';
import { keepRosterAddresses } from './addresses.js';
import { listen } from './app.js';
import { outboxClient, SlackDeliverer } from './deliverer.js';
import { SlackSurfaces } from './surfaces.js';
import { routeToTrust, slackTeamOf, type SlackTrusts } from './tenancy.js';

/** Where Slack posts events, commands and interactions (the manifest's request URLs). */
export const EVENTS_PATH = '/slack/events';

export interface SlackDoorOptions {
  config: SlackDoorConfig;
  /** The signed links views carry (calendar files, pictures, reports). */
  links: WebLinks;
  store: Store;
  /**
   * A deployment of several trusts: each request run within the scope of its workspace's trust
   * (tenancy.ts), and the roster's addresses kept for each trust.
   */
  trusts?: SlackTrusts;
  now: () => Date;
  log: Log;
  /** How long a modal's submission waits for the use-case before acknowledging with "Saving…" (0: never); Slack allows 3 s. */
  ackBudgetMs?: number;
}

export interface SlackDoor extends Door {
  readonly platform: 'slack';
  readonly deliverer: SlackDeliverer;
  /** Resolves once every request under way has been answered (what stop() waits for). */
  idle(): Promise<void>;
}

/** Said to Slack while the door is not taking requests (starting, or stopping): Slack retries events. */
const NOT_TAKING = 'Termly is not taking requests just now (it is starting or stopping); try again shortly.';

/** Bolt's and the Web API client's lines, in the process's one log. */
function boltLogger(log: Log): Logger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Who the bot is in the workspace, from auth.test: a wrong token stops the start, named. */
async function whoAmI(config: SlackDoorConfig, logger: Logger): Promise<{ botUserId: string; botId: string; team: string; name: string }> {
  const client = new webApi.WebClient(config.botToken, {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), logger, retryConfig: { retries: 2, factor: 1, minTimeout: 500 }, timeout: 10_000,
  });
  const where = config.apiUrl ?? 'https://slack.com/api/';
  let answer: webApi.AuthTestResponse;
  try {
    answer = await client.auth.test();
  } catch (e) {
    if (e instanceof webApi.WebAPIPlatformError) throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test answered ${e.data.error}); copy the Bot User OAuth Token from the app's OAuth & Permissions page`);
    throw new Error(`Slack's Web API at ${where} could not be reached to check SLACK_BOT_TOKEN: ${(e as Error).message}`);
  }
  if (!answer.user_id || !answer.bot_id) throw new Error('SLACK_BOT_TOKEN is not a bot token (auth.test named no bot); use the Bot User OAuth Token, xoxb-…');
  return { botUserId: answer.user_id, botId: answer.bot_id, team: answer.team ?? answer.team_id ?? 'the workspace', name: answer.user ?? 'termly' };
}

export function createSlackDoor(options: SlackDoorOptions): SlackDoor {
  const { config, store, log } = options;
  const slackLog = log.child({ door: 'slack' });
  const logger = boltLogger(slackLog);
  const apiUrl = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  const surfaces = new SlackSurfaces(options.links);
  const deliverer = new SlackDeliverer({
    client: outboxClient(config.botToken, { ...apiUrl, logger }),
    surfaces,
    keepChannel: (conversation, address) => store.saveConversation({ ...conversation, reference: address, updatedAt: options.now().toISOString() }),
  });
  const how = config.receiver;
  const http = how.kind === 'http' ? new HTTPReceiver({ signingSecret: config.signingSecret, endpoints: EVENTS_PATH, logger }) : null;
  const receiver: Receiver = how.kind === 'http' ? http! : new SocketModeReceiver({
    appToken: how.appToken, logger,
    // The Socket Mode client opens its connection through the Web API (apps.connections.open).
    installerOptions: { clientOptions: { ...apiUrl } },
  });

  let service: ReviewService | null = null;
  let app: App | null = null;
  let bot: Awaited<ReturnType<typeof whoAmI>> | null = null;
  let taking = false;
  /** Requests under way, so stop() lets them finish. */
  const underWay = new Set<Promise<unknown>>();

  /** A request from a workspace no trust here names: acknowledged, and told why where Slack shows an answer. */
  const refuse = async (args: AnyMiddlewareArgs, why: string): Promise<void> => {
    slackLog.warn({ team: slackTeamOf(args.body as unknown as Record<string, unknown>) }, 'slack: a request from a workspace no trust here names was refused');
    const refusal = { kind: 'refusal', message: why } as const;
    const ack = 'ack' in args ? (args.ack as (answer?: unknown) => Promise<void>) : null;
    if (args.body.type === 'view_submission') return ack?.({ response_action: 'push', view: surfaces.modal(refusal) });
    if ('command' in args) return ack?.({ response_type: 'ephemeral', ...surfaces.message(refusal) });
    await ack?.();
    if ('respond' in args && args.respond) await args.respond({ response_type: 'ephemeral', replace_original: false, ...surfaces.message(refusal) }).catch(() => undefined);
  };

  return {
    platform: 'slack',
    deliverer,
    init(given: ReviewService) {
      if (service) throw new Error('the Slack door is already connected to the use-cases');
      service = given;
      if (!http) return [];
      return [{
        path: EVENTS_PATH,
        listener: (req, res) => {
          if (!taking) return plain(res, 503, NOT_TAKING, { 'retry-after': '5' });
          // Bolt checks the signature and the timestamp (401 when either is wrong), then acknowledges.
          http.requestListener(req, res);
        },
      }];
    },
    async start() {
      if (!service) throw new Error('the Slack door was started before it was connected to the use-cases (init)');
      if (!app) {
        bot = await whoAmI(config, logger);
        const trusts = options.trusts;
        if (trusts) for (const trustId of await trusts.ids()) await trusts.within(trustId, () => keepRosterAddresses(store, options.now()));
        else await keepRosterAddresses(store, options.now());
        app = new App({
          receiver, token: config.botToken, botId: bot.botId, botUserId: bot.botUserId, logger,
          // Answers to people: a few quick retries, never the default half hour.
          clientOptions: { ...apiUrl, retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes },
        });
        app.use(async ({ next }) => {
          const work = next();
          underWay.add(work);
          try {
            await work;
          } finally {
            underWay.delete(work);
          }
        });
        if (options.trusts) app.use(routeToTrust(options.trusts, (args, why) => refuse(args, why)));
        listen({ app, service, store, surfaces, now: options.now, log: slackLog, botUserId: bot.botUserId, files: { token: config.botToken, apiUrl: config.apiUrl }, ...(options.ackBudgetMs === undefined ? {} : { ackBudgetMs: options.ackBudgetMs }) });
      }
      if (!http) await app.start();
      taking = true;
    },
    async stop() {
      taking = false;
      await this.idle();
      if (!http && app) await app.stop().catch((e: unknown) => slackLog.warn({ err: e }, 'slack: the Socket Mode connection did not close cleanly'));
    },
    async idle() {
      // A request acknowledged a moment ago may not have reached its listener yet.
      await new Promise((resolve) => setImmediate(resolve));
      while (underWay.size > 0) await Promise.allSettled([...underWay]);
    },
    describe: (serverUrl) => {
      const who = bot ? ` as @${bot.name} in ${bot.team}` : '';
      return http ? `${serverUrl}${EVENTS_PATH} (signed requests checked${who})` : `Socket Mode (connected to Slack${who}; no public address needed)`;
    },
  };
}
