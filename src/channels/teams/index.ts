/**
 * The Microsoft Teams door, on the Microsoft 365 Agents SDK. Built in two steps, as every door
 * (../door.ts), because the use-cases need the outbox, and the outbox this door's deliverer,
 * before the door needs the use-cases: `createTeamsDoor()` → `door.deliverer` into the outbox
 * → `door.init(service)`: POST /api/messages, mounted on the web server beside the routes
 * every door shares → `door.start()` once the server listens.
 */
import { CloudAdapter, getAuthConfigWithDefaults, type AuthConfiguration } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import type { CardRenderer } from '../../cards/index.js';
import type { ReviewService } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import { plain, type WebLinks } from '../../web/index.js';
import type { Door } from '../door.js';
import { createTeamsApp, type Logger } from './app.js';
import { MESSAGES_PATH, messagesRoute } from './http.js';
import type { TurnRouter } from './tenancy.js';
import { TeamsCards } from './messages.js';
import { TeamsDeliverer, TeamsSender } from './outbound.js';

export interface TeamsDoorOptions {
  /** Teams credentials (production), or none: anonymous auth (local mode only). */
  credentials: { clientId: string; clientSecret: string; tenantId: string } | null;
  /** The bot's app id for proactive sends. */
  appId: string;
  /** The signed links cards carry (calendar files, pictures, reports). */
  links: WebLinks;
  store: Store;
  /** A deployment of several trusts: each request run within its tenant's trust's scope (tenancy.ts). */
  route?: TurnRouter;
  renderer: CardRenderer;
  now: () => Date;
  log: Logger;
}

export interface TeamsDoor extends Door {
  readonly platform: 'teams';
  readonly deliverer: TeamsDeliverer;
  adapter: CloudAdapter;
  cards: TeamsCards;
}

/** Said to Teams while the door is not taking activities (starting, or stopping): Teams tries again. */
const NOT_TAKING = 'Termly is not taking messages just now (it is starting or stopping); try again shortly.';

export function createTeamsDoor(options: TeamsDoorOptions): TeamsDoor {
  // With no client id the SDK's JWT middleware lets requests in as anonymous.
  const auth: AuthConfiguration = getAuthConfigWithDefaults(options.credentials ?? undefined);
  const adapter = new CloudAdapter(auth);
  const cards = new TeamsCards(options.renderer, options.links);
  const sender = new TeamsSender({ adapter, appId: options.appId, cards });
  const route = options.route;
  let initialised = false;
  let taking = false;
  /** Turns under way, so stop() lets them finish. */
  const underWay = new Set<Promise<void>>();
  return {
    platform: 'teams',
    adapter,
    cards,
    deliverer: new TeamsDeliverer(sender),
    init(service: ReviewService) {
      if (initialised) throw new Error('the Teams door is already connected to the use-cases');
      initialised = true;
      const app = createTeamsApp({
        adapter, service, store: options.store, cards, now: options.now, log: options.log, sendTo: (reference, view) => sender.send(reference, view),
        localMode: options.credentials === null, ...(route ? { route } : {}),
      });
      const agent = createAgentRequestHandler(app, auth);
      // Several trusts: each activity's turn runs within the scope of its tenant's trust.
      const handler: typeof agent = route ? (request, response) => route.run(request.body as Record<string, unknown>, () => agent(request, response)) : agent;
      const messages = messagesRoute({ handler, log: options.log });
      return [{
        path: messages.path,
        listener: (req, res) => {
          if (!taking) return plain(res, 503, NOT_TAKING, { 'retry-after': '5' });
          const turn = Promise.resolve(messages.listener(req, res)).finally(() => underWay.delete(turn));
          underWay.add(turn);
          return turn;
        },
      }];
    },
    async start() {
      if (!initialised) throw new Error('the Teams door was started before it was connected to the use-cases (init)');
      taking = true;
    },
    async stop() {
      taking = false;
      await Promise.allSettled([...underWay]);
    },
    describe: (serverUrl) => `${serverUrl}${MESSAGES_PATH} (${options.credentials ? `app ${options.appId}, Teams tokens checked` : 'anonymous, loopback only'})`,
  };
}

export { commandText, createTeamsApp, type Logger, type TeamsAppOptions } from './app.js';
export { checkActivity, type ActivityCheck } from './activity-check.js';
export { MESSAGES_PATH, messagesRoute, type MessagesRouteOptions } from './http.js';
export { downloadSpreadsheet, spreadsheetAttachment, type SpreadsheetAttachment } from './attachments.js';
export { TeamsCards } from './messages.js';
export { teamsRouter, teamsTenantOf, type TurnRouter } from './tenancy.js';
export { TeamsDeliverer, TeamsSender, type TeamsSenderOptions } from './outbound.js';
export { configAs, personas, PLAYGROUND_CONFIG, PlaygroundError, startPlayground, type Playground, type PlaygroundOptions, type PlaygroundPersona } from './playground.js';
export { leadershipKey, referenceFromStore, referenceToKeep, rememberConversation, StoredReferenceError } from './references.js';
