/**
 * Teams' route on the bot's web server (src/web): POST /api/messages goes to the Agents SDK's
 * request handler (JWT check, then the CloudAdapter), once the body is read, within its size
 * limit, and checked to be an activity the door can use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, WebResponse } from '@microsoft/agents-hosting';
import type { AgentRequestHandler } from '@microsoft/agents-hosting-express';
import { plain, type WebRoute } from '../../web/index.js';
import type { Logger } from './app.js';
import { checkActivity } from './activity-check.js';

export const MESSAGES_PATH = '/api/messages';

/** Bot Framework activities are small; a card action with every input is a few kilobytes. */
const MAX_BODY = 1024 * 1024;

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

export interface MessagesRouteOptions {
  handler: AgentRequestHandler;
  log: Logger;
}

export function messagesRoute(options: MessagesRouteOptions): WebRoute {
  const { handler, log } = options;

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

  return { path: MESSAGES_PATH, listener: onMessages };
}
