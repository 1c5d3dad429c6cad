/**
 * The Microsoft Teams door, on the Microsoft 365 Agents SDK. Built in two steps because the
 * use-cases need the outbox, and the outbox this door's deliverer, before the door needs the
 * use-cases: `createTeamsDoor()` → `door.deliverer` into the outbox → `door.routes(service)`
 * onto the web server (src/web), beside the routes every door shares.
 */
import { CloudAdapter, getAuthConfigWithDefaults, type AuthConfiguration } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import type { CardRenderer } from '../../cards/index.js';
import type { ReviewService } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import type { WebLinks, WebRoute } from '../../web/index.js';
import { createTeamsApp, type Logger } from './app.js';
import { messagesRoute } from './http.js';
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
  renderer: CardRenderer;
  now: () => Date;
  log: Logger;
}

export interface TeamsDoor {
  adapter: CloudAdapter;
  cards: TeamsCards;
  /** What the outbox hands Teams messages to. */
  deliverer: TeamsDeliverer;
  /** POST /api/messages, with the use-cases behind it. */
  routes(service: ReviewService): WebRoute[];
}

export function createTeamsDoor(options: TeamsDoorOptions): TeamsDoor {
  // With no client id the SDK's JWT middleware lets requests in as anonymous.
  const auth: AuthConfiguration = getAuthConfigWithDefaults(options.credentials ?? undefined);
  const adapter = new CloudAdapter(auth);
  const cards = new TeamsCards(options.renderer, options.links);
  const sender = new TeamsSender({ adapter, appId: options.appId, cards });
  return {
    adapter,
    cards,
    deliverer: new TeamsDeliverer(sender),
    routes(service) {
      const app = createTeamsApp({
        adapter, service, store: options.store, cards, now: options.now, log: options.log, sendTo: (reference, view) => sender.send(reference, view),
        localMode: options.credentials === null,
      });
      return [messagesRoute({ handler: createAgentRequestHandler(app, auth), log: options.log })];
    },
  };
}

export { commandText, createTeamsApp, type Logger, type TeamsAppOptions } from './app.js';
export { checkActivity, type ActivityCheck } from './activity-check.js';
export { MESSAGES_PATH, messagesRoute, type MessagesRouteOptions } from './http.js';
export { downloadSpreadsheet, spreadsheetAttachment, type SpreadsheetAttachment } from './attachments.js';
export { TeamsCards } from './messages.js';
export { TeamsDeliverer, TeamsSender, type TeamsSenderOptions } from './outbound.js';
export { configAs, personas, PLAYGROUND_CONFIG, PlaygroundError, startPlayground, type Playground, type PlaygroundOptions, type PlaygroundPersona } from './playground.js';
export { leadershipKey, referenceFromStore, referenceToKeep, rememberConversation, StoredReferenceError } from './references.js';
