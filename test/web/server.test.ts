/**
 * The one web server the doors share: each route answers its own paths, the shared routes
 * answer whichever door is on, and a door's request listener, Bolt's own receiver included,
 * is mounted as it is.
 */
import { createHmac } from 'node:crypto';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebLinks, sharedRoutes, startWebServer, type WebServer } from '../../src/web/index.js';
import { captureLog } from '../log-capture.js';

const SIGNING_SECRET = 'a-signing-secret-for-this-test';
const captured = captureLog();
let server: WebServer;

/** A request as Slack signs it: v0=HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing secret. */
function slackHeaders(body: string, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', SIGNING_SECRET).update(`v0:${at}:${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-slack-request-timestamp': String(at), 'x-slack-signature': `v0=${signature}` };
}

beforeAll(async () => {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  // The App wires itself to the receiver; no request reaches Slack's Web API in this test.
  new App({ receiver, token: 'xoxb-test', tokenVerificationEnabled: false, logLevel: LogLevel.ERROR });
  server = await startWebServer({
    host: '127.0.0.1', port: 0, log: captured.log,
    routes: [
      ...sharedRoutes({ links: createWebLinks(null, () => 'http://127.0.0.1'), calendarFile: async () => null, log: captured.log }),
      { path: '/slack/events', listener: receiver.requestListener },
      { path: '/broken', listener: async () => { throw new Error('broken on purpose'); } },
    ],
  });
});
afterAll(async () => {
  await server?.close();
});

describe('the web server the doors share', () => {
  it('answers the shared routes, and nothing it was not given', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/about`)).text()).toContain('<h2 id="privacy">Privacy</h2>');
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
    const nowhere = await fetch(`${server.url}/calendar/d1/${'A'.repeat(43)}/x.ics`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.text()).toMatch(/^There is no calendar file at this link\./);
    expect((await fetch(`${server.url}/api/messages`, { method: 'POST' })).status).toBe(404);
  });

  it('hands a mounted Bolt receiver its requests as they came: a signed one is answered, an unsigned one refused', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'the-challenge', token: 'unused' });
    const signed = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: slackHeaders(body), body });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ challenge: 'the-challenge' });

    const unsigned = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    const stale = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: slackHeaders(body, Math.floor(Date.now() / 1000) - 3600), body });
    expect(stale.status).toBe(401);
  });

  it('answers 500 when a route fails, and logs why', async () => {
    const res = await fetch(`${server.url}/broken`);
    expect(res.status).toBe(500);
    expect(captured.takeErrors().map((e) => (e as { msg?: string }).msg)).toEqual(['/broken: the request could not be answered']);
  });

  it('refuses two routes on one path before listening', () => {
    expect(() => startWebServer({ host: '127.0.0.1', port: 0, log: captured.log, routes: [{ path: '/x', listener: () => undefined }, { path: '/x', listener: () => undefined }] }))
      .toThrow('two routes are mounted on /x');
  });
});
