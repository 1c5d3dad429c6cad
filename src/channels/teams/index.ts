/**
 * The Microsoft Teams door, on the Microsoft 365 Agents SDK. Built in two steps because the
 * use-cases need its outbound sender before the door needs the use-cases:
 * `createTeamsDoor()` → `door.outbound` into the review context → `door.listen({ service, calendarFile })`.
 */
import { randomBytes } from 'node:crypto';
import { CloudAdapter, getAuthConfigWithDefaults, type AuthConfiguration } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import type { CardRenderer } from '../../cards/index.js';
import type { CalendarFile, OfferedFile, ReviewService } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import { createTeamsApp, type Logger } from './app.js';
import type { TurnRouter } from './tenancy.js';
import { CalendarLinks, linkKeyOf, type LinkKeySource } from './calendar-files.js';
import { FileLinks } from './file-links.js';
import { TeamsCards } from './messages.js';
import { TeamsDeliverer, TeamsOutbound, TeamsSender } from './outbound.js';
import { startTeamsServer, type HealthAnswer, type ServedFile, type TeamsServer } from './http.js';

export interface TeamsDoorOptions {
  /** Teams credentials (production), or none: anonymous auth (local mode only). */
  credentials: { clientId: string; clientSecret: string; tenantId: string } | null;
  /** The bot's app id for proactive sends. */
  appId: string;
  /** Public base URL of this server, for calendar-file links; the server's own address when absent. */
  publicUrl?: string;
  /**
   * Where the calendar links' signing key comes from: the client secret (production) or a key
   * file beside the store (local mode), so links outlive a restart. Without one: the client
   * secret when there are credentials, else a random key whose links end with the process.
   */
  linkKey?: LinkKeySource;
  store: Store;
  /** A deployment of several trusts: each request run within its trust's scope (tenancy.ts). */
  route?: TurnRouter;
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
  listen(options: {
    service: ReviewService;
    /** The use-case behind calendar links: a stored decision's calendar file, or null. */
    calendarFile: (decisionId: string) => Promise<CalendarFile | null>;
    /** The use-case behind file links (heat map, board report): the file, made afresh, or null. */
    offeredFile?: (kind: OfferedFile['kind'], subject: string) => Promise<ServedFile | null>;
    host: string;
    port: number;
    /** What GET /healthz reports; "ok" when absent. */
    health?: () => HealthAnswer;
  }): Promise<TeamsServer>;
}

export function createTeamsDoor(options: TeamsDoorOptions): TeamsDoor {
  // With no client id the SDK's JWT middleware lets requests in as anonymous.
  const auth: AuthConfiguration = getAuthConfigWithDefaults(options.credentials ?? undefined);
  const adapter = new CloudAdapter(auth);
  let ownUrl = 'http://127.0.0.1';
  const keySource = options.linkKey ?? (options.credentials ? { kind: 'secret' as const, secret: options.credentials.clientSecret } : null);
  const linkKey = keySource ? linkKeyOf(keySource) : randomBytes(32);
  const calendarLinks = new CalendarLinks(linkKey, () => options.publicUrl ?? ownUrl);
  const fileLinks = new FileLinks(linkKey, () => options.publicUrl ?? ownUrl);
  const route = options.route;
  const cards = new TeamsCards(options.renderer, calendarLinks, fileLinks, route ? (subject) => route.linkSubject(subject) : undefined);
  const outbound = new TeamsOutbound({ adapter, appId: options.appId, store: options.store, cards });
  const deliverer = new TeamsDeliverer(new TeamsSender({ adapter, appId: options.appId, cards }));
  return {
    adapter,
    cards,
    outbound,
    deliverer,
    async listen({ service, calendarFile, offeredFile, host, port, health }) {
      const sender = new TeamsSender({ adapter, appId: options.appId, cards });
      const app = createTeamsApp({
        adapter, service, store: options.store, cards, now: options.now, log: options.log, sendTo: (reference, view) => sender.send(reference, view),
        localMode: options.credentials === null, ...(route ? { route } : {}),
      });
      const agent = createAgentRequestHandler(app, auth);
      const handler: typeof agent = route ? (request, response) => route.run(request.body as Record<string, unknown>, () => agent(request, response)) : agent;
      const served = offeredFile ?? (async () => null);
      const server = await startTeamsServer({
        host, port, handler, calendarLinks, fileLinks, log: options.log, ...(health ? { health } : {}),
        calendarFile: route ? (subject) => route.fromLink(subject, calendarFile) : calendarFile,
        offeredFile: route ? (kind, subject) => route.fromLink(subject, (inner) => served(kind, inner)) : served,
      });
      ownUrl = server.url;
      return server;
    },
  };
}

export { commandText, createTeamsApp, type Logger, type TeamsAppOptions } from './app.js';
export { CALENDAR_PATH, CalendarLinks, LinkKeyError, linkKeyFile, linkKeyFromFile, linkKeyFromSecret, linkKeyOf, type LinkKeySource } from './calendar-files.js';
export { checkActivity, type ActivityCheck } from './activity-check.js';
export { MESSAGES_PATH, startTeamsServer, type HealthAnswer, type ServedFile, type TeamsServer, type TeamsServerOptions } from './http.js';
export { FILES_PATH, FileLinks } from './file-links.js';
export { downloadSpreadsheet, spreadsheetAttachment, type SpreadsheetAttachment } from './attachments.js';
export { TeamsCards } from './messages.js';
export { teamsRouter, teamsTenantOf, type TurnRouter } from './tenancy.js';
export { TeamsDeliverer, TeamsOutbound, TeamsSender, type TeamsOutboundOptions, type TeamsSenderOptions } from './outbound.js';
export { configAs, personas, PLAYGROUND_CONFIG, PlaygroundError, startPlayground, type Playground, type PlaygroundOptions, type PlaygroundPersona } from './playground.js';
export { leadershipKey, referenceFromStore, referenceToKeep, rememberConversation, StoredReferenceError } from './references.js';
