/**
 * The bot's one HTTP server, on Node's own http module so it can bind to one address (loopback
 * in local mode). It owns no route of its own: the shared routes (routes.ts) and each door's
 * (Teams' /api/messages; Slack's /slack/events) are mounted on it as Node request listeners,
 * which is also what Bolt's receivers offer (HTTPReceiver's `requestListener`, and the Express
 * app behind ExpressReceiver), so any of them can be mounted as it is.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../log.js';

export interface WebRoute {
  /** The path answered: exactly this one, or, when it ends with "/", every path under it. */
  path: string;
  /**
   * Answers the request, as it came: its url is left whole, so a listener that routes by path
   * itself (Bolt's receivers do) sees the path it was set up with.
   */
  listener: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export interface WebServerOptions {
  host: string;
  port: number;
  routes: readonly WebRoute[];
  log: Log;
}

export interface WebServer {
  /** http://host:port of the server as bound (the port is real even when 0 was asked for). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A short plain-text answer; when the headers have gone already, the response is only ended. */
export function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

/** The route for a path: an exact one first, else the longest prefix. */
function routeFor(routes: readonly WebRoute[], path: string): WebRoute | undefined {
  return routes.find((r) => r.path === path)
    ?? routes.filter((r) => r.path.endsWith('/') && path.startsWith(r.path)).sort((a, b) => b.path.length - a.path.length)[0];
}

export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { routes, log } = options;
  const paths = routes.map((r) => r.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice) throw new Error(`two routes are mounted on ${twice}`);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routeFor(routes, path);
    if (!route) return plain(res, 404, 'Not found.');
    Promise.resolve()
      .then(() => route.listener(req, res))
      .catch((e: unknown) => {
        log.error({ err: e }, `${path}: the request could not be answered`);
        plain(res, 500, 'The request could not be answered.');
      });
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
