/**
 * A stand-in for the Bot Connector service on loopback, for benchmarks: the REST route a bot
 * posts a proactive message to, POST /v3/conversations/{conversationId}/activities, with the
 * limits Microsoft documents for Teams bots enforced as Teams does: 50 requests a second per
 * app, and per conversation 7 a second, 8 in 2 seconds, 60 in 30 seconds, 1800 an hour.
 * Beyond them it answers 429 Too Many Requests with a Retry-After (whole seconds).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEAMS_LIMITS, type RateWindow } from '../src/outbox/limits.js';

export interface Received {
  id: string;
  conversationId: string;
  at: number;
  type: string;
  /** The activity as posted, for checking what arrived where. */
  body: string;
}

export interface FakeConnector {
  url: string;
  /** Accepted activities, in order of arrival. */
  received: Received[];
  /** Requests refused with 429. */
  throttled: number;
  /** Requests to any other route, or not a message. */
  rejected: number;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** Sliding windows as the service keeps them: an accepted request counts; a refused one does not. */
class Windows {
  readonly #log = new Map<string, number[]>();
  constructor(private readonly windows: readonly RateWindow[]) {}

  /** Milliseconds until a request under `key` would be accepted (0: now). */
  wait(key: string, now: number): number {
    const log = this.#log.get(key) ?? [];
    let wait = 0;
    for (const { limit, periodMs } of this.windows) {
      const inWindow = log.filter((t) => t > now - periodMs);
      if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + periodMs - now);
    }
    return wait;
  }

  count(key: string, now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.periodMs));
    this.#log.set(key, [...(this.#log.get(key) ?? []).filter((t) => t > now - longest), now]);
  }
}

export async function startFakeConnector(limits = TEAMS_LIMITS): Promise<FakeConnector> {
  const app = new Windows(limits.perApp);
  const conversations = new Windows(limits.perConversation);
  const state: Omit<FakeConnector, 'url' | 'close'> = { received: [], throttled: 0, rejected: 0 };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = ROUTE.exec(new URL(req.url ?? '/', 'http://connector').pathname);
      if (req.method !== 'POST' || !match) {
        state.rejected++;
        return answer(res, 404, { error: { code: 'NotFound', message: `no route for ${req.method} ${req.url}` } });
      }
      const body = Buffer.concat(chunks).toString('utf8');
      let activity: { type?: string };
      try {
        activity = JSON.parse(body) as typeof activity;
      } catch {
        state.rejected++;
        return answer(res, 400, { error: { code: 'BadArgument', message: 'the body is not JSON' } });
      }
      if (activity.type !== 'message') {
        state.rejected++;
        return answer(res, 400, { error: { code: 'BadArgument', message: `expected a message activity, found ${String(activity.type)}` } });
      }
      const conversationId = decodeURIComponent(match[1]!);
      const now = Date.now();
      const wait = Math.max(app.wait('app', now), conversations.wait(conversationId, now));
      if (wait > 0) {
        state.throttled++;
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(wait / 1000))));
        return answer(res, 429, { error: { code: 'TooManyRequests', message: 'Too many requests' } });
      }
      app.count('app', now);
      conversations.count(conversationId, now);
      const id = randomUUID();
      state.received.push({ id, conversationId, at: now, type: activity.type, body });
      return answer(res, 201, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
