/**
 * Drives the Teams door as Teams does, without Microsoft's servers: activities are POSTed to
 * the bot's real HTTP endpoint (real CloudAdapter, anonymous auth, loopback), and a loopback
 * "connector" stands in for the Bot Connector service named as the activities' serviceUrl,
 * recording what the bot posts to /v3/conversations/{id}/activities[/{replyToId}] and
 * answering as the service does ({ id } for each activity).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCalendar, DEFAULT_REVIEW_TIMING } from '../../../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates, type CardJson } from '../../../src/cards/index.js';
import type { Door } from '../../../src/channels/door.js';
import { createTeamsDoor, type TeamsDoor } from '../../../src/channels/teams/index.js';
import type { Log } from '../../../src/log.js';
import { createOutbox, type Outbox } from '../../../src/outbox/index.js';
import { createReviewService, decisionCalendar } from '../../../src/review/index.js';
import { loadRubrics } from '../../../src/rubric/load.js';
import { MemoryStore, type Store } from '../../../src/store/index.js';
import { seedDemo, seedDemoCentralLines } from '../../../src/trust/index.js';
import { offeredFiles } from '../../../src/outputs/files.js';
import { DEFAULT_CHROMIUM } from '../../../src/outputs/pdf.js';
import { createWebLinks, sharedRoutes, startWebServer, type LinkKeySource, type WebLinks, type WebServer } from '../../../src/web/index.js';
import { captureLog } from '../../log-capture.js';

export const BOT = { id: '28:termly-bot', name: 'Termly' };
export const TENANT = '00000000-0000-0000-0000-0000000000001';
export const PEOPLE = {
  ceo: { id: 'user-ceo', name: 'Chief Executive Officer', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
  headReach: { id: 'user-head-reach', name: 'Headteacher, Reach Academy', aadObjectId: '00000000-0000-0000-0000-0000000000021' },
  headEngage: { id: 'user-head-engage', name: 'Headteacher, Engage Academy', aadObjectId: '00000000-0000-0000-0000-0000000000022' },
  headEthosCollege: { id: 'user-head-ethos-college', name: 'Headteacher, Ethos College', aadObjectId: '00000000-0000-0000-0000-0000000000024' },
  directorOfEducation: { id: 'user-director-of-education', name: 'Director of Education', aadObjectId: '00000000-0000-0000-0000-0000000000027' },
  director: { id: 'user-director', name: 'Director of Education', aadObjectId: '00000000-0000-0000-0000-0000000000027' },
  financeLead: { id: 'user-finance-lead', name: 'Trust Finance Lead', aadObjectId: '00000000-0000-0000-0000-0000000000030' },
  stranger: { id: 'user-stranger', name: 'Visitor', aadObjectId: '99999999-0000-0000-0000-000000000099' },
} as const;
export type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/** What the bot posted to the connector. */
export interface Posted {
  method: string;
  path: string;
  conversationId: string;
  replyToId: string | null;
  activity: Record<string, unknown>;
}

export class Connector {
  readonly posted: Posted[] = [];
  /** Conversation ids that answer with an HTTP status instead of accepting the activity. */
  readonly refuse = new Map<string, number>();
  private server!: Server;
  private nextId = 1;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!;
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
        if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: `no route ${req.method} ${path}` } }));
          return;
        }
        const conversationId = decodeURIComponent(match[1]!);
        const status = this.refuse.get(conversationId);
        if (status) {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: status === 404 ? 'ConversationNotFound' : 'Refused', message: `conversation ${conversationId} refused with ${status}` } }));
          return;
        }
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        this.posted.push({ method: req.method, path, conversationId, replyToId: match[2] ? decodeURIComponent(match[2]) : null, activity });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `activity-${this.nextId++}` }));
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((done) => {
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
  }

  /** Everything posted from `mark` on (see `mark()`), to one conversation when named. */
  since(mark: number, conversationId?: string): Posted[] {
    return this.posted.slice(mark).filter((p) => conversationId === undefined || p.conversationId === conversationId);
  }

  mark(): number {
    return this.posted.length;
  }
}

export function cardOf(activity: Record<string, unknown>): CardJson {
  const attachments = activity.attachments as { contentType: string; content: CardJson }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}

/** Every text a person would read on a card, in order. */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') out.push(o[key] as string);
      for (const [key, value] of Object.entries(o)) if (key !== 'data' && typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return out;
}

export interface CardAction {
  verb: string;
  title: string;
  data: Record<string, unknown>;
}

