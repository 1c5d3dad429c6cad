/**
 * The Microsoft Teams door, on the Microsoft 365 Agents SDK. Built in two steps because the
 * use-cases need its outbound sender before the door needs the use-cases:
 * `createTeamsDoor()` → `door.outbound` into the review context → `door.listen(service)`.
 */
import { CloudAdapter, getAuthConfigWithDefaults, type AuthConfiguration } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import type { CardRenderer } from '../../cards/index.js';
import type { ReviewService } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import { createTeamsApp, type Logger } from './app.js';
import { CalendarFiles } from './calendar-files.js';
import { TeamsCards } from './messages.js';
import { TeamsDeliverer, TeamsOutbound, TeamsSender } from './outbound.js';
import { startTeamsServer, type TeamsServer } from './http.js';

export interface TeamsDoorOptions {
  /** Teams credentials (production), or none: anonymous auth (local mode only). */
  credentials: { clientId: string; clientSecret: string; tenantId: string } | null;
  /** The bot's app id for proactive sends. */
  appId: string;
  /** Public base URL of this server, for calendar-file links; the server's own address when absent. */
  publicUrl?: string;
  store: Store;
  renderer: CardRenderer;
  now: () => Date;
  log: Logger;
}

export interface TeamsDoor {
  adapter: CloudAdapter;
  cards: TeamsCards;
  /** Sends at once: for local mode and tests. */
  outbound: TeamsOutbound;
  /** The outbox's Teams door: for production, behind the durable outbox. */
  deliverer: TeamsDeliverer;
  listen(options: { service: ReviewService; host: string; port: number; minRationale: number }): Promise<TeamsServer>;
}

export function createTeamsDoor(options: TeamsDoorOptions): TeamsDoor {
  // With no client id the SDK's JWT middleware lets requests in as anonymous.
  const auth: AuthConfiguration = getAuthConfigWithDefaults(options.credentials ?? undefined);
  const adapter = new CloudAdapter(auth);
  let ownUrl = 'http://127.0.0.1';
  const calendarFiles = new CalendarFiles(() => options.publicUrl ?? ownUrl);
  const cards = new TeamsCards(options.renderer, calendarFiles);
  const outbound = new TeamsOutbound({ adapter, appId: options.appId, store: options.store, cards });
  const deliverer = new TeamsDeliverer(new TeamsSender({ adapter, appId: options.appId, cards }));
  return {
    adapter,
    cards,
    outbound,
    deliverer,
    async listen({ service, host, port, minRationale }) {
      const app = createTeamsApp({ adapter, service, store: options.store, cards, minRationale, now: options.now, log: options.log });
      const handler = createAgentRequestHandler(app, auth);
      const server = await startTeamsServer({ host, port, handler, calendarFiles, log: options.log });
      ownUrl = server.url;
      return server;
    },
  };
}

export { commandText, createTeamsApp, type Logger, type TeamsAppOptions } from './app.js';
export { CalendarFiles, type CalendarFile } from './calendar-files.js';
export { MESSAGES_PATH, startTeamsServer, type TeamsServer, type TeamsServerOptions } from './http.js';
export { TeamsCards } from './messages.js';
export { TeamsDeliverer, TeamsOutbound, TeamsSender, type TeamsOutboundOptions, type TeamsSenderOptions } from './outbound.js';
export { configAs, personas, PLAYGROUND_CONFIG, PlaygroundError, startPlayground, type Playground, type PlaygroundOptions, type PlaygroundPersona } from './playground.js';
export { leadershipKey, referenceFromStore, referenceToKeep, rememberConversation, StoredReferenceError } from './references.js';
