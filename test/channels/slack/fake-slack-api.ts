/**
 * A fake Slack Web API on loopback, for tests: the methods the bot calls, served at
 * `<url>/api/<method>` as Slack serves them (POST, form-encoded or JSON bodies, the token as a
 * Bearer header or a `token` field), answering as Slack answers: HTTP 200 with `{ ok: true, ... }`
 * or `{ ok: false, error }`, and HTTP 429 with `Retry-After` when told to rate-limit. Every
 * payload is checked against Slack's documented limits (block-kit-rules.ts) and refused with
 * `invalid_blocks` (messages) or `invalid_arguments` (views) as Slack refuses it. Every call is
 * recorded, with what was answered.
 *
 * Beside the Web API it plays the two other parts of Slack a bot talks to: the `response_url`
 * given with a slash command or a button (`<url>/response/<id>`: good five times in 30 minutes,
 * posting in the channel, to the person alone, or over the message the button was on), and a
 * modal's submission answered with a `response_action` (errors, update, push, clear), which
 * Slack applies to the open modal. And Socket Mode: apps.connections.open (with the app-level
 * token) answers a WebSocket address on this server, which says hello and carries envelopes
 * (slash commands, events, interactions) to the app and its acknowledgements back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkMessageBlocks, checkView, messageTextTooLong } from './block-kit-rules.js';

type Json = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  /** The arguments as sent, JSON-encoded fields (blocks, view) decoded. */
  args: Json;
  /** HTTP status and body answered. */
  status: number;
  response: Json;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs: string | null;
  /** Each earlier version, oldest first, when chat.update changed it. */
  edits: { text: string; blocks: unknown[] }[];
}

export interface OpenView {
  id: string;
  hash: string;
  userId: string | null;
  view: Json;
  /** Views stacked under this one (views.push), root first. */
  rootId: string;
}

/** A message only one person sees (chat.postEphemeral, or a response_url answer "ephemeral"). */
export interface EphemeralMessage {
  channel: string;
  userId: string;
  ts: string;
  text: string;
  blocks: unknown[];
  edits: { text: string; blocks: unknown[] }[];
}

/** What a response_url answers for: a command or a button pressed, by someone, in a channel, on a message. */
export interface ResponseTarget {
  channel: string;
  userId: string;
  /** The message the button was on (a button's response_url); none for a slash command. */
  messageTs?: string;
}

export interface FakeSlackOptions {
  /** The bot token every call must carry. */
  token?: string;
  /** Users of the workspace (ids); conversations.open and users.info know only these. */
  users?: { id: string; name?: string }[];
  /** Channels the bot has been added to, by id. */
  channels?: string[];
  /** The workspace (its team id and domain); T0DEMO by default. */
  team?: { id: string; domain: string };
  /** The loopback port to listen on; any free one by default. */
  port?: number;
  /** The app-level token (xapp-…) apps.connections.open takes, for Socket Mode. */
  appToken?: string;
}

const TRIGGER_LIFETIME_MS = 3000;
const MAX_STACK = 3;
/** A response_url is good for five answers within 30 minutes. */
const RESPONSE_USES = 5;
const RESPONSE_LIFETIME_MS = 30 * 60_000;

/** Slack's "invalid JSON" and the like: an argument that should be JSON but is not. */
class BadArgument extends Error {}