export function actionsOf(card: CardJson): CardAction[] {
  return ((card.actions ?? []) as { type: string; verb?: string; title: string; data?: Record<string, unknown> }[])
    .filter((a) => a.type === 'Action.Execute')
    .map((a) => ({ verb: a.verb!, title: a.title, data: a.data ?? {} }));
}

export interface CardInput {
  type: string;
  id: string;
  label?: string;
  choices?: { title: string; value: string }[];
  min?: number | null;
  max?: number | null;
  value?: unknown;
}

export function inputsOf(card: unknown): CardInput[] {
  const out: CardInput[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') out.push(o as unknown as CardInput);
      for (const [key, value] of Object.entries(o)) if (key !== 'data' && typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return out;
}

export interface InvokeResult {
  status: number;
  card: CardJson | null;
  message: string | null;
}

export interface Harness {
  store: Store;
  /** The outbox the use-cases send through, as local mode's: at once. */
  outbox: Outbox;
  connector: Connector;
  door: TeamsDoor;
  server: WebServer;
  now: Date;
  personalChat(person: Person): string;
  /** A chat message; returns what the bot posted while handling it. `id` repeats an activity (a Teams retry). */
  say(person: Person, text: string, where?: { channel: string }, id?: string): Promise<Posted[]>;
  /** A message with attachments (a file sent in a personal chat), as Teams or the playground sends it. */
  attach(person: Person, text: string, attachments: Record<string, unknown>[]): Promise<Posted[]>;
  /** Installs the bot in a person's chat (what Teams sends when the app is added). */
  install(person: Person): Promise<Posted[]>;
  /** Installs the bot in a team's channel. */
  installInTeam(person: Person, channel: string): Promise<Posted[]>;
  /** An Action.Execute press on a card, with the card's inputs merged into its data. */
  press(person: Person, verb: string, data: Record<string, unknown>, where?: { channel: string }, id?: string): Promise<InvokeResult & { posted: Posted[] }>;
  post(body: unknown, contentType?: string): Promise<{ status: number; text: string }>;
  /** An activity as `say` would send it (a personal chat), for tests that alter it before posting. */
  activity(person: Person, extra: Record<string, unknown>): Record<string, unknown>;
  /** What the door has logged as an error since the last call (and clears it). */
  logged(): unknown[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  now?: Date;
  demo?: string;
  /** The store to run on (seeded with the demo trust when empty); a new memory store by default. */
  store?: Store;
  /** Signs calendar links; the door's default when absent. */
  linkKey?: LinkKeySource;
  /** The loopback port; any free one by default. */
  port?: number;
  /** Other doors beside Teams' (Slack), made from the harness's parts: their deliverers come after Teams' in the outbox. */
  otherDoors?: (parts: { store: Store; links: WebLinks; now: () => Date; log: Log }) => Door[];
}

/**
 * A demo trust (seeded as `npm start` seeds it) in a memory store, a fixed clock inside the
 * autumn term, the door on a loopback port.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const now = options.now ?? new Date('2026-11-30T10:00:00Z');
  const rubrics = loadRubrics();
  const calendar = loadCalendar();
  const store = options.store ?? new MemoryStore();
  await seedDemo(store, rubrics, now, options.demo);
  const connector = new Connector();
  await connector.start();
  const clock = () => new Date(now);
  // Anything the door logs as an error fails the test that caused it.
  const captured = captureLog();
  // Links name the server's own address, known once it listens.
  let ownUrl = 'http://127.0.0.1';
  const links = createWebLinks(options.linkKey ?? null, () => ownUrl);
  const door = createTeamsDoor({
    credentials: null, appId: 'termly-test', store, links, renderer: createCardRenderer(loadCardTemplates()), now: clock, log: captured.log,
  });
  const others = options.otherDoors?.({ store, links, now: clock, log: captured.log }) ?? [];
  // As local mode sends: through the outbox, at once. Its own clock is the real one, which
  // paces sends and times retries; the use-cases' stays fixed.
  const outbox = createOutbox({ store, calendar, deliverers: [door.deliverer, ...others.map((d) => d.deliverer)], timing: 'at-once', log: captured.log });
  outbox.start();
  const ctx = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: clock, outbound: outbox };
  await seedDemoCentralLines(ctx);
  const service = createReviewService(ctx);
  const server = await startWebServer({
    host: '127.0.0.1', port: options.port ?? 0, log: captured.log,
    routes: [
      ...sharedRoutes({ links, calendarFile: (decisionId) => decisionCalendar(ctx, decisionId), offeredFile: offeredFiles(ctx, DEFAULT_CHROMIUM), log: captured.log }),
      ...door.init(service),
      ...others.flatMap((d) => d.init(service)),
    ],
  });
  ownUrl = server.url;
  await door.start();
  for (const other of others) await other.start();
  let seq = 0;

  const post = async (body: unknown, contentType = 'application/json') => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const personalChat = (person: Person) => `a:personal-${person.id}`;
  const base = (person: Person, where?: { channel: string }, id?: string) => ({
    id: id ?? `incoming-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: now.toISOString(),
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: BOT,
    conversation: where
      ? { id: `${where.channel};messageid=${1700000000000 + (id ? 0 : seq)}`, conversationType: 'channel', isGroup: true, tenantId: TENANT }
      : { id: personalChat(person), conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, ...(where ? { channel: { id: where.channel }, team: { id: where.channel } } : {}) },
    locale: 'en-GB',
  });
  const checked = async (body: unknown) => {
    const mark = connector.mark();
    const res = await post(body);
    const errors = captured.takeErrors();
    if (errors.length) throw new Error(`the door failed: ${JSON.stringify(errors)}`);
    return { ...res, posted: connector.since(mark) };
  };

  return {
    store, outbox, connector, door, server, now, personalChat,
    async say(person, text, where, id) {
      const mention = where ? { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT } : null;
      const res = await checked({ ...base(person, where, id), type: 'message', text: where ? `<at>${BOT.name}</at> ${text}` : text, textFormat: 'plain', entities: mention ? [mention] : [] });
      if (res.status !== 200) throw new Error(`the bot answered ${res.status}: ${res.text}`);
      return res.posted;
    },
    async attach(person, text, attachments) {
      const res = await checked({ ...base(person), type: 'message', text, textFormat: 'plain', attachments });
      if (res.status !== 200) throw new Error(`the bot answered ${res.status}: ${res.text}`);
      return res.posted;
    },
    async install(person) {
      const activity = base(person);
      const res = await checked({ ...activity, type: 'conversationUpdate', membersAdded: [{ id: person.id, aadObjectId: person.aadObjectId }, { id: BOT.id }] });
      return res.posted;
    },
    async installInTeam(person, channel) {
      const activity = base(person, { channel });
      const res = await checked({ ...activity, conversation: { ...activity.conversation, id: channel }, type: 'installationUpdate', action: 'add' });
      return res.posted;
    },
    async press(person, verb, data, where, id) {
      const res = await checked({
        ...base(person, where, id), type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-1',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      });
      const body = res.text ? JSON.parse(res.text) as { statusCode: number; type: string; value: unknown } : null;
      return {
        status: res.status,
        card: body?.type === 'application/vnd.microsoft.card.adaptive' ? body.value as CardJson : null,
        message: body?.type === 'application/vnd.microsoft.activity.message' ? body.value as string : null,
        posted: res.posted,
      };
    },
    post,
    activity: (person, extra) => ({ ...base(person), ...extra }),
    logged: () => captured.takeErrors(),
    async close() {
      await door.stop();
      for (const other of others) await other.stop();
      await server.close();
      await outbox.stop();
      await connector.stop();
    },
  };
}

/**
 * What a person fills in on a questionnaire card: `rating` picks a level per area (the first,
 * best, choice unless told otherwise), statements are met, figures take `figure(input)`.
 */
/** A figure's allowed range, as its field's placeholder tells the head ("A figure from 0 to 100"). */
export function rangeOf(input: CardInput): { min: number | null; max: number | null } {
  const placeholder = (input as { placeholder?: string }).placeholder ?? '';
  const both = /from (-?[\d.]+) to (-?[\d.]+)/.exec(placeholder);
  if (both) return { min: Number(both[1]), max: Number(both[2]) };
  const min = /of (-?[\d.]+) or more/.exec(placeholder);
  const max = /up to (-?[\d.]+)/.exec(placeholder);
  return { min: min ? Number(min[1]) : null, max: max ? Number(max[1]) : null };
}

export function fillIn(
  card: CardJson,
  choose: { rating?: (input: CardInput) => string; figure?: (input: CardInput) => string } = {},
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputsOf(card)) {
    if (input.type === 'Input.ChoiceSet' && input.id.startsWith('rating.')) values[input.id] = choose.rating?.(input) ?? input.choices![0]!.value;
    else if (input.type === 'Input.ChoiceSet' && input.id.startsWith('statement.')) values[input.id] = 'true';
    else if (input.type === 'Input.Text' && input.id.startsWith('indicator.')) values[input.id] = choose.figure?.(input) ?? String(rangeOf(input).max ?? rangeOf(input).min ?? 0);
    else if (input.type === 'Input.Text' && input.id.startsWith('transition.')) values[input.id] = choose.figure?.(input) ?? '1';
    else if (input.type === 'Input.Text') values[input.id] = '';
  }
  return values;
}
