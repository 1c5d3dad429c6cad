/** A Bot Connector stand-in without limits, for latency benchmarks: accepts every reply at once. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class Connector {
  received = 0;
  url = '';
  #server: Server | null = null;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.received++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(`{"id":"reply-${this.received}"}`);
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    return new Promise((done) => {
      this.#server?.close(() => done());
      this.#server?.closeAllConnections();
    });
  }
}