export class FakeSlackApi {
  readonly token: string;
  readonly appToken: string;
  readonly team: { id: string; domain: string };
  readonly bot = { userId: 'U0TERMLYBOT', botId: 'B0TERMLY', appId: 'A0TERMLY' };
  readonly calls: RecordedCall[] = [];
  private readonly users = new Map<string, { id: string; name: string }>();
  private readonly channels = new Set<string>();
  private readonly messages = new Map<string, PostedMessage[]>();
  private readonly views = new Map<string, OpenView>();
  private readonly homes = new Map<string, OpenView>();
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean; userId: string | null }>();
  private readonly responses = new Map<string, { target: ResponseTarget; issuedAt: number; uses: number }>();
  private readonly files = new Map<string, { name: string; content: Buffer }>();
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly acks = new Map<string, (payload: Json) => void>();
  /** Socket Mode connections open now. */
  readonly connections = new Set<WebSocket>();
  readonly ephemerals: EphemeralMessage[] = [];
  private ratelimited: { remaining: number; retryAfter: number; method: string | null } | null = null;
  private failing: { remaining: number; status: number; method: string | null } | null = null;
  private server: Server | null = null;
  private counter = 0;
  private readonly port: number;
  url = '';

  constructor(options: FakeSlackOptions = {}) {
    this.token = options.token ?? 'xoxb-termly-test-token';
    this.appToken = options.appToken ?? 'xapp-1-termly-test-app-token';
    this.team = options.team ?? { id: 'T0DEMO', domain: 'termly-demo' };
    for (const user of options.users ?? []) this.users.set(user.id, { id: user.id, name: user.name ?? user.id.toLowerCase() });
    for (const channel of options.channels ?? []) this.channels.add(channel);
    this.port = options.port ?? 0;
  }

  /** The address to give a Web API client (`slackApiUrl`, SLACK_API_URL): methods are under it. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/link')) return void socket.destroy();
      this.sockets.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    for (const ws of this.connections) ws.terminate();
    return new Promise((done) => {
      if (!this.server) return done();
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
  }

  addUser(id: string, name = id.toLowerCase()): void {
    this.users.set(id, { id, name });
  }

  addChannel(id: string): void {
    this.channels.add(id);
  }

  /** A trigger id, as Slack puts in an interaction payload: good for one views.open or views.push within 3 seconds. */
  trigger(userId: string | null = null): string {
    const id = `${++this.counter}.${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false, userId });
    return id;
  }

  /** The next `calls` calls (of `method`, or of any method) are answered `ratelimited` with HTTP 429 and `Retry-After`. */
  rateLimit(calls: number, retryAfterSeconds = 1, method: string | null = null): void {
    this.ratelimited = { remaining: calls, retryAfter: retryAfterSeconds, method };
  }

  /**
   * An envelope sent to the app over its Socket Mode connection, as Slack sends one
   * (`slash_commands`, `events_api`, `interactive`); answers the acknowledgement's payload.
   */
  envelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: Json): Promise<Json> {
    const [ws] = this.connections;
    if (!ws) return Promise.reject(new Error('no app is connected in Socket Mode'));
    const id = `envelope-${++this.counter}`;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      ws.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api', ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}) }));
    });
  }

  private connect(ws: WebSocket): void {
    this.connections.add(ws);
    ws.on('close', () => this.connections.delete(ws));
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: Json };
      if (ack.envelope_id) {
        this.acks.get(ack.envelope_id)?.(ack.payload ?? {});
        this.acks.delete(ack.envelope_id);
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.connections.size, connection_info: { app_id: this.bot.appId }, debug_info: { host: 'fake' } }));
  }

  /** The next `calls` calls (of `method`, or of any) are answered with an HTTP error, as Slack's servers sometimes do (500, 503). */
  fail(calls: number, status = 503, method: string | null = null): void {
    this.failing = { remaining: calls, status, method };
  }

  /** A response_url, as Slack puts in a slash command or a button's payload. */
  responseUrl(target: ResponseTarget): string {
    const id = `R${String(++this.counter).padStart(8, '0')}`;
    this.responses.set(id, { target, issuedAt: Date.now(), uses: 0 });
    return `${this.url}/response/${id}`;
  }

  /**
   * A file someone shares, as a message event lists it: its private download link is served
   * here (`<url>/files-pri/...`), only to a request carrying the bot's token, as Slack serves it.
   */
  shareFile(name: string, content: Buffer | string): { id: string; name: string; size: number; url_private: string; url_private_download: string; mode: string } {
    const id = `F${String(++this.counter).padStart(8, '0')}`;
    const bytes = Buffer.from(content);
    this.files.set(id, { name, content: bytes });
    const url = `${this.url}/files-pri/${this.team.id}-${id}/${encodeURIComponent(name)}`;
    return { id, name, size: bytes.length, url_private: url, url_private_download: url.replace(/\/([^/]+)$/, '/download/$1'), mode: 'hosted' };
  }

  /** What one person was shown alone in a channel, oldest first. */
  ephemeralsFor(userId: string, channel?: string): EphemeralMessage[] {
    return this.ephemerals.filter((m) => m.userId === userId && (channel === undefined || m.channel === channel));
  }

  /** The modal on top of a person's stack, as they see it now. */
  topView(userId: string): OpenView | undefined {
    return [...this.views.values()].filter((v) => v.userId === userId).at(-1);
  }

  /**
   * What Slack does with the answer to a modal's submission (the body the app acknowledged
   * with): nothing or `clear` closes the modal (its whole stack for `clear`), `errors` leaves it
   * open with the messages on its fields, `update` replaces it, `push` lays a new one on it. A
   * view that breaks Slack's rules is not shown: Slack tells the person the app failed.
   * Slack applies the acknowledgement before any call the app makes after sending it: if the
   * view was updated (views.update) since `submittedHash`, that update came later and stands.
   * Answers the problems found (none when Slack would have shown it).
   */
  answerSubmission(viewId: string, body: unknown, submittedHash?: string): string[] {
    const open = this.views.get(viewId);
    if (!open) return [`no open view ${viewId}`];
    const superseded = submittedHash !== undefined && open.hash !== submittedHash;
    const answer = (typeof body === 'object' && body !== null ? body : {}) as Json;
    switch (answer.response_action) {
      case undefined:
        this.views.delete(viewId);
        return [];
      case 'clear':
        for (const [id, v] of this.views) if (v.rootId === open.rootId) this.views.delete(id);
        return [];
      case 'errors': {
        const errors = answer.errors as Record<string, unknown> | undefined;
        const ids = new Set(((open.view.blocks as Json[] | undefined) ?? []).map((b) => b.block_id));
        const unknown = Object.keys(errors ?? {}).filter((id) => !ids.has(id));
        return !errors || Object.keys(errors).length === 0 ? ['errors: expected at least one field'] : unknown.map((id) => `errors: no input block "${id}" in the view`);
      }
      case 'update':
      case 'push': {
        const problems = checkView(answer.view, 'modal');
        if (problems.length) return problems;
        if (answer.response_action === 'update') {
          if (superseded) return [];
          open.view = answer.view as Json;
          open.hash = `${Date.now()}.${++this.counter}`;
        } else {
          if ([...this.views.values()].filter((v) => v.rootId === open.rootId).length >= MAX_STACK) return ['push_limit_reached'];
          const pushed = this.stored(answer.view as Json, open.rootId, open.userId);
          this.views.set(pushed.id, pushed);
        }
        return [];
      }
      default:
        return [`response_action: "${String(answer.response_action)}" is not one Slack knows`];
    }
  }

  /** The person closes the modal on top (its Cancel or Close). */
  closeView(viewId: string): void {
    this.views.delete(viewId);
  }

  /**
   * Waits until `find` finds something (what the bot does after acknowledging a request, seen
   * from outside its process), and answers it; fails naming `what` after `timeoutMs`.
   */
  async waitFor<T>(what: string, find: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Slack saw no ${what} within ${timeoutMs / 1000} s; the calls it got: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Messages in a channel as they read now (after updates), oldest first. */
  messagesIn(channel: string): PostedMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** A DM channel's id for a user, as conversations.open answers it. */
  dmOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  view(id: string): OpenView | undefined {
    return this.views.get(id);
  }

  home(userId: string): OpenView | undefined {
    return this.homes.get(userId);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0]!;
    const hook = /^\/response\/(R\d+)$/.exec(path);
    if (hook) return this.respond(req, res, hook[1]!, Buffer.concat(chunks).toString('utf8'));
    const download = /^\/files-pri\/[A-Z0-9]+-(F\d+)\//.exec(path);
    if (download) {
      const file = this.files.get(download[1]!);
      const authorised = req.headers.authorization === `Bearer ${this.token}`;
      this.calls.push({ method: 'files-pri', args: { file: download[1]! }, status: !file ? 404 : authorised ? 200 : 403, response: {} });
      if (!file) return void res.writeHead(404).end();
      // Slack answers a request without the token with its sign-in page, never the file.
      if (!authorised) return void res.writeHead(403, { 'content-type': 'text/html' }).end('<html>Sign in to Slack</html>');
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.content.length) }).end(file.content);
    }
    const match = /^\/api\/([a-zA-Z]+\.[a-zA-Z.]+)$/.exec(path);
    const method = match?.[1] ?? (req.url ?? '');
    let args: Json = {};
    let status = 200;
    let response: Json;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    try {
      args = parseBody(req, Buffer.concat(chunks).toString('utf8'));
      const limited = this.ratelimited;
      const failing = this.failing;
      if (limited && limited.remaining > 0 && (limited.method === null || limited.method === method)) {
        limited.remaining -= 1;
        status = 429;
        headers['retry-after'] = String(limited.retryAfter);
        response = { ok: false, error: 'ratelimited' };
      } else if (failing && failing.remaining > 0 && (failing.method === null || failing.method === method)) {
        failing.remaining -= 1;
        status = failing.status;
        response = { ok: false, error: 'service_unavailable' };
      } else if (req.method !== 'POST') {
        response = { ok: false, error: 'invalid_post_type' };
      } else if (!match) {
        status = 404;
        response = { ok: false, error: 'unknown_method' };
      } else {
        response = this.authorised(req, args, method === 'apps.connections.open' ? this.appToken : this.token) ?? this.call(method, args);
      }
    } catch (e) {
      response = { ok: false, error: e instanceof BadArgument ? 'invalid_arguments' : 'invalid_form_data', response_metadata: { messages: [`[ERROR] ${(e as Error).message}`] } };
    }
    this.calls.push({ method, args, status, response });
    res.writeHead(status, headers).end(JSON.stringify(response));
  }

  private authorised(req: IncomingMessage, args: Json, expected: string): Json | null {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== expected) return { ok: false, error: token === this.token || token === this.appToken ? 'not_allowed_token_type' : 'invalid_auth' };
    return null;
  }

  private call(method: string, args: Json): Json {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: `https://${this.team.domain}.slack.com/`, team: 'Termly demo', user: 'termly', team_id: this.team.id, user_id: this.bot.userId, bot_id: this.bot.botId };
      case 'apps.connections.open': return { ok: true, url: `${this.url.replace(/^http/, 'ws')}/link/?ticket=${++this.counter}&app_id=${this.bot.appId}` };
      case 'chat.postMessage': return this.postMessage(args);
      case 'chat.update': return this.update(args);
      case 'chat.postEphemeral': return this.postEphemeral(args);
      case 'conversations.open': return this.open(args);
      case 'users.info': {
        const user = this.users.get(String(args.user ?? ''));
        return user ? { ok: true, user: { id: user.id, team_id: this.team.id, name: user.name, real_name: user.name, deleted: false, is_bot: false } } : { ok: false, error: 'user_not_found' };
      }
      case 'views.open': return this.viewsOpen(args, false);
      case 'views.push': return this.viewsOpen(args, true);
      case 'views.update': return this.viewsUpdate(args);
      case 'views.publish': return this.viewsPublish(args);
      default: return { ok: false, error: 'unknown_method' };
    }
  }

  /** A channel the bot may post in: one it was added to, a DM it opened, or a user's id (their DM with the app). */
  private channelOf(channel: unknown): string | null {
    if (typeof channel !== 'string' || channel === '') return null;
    if (this.channels.has(channel)) return channel;
    if (this.users.has(channel)) return this.dmOf(channel);
    return null;
  }

  private content(args: Json): Json | null {
    const blocks = args.blocks;
    if (blocks !== undefined && !Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };
    if ((typeof args.text !== 'string' || args.text === '') && (!Array.isArray(blocks) || blocks.length === 0)) return { ok: false, error: 'no_text' };
    if (messageTextTooLong(args.text)) return { ok: false, error: 'msg_too_long' };
    if (Array.isArray(blocks)) {
      const problems = checkMessageBlocks(blocks);
      if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    }
    return null;
  }

  private postMessage(args: Json): Json {
    const channel = this.channelOf(args.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const refused = this.content(args);
    if (refused) return refused;
    const ts = this.timestamp();
    const message: PostedMessage = {
      channel, ts, text: String(args.text ?? ''), blocks: (args.blocks as unknown[] | undefined) ?? [],
      threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : null, edits: [],
    };
    this.messages.set(channel, [...this.messagesIn(channel), message]);
    return { ok: true, channel, ts, message: { type: 'message', text: message.text, blocks: message.blocks, user: this.bot.userId, bot_id: this.bot.botId, ts } };
  }

  private postEphemeral(args: Json): Json {
    const channel = this.channelOf(args.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (typeof args.user !== 'string' || !this.users.has(args.user)) return { ok: false, error: 'user_not_in_channel' };
    const refused = this.content(args);
    if (refused) return refused;
    const ts = this.timestamp();
    this.ephemerals.push({ channel, userId: args.user, ts, text: String(args.text ?? ''), blocks: (args.blocks as unknown[] | undefined) ?? [], edits: [] });
    return { ok: true, message_ts: ts };
  }

  /**
   * An answer through a response_url: JSON with `text` and `blocks`, and `response_type`
   * (`ephemeral`, the default, or `in_channel`), `replace_original` or `delete_original` for the
   * message a button was on. Answered `{ ok: true }`, or 404 once used up or expired.
   */
  private respond(req: IncomingMessage, res: ServerResponse, id: string, body: string): void {
    const hook = this.responses.get(id);
    let args: Json = {};
    let status = 200;
    let response: Json;
    try {
      args = parseBody(req, body);
      if (!hook) {
        status = 404;
        response = { ok: false, error: 'invalid_url' };
      } else if (Date.now() - hook.issuedAt > RESPONSE_LIFETIME_MS) {
        status = 404;
        response = { ok: false, error: 'expired_url' };
      } else if (hook.uses >= RESPONSE_USES) {
        status = 404;
        response = { ok: false, error: 'used_url' };
      } else {
        hook.uses += 1;
        response = this.respondTo(hook.target, args);
        if (response.ok !== true) status = 400;
      }
    } catch (e) {
      status = 400;
      response = { ok: false, error: 'invalid_payload', response_metadata: { messages: [(e as Error).message] } };
    }
    this.calls.push({ method: 'response_url', args: { ...args, response_url: id }, status, response });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(response));
  }

  private respondTo(target: ResponseTarget, args: Json): Json {
    const original = target.messageTs === undefined ? undefined
      : this.messagesIn(target.channel).find((m) => m.ts === target.messageTs) ?? this.ephemerals.find((m) => m.ts === target.messageTs);
    if (args.delete_original === true) {
      if (!original) return { ok: false, error: 'message_not_found' };
      this.messages.set(target.channel, this.messagesIn(target.channel).filter((m) => m !== original));
      return { ok: true };
    }
    const refused = this.content(args);
    if (refused) return refused;
    const text = String(args.text ?? '');
    const blocks = (args.blocks as unknown[] | undefined) ?? [];
    if (args.replace_original === true && original) {
      original.edits.push({ text: original.text, blocks: original.blocks });
      original.text = text;
      original.blocks = blocks;
      return { ok: true };
    }
    const ts = this.timestamp();
    if (args.response_type === 'in_channel') {
      this.messages.set(target.channel, [...this.messagesIn(target.channel), { channel: target.channel, ts, text, blocks, threadTs: null, edits: [] }]);
    } else {
      this.ephemerals.push({ channel: target.channel, userId: target.userId, ts, text, blocks, edits: [] });
    }
    return { ok: true };
  }

  private update(args: Json): Json {
    const channel = this.channelOf(args.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const message = this.messagesIn(channel).find((m) => m.ts === args.ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    const refused = this.content(args);
    if (refused) return refused;
    message.edits.push({ text: message.text, blocks: message.blocks });
    message.text = String(args.text ?? '');
    message.blocks = (args.blocks as unknown[] | undefined) ?? [];
    return { ok: true, channel, ts: message.ts, text: message.text, message: { text: message.text, blocks: message.blocks, user: this.bot.userId, bot_id: this.bot.botId } };
  }

  private open(args: Json): Json {
    const users = typeof args.users === 'string' ? args.users.split(',').map((u) => u.trim()).filter(Boolean) : [];
    if (typeof args.channel === 'string' && this.channels.has(args.channel)) return { ok: true, channel: { id: args.channel } };
    if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
    if (users.length > 1) return { ok: false, error: 'not_enough_users' };
    if (!this.users.has(users[0]!)) return { ok: false, error: 'user_not_found' };
    const id = this.dmOf(users[0]!);
    const already = this.channels.has(id);
    this.channels.add(id);
    return { ok: true, ...(already ? { already_open: true } : {}), channel: { id } };
  }

  private invalidView(view: unknown, expected: 'modal' | 'home'): Json | null {
    const problems = checkView(view, expected);
    return problems.length ? { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } } : null;
  }

  private stored(view: Json, rootId: string | null, userId: string | null): OpenView {
    const id = `V${String(++this.counter).padStart(8, '0')}`;
    return { id, hash: `${Date.now()}.${this.counter}`, userId, view, rootId: rootId ?? id };
  }

  private answer(open: OpenView): Json {
    return {
      ok: true,
      view: {
        ...open.view, id: open.id, hash: open.hash, team_id: this.team.id, app_id: this.bot.appId, bot_id: this.bot.botId,
        root_view_id: open.rootId, state: { values: {} }, private_metadata: open.view.private_metadata ?? '', callback_id: open.view.callback_id ?? '',
      },
    };
  }

  private viewsOpen(args: Json, push: boolean): Json {
    const trigger = typeof args.trigger_id === 'string' ? this.triggers.get(args.trigger_id) : undefined;
    if (!trigger) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['invalid `trigger_id`'] } };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (Date.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    const refused = this.invalidView(args.view, 'modal');
    if (refused) return refused;
    trigger.used = true;
    let rootId: string | null = null;
    if (push) {
      const top = [...this.views.values()].filter((v) => v.userId === trigger.userId).at(-1);
      if (!top) return { ok: false, error: 'not_found' };
      rootId = top.rootId;
      if ([...this.views.values()].filter((v) => v.rootId === rootId).length >= MAX_STACK) return { ok: false, error: 'push_limit_reached' };
    }
    const open = this.stored(args.view as Json, rootId, trigger.userId);
    this.views.set(open.id, open);
    return this.answer(open);
  }

  private viewsUpdate(args: Json): Json {
    const open = typeof args.view_id === 'string'
      ? this.views.get(args.view_id)
      : [...this.views.values()].find((v) => typeof args.external_id === 'string' && v.view.external_id === args.external_id);
    if (!open) return { ok: false, error: 'not_found' };
    if (args.hash !== undefined && args.hash !== open.hash) return { ok: false, error: 'hash_conflict' };
    const refused = this.invalidView(args.view, 'modal');
    if (refused) return refused;
    open.view = args.view as Json;
    open.hash = `${Date.now()}.${++this.counter}`;
    return this.answer(open);
  }

  private viewsPublish(args: Json): Json {
    const userId = String(args.user_id ?? '');
    if (!this.users.has(userId)) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['invalid `user_id`'] } };
    const current = this.homes.get(userId);
    if (current && args.hash !== undefined && args.hash !== current.hash) return { ok: false, error: 'hash_conflict' };
    const refused = this.invalidView(args.view, 'home');
    if (refused) return refused;
    const home = current ? { ...current, view: args.view as Json, hash: `${Date.now()}.${++this.counter}` } : this.stored(args.view as Json, null, userId);
    this.homes.set(userId, home);
    return this.answer(home);
  }

  private timestamp(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
  }
}

/**
 * A Web API body: form-encoded (each complex argument JSON-encoded, as @slack/web-api sends it)
 * or JSON. `blocks`, `view` and `attachments` given as JSON text are decoded.
 */
function parseBody(req: IncomingMessage, body: string): Json {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  let args: Json;
  if (type === 'application/json') {
    try {
      args = body ? (JSON.parse(body) as Json) : {};
    } catch {
      throw new BadArgument('the JSON body could not be parsed');
    }
  } else {
    args = Object.fromEntries(new URLSearchParams(body));
  }
  for (const key of ['blocks', 'view', 'attachments']) {
    if (typeof args[key] !== 'string') continue;
    try {
      args[key] = JSON.parse(args[key] as string);
    } catch {
      if (key === 'blocks') args[key] = { unparsed: args[key] };
      else throw new BadArgument(`\`${key}\` is not valid JSON`);
    }
  }
  return args;
}
