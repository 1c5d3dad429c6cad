/**
 * The bot's HTTP server, on Node's own http module so it can bind to one address (loopback in
 * local mode). POST /api/messages goes to the Agents SDK's request handler (JWT check, then the
 * CloudAdapter); GET /calendar/... serves decision calendar files; GET /about is the page the
 * Teams app links to; GET /healthz says whether it is well (the store, the scheduler).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, WebResponse } from '@microsoft/agents-hosting';
import type { AgentRequestHandler } from '@microsoft/agents-hosting-express';
import type { Logger } from './app.js';
import type { CalendarFile } from '../../review/index.js';
import { checkActivity } from './activity-check.js';
import { CALENDAR_PATH, type CalendarLinks } from './calendar-files.js';
import { FILES_PATH, type FileLinks } from './file-links.js';
import type { OfferedFile } from '../../review/index.js';

/** A file made for a link: its name, type and bytes. */
export interface ServedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export const MESSAGES_PATH = '/api/messages';
/** The page the Teams app's About links point to (website, privacy, terms). */
const ABOUT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Termly</title></head><body>
<h1>Termly</h1>
<p>Termly runs a multi-academy trust's termly school reviews in Microsoft Teams: heads answer their school's review in chat, the trust's framework proposes a category, and leadership decides.</p>
<h2 id="privacy">Privacy</h2>
<p>Termly is run by the trust itself. What people answer, the decisions made and the Teams addresses needed to message people are kept in the trust's own store on the server that runs Termly, and are sent nowhere else. Messages travel through Microsoft Teams under the trust's Microsoft 365 agreement.</p>
<h2 id="terms">Terms of use</h2>
<p>Termly is for the trust's staff, for the trust's school reviews. Ask the trust's central team about access and about the data kept.</p>
</body></html>
`;

/** Bot Framework activities are small; a card action with every input is a few kilobytes. */
const MAX_BODY = 1024 * 1024;

export interface TeamsServerOptions {
  host: string;
  port: number;
  handler: AgentRequestHandler;
  calendarLinks: CalendarLinks;
  /** The calendar file of a stored decision, or null when there is none. */
  calendarFile: (decisionId: string) => Promise<CalendarFile | null>;
  fileLinks: FileLinks;
  /** The file a signed link names (heat map, board report), made afresh; null when there is nothing to make. */
  offeredFile: (kind: OfferedFile['kind'], subject: string) => Promise<ServedFile | null>;
  log: Logger;
  /** What GET /healthz answers: 503 when not ok. Nothing private belongs in the report. */
  health?: () => HealthAnswer;
}

export interface HealthAnswer {
  ok: boolean;
  report: Record<string, unknown>;
}

export interface TeamsServer {
  /** http://host:port of the server as bound (the port is real even when 0 was asked for). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The SDK's response interface over Node's ServerResponse. */
class NodeWebResponse implements WebResponse {
  constructor(private readonly res: ServerResponse) {}
  get headersSent(): boolean {
    return this.res.headersSent;
  }
  get writableEnded(): boolean {
    return this.res.writableEnded;
  }
  status(code: number): this {
    this.res.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string): this {
    this.res.setHeader(name, value);
    return this;
  }
  send(body?: unknown): this {
    if (body === undefined || this.res.writableEnded) return this;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      this.res.write(body);
    } else {
      if (!this.res.headersSent && !this.res.hasHeader('content-type')) this.res.setHeader('content-type', 'application/json; charset=utf-8');
      this.res.write(JSON.stringify(body));
    }
    return this;
  }
  end(): this {
    if (!this.res.writableEnded) this.res.end();
    return this;
  }
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      reject(new HttpError(415, `expected a JSON activity (content-type application/json), got ${JSON.stringify(type)}`));
      req.resume();
      return;
    }
    const tooLarge = new HttpError(413, `the activity is larger than ${MAX_BODY} bytes`);
    // A declared size over the limit is answered at once; the rest of the body is read and
    // dropped so the answer reaches the sender instead of a reset connection.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      reject(tooLarge);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY) {
        reject(tooLarge);
        return;
      }
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON object');
        resolve(body as Record<string, unknown>);
      } catch (e) {
        reject(new HttpError(400, `the body is not a JSON activity: ${(e as Error).message}`));
      }
    });
  });
}

/** One answer for every link that leads nowhere, so a refused link says nothing about the decision it names. */
const NO_CALENDAR = 'There is no calendar file at this link. Open the decision\'s card in Teams and follow its calendar link from there.';

const NO_FILE = 'There is no file at this link. Ask the bot again (/status, /report) for a fresh link.';

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

export function startTeamsServer(options: TeamsServerOptions): Promise<TeamsServer> {
  const { handler, calendarLinks, calendarFile, fileLinks, offeredFile, log } = options;

  const onMessages = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return plain(res, 405, 'Only POST is accepted here.', { allow: 'POST' });
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 400;
      return plain(res, status, (e as Error).message);
    }
    const checked = checkActivity(body);
    if (!checked.ok) return plain(res, 400, `Not a usable activity: ${checked.problem}.`);
    const request: Request = { body, headers: req.headers, method: req.method };
    const response = new NodeWebResponse(res);
    const requestLog = log.child({ activityId: typeof body.id === 'string' ? body.id : null, activityType: body.type });
    const started = performance.now();
    try {
      await handler(request, response);
    } catch (e) {
      requestLog.error({ err: e }, `${MESSAGES_PATH}: the activity could not be processed`);
      if (!res.headersSent) return plain(res, 500, 'The activity could not be processed.');
    }
    response.end();
    requestLog.debug({ status: res.statusCode, ms: Math.round(performance.now() - started) }, `${MESSAGES_PATH}: answered`);
  };

  const onCalendar = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const decisionId = calendarLinks.decisionOf(path);
    let file: CalendarFile | null = null;
    try {
      file = decisionId === null ? null : await calendarFile(decisionId);
    } catch (e) {
      log.error({ err: e }, `${path}: the calendar file could not be made`);
      return plain(res, 500, 'The calendar file could not be made just now. Try again later.');
    }
    if (!file) return plain(res, 404, NO_CALENDAR);
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.content);
  };

  const onFile = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const named = fileLinks.fileOf(path);
    let file: ServedFile | null = null;
    try {
      file = named ? await offeredFile(named.kind, named.subject) : null;
    } catch (e) {
      log.error({ err: e }, `${path}: the file could not be made`);
      return plain(res, 500, 'The file could not be made just now. Try again later.');
    }
    if (!file) return plain(res, 404, NO_FILE);
    const inline = file.contentType.startsWith('image/') || file.contentType.startsWith('text/html');
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.content.length),
      // Pictures show in the card and reports open in the browser; anything else downloads.
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.content);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === MESSAGES_PATH) {
      void onMessages(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Not allowed.', { allow: 'GET' });
    if (path === '/healthz') {
      const health = options.health?.() ?? { ok: true, report: { status: 'ok' } };
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(health.report)}\n`);
      return;
    }
    if (path === '/about') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : ABOUT);
      return;
    }
    if (path.startsWith(CALENDAR_PATH)) {
      void onCalendar(req, res, path);
      return;
    }
    if (path.startsWith(FILES_PATH)) {
      void onFile(req, res, path);
      return;
    }
    plain(res, 404, 'Not found.');
  });

  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE'
        ? new Error(`port ${options.port} on ${options.host} is already in use (is Termly already running?)`)
        : e);
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      server.on('error', (e) => log.error({ err: e }, 'HTTP server error'));
      const port = (server.address() as AddressInfo).port;
      const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
