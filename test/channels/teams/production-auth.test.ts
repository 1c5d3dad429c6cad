import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../../src/log.js';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates } from '../../../src/cards/index.js';
import { createTeamsDoor } from '../../../src/channels/teams/index.js';
import { createOutbox } from '../../../src/outbox/index.js';
import { createReviewService, decisionCalendar } from '../../../src/review/index.js';
import { loadRubrics } from '../../../src/rubric/load.js';
import { MemoryStore } from '../../../src/store/index.js';
import { seedDemo } from '../../../src/trust/index.js';
import { createWebLinks, sharedRoutes, startWebServer, type WebServer } from '../../../src/web/index.js';
import { Connector, PEOPLE } from './harness.js';

/** With Teams credentials, only requests carrying a valid Bot Framework token reach the bot. */
describe('production mode', () => {
  let server: WebServer;
  let store: MemoryStore;
  let connector: Connector;

  beforeAll(async () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const rubrics = loadRubrics();
    store = new MemoryStore();
    await seedDemo(store, rubrics, now);
    connector = new Connector();
    await connector.start();
    const secret = { kind: 'secret' as const, secret: 'not-a-real-secret' };
    const links = createWebLinks(secret, () => 'https://termly.example.org');
    const door = createTeamsDoor({
      links,
      credentials: { clientId: '11111111-1111-1111-1111-111111111111', clientSecret: 'not-a-real-secret', tenantId: '22222222-2222-2222-2222-222222222222' },
      appId: '11111111-1111-1111-1111-111111111111', store, renderer: createCardRenderer(loadCardTemplates()), now: () => now,
      log: silentLog(),
    });
    const calendar = loadCalendar();
    const outbound = createOutbox({ store, calendar, deliverers: [door.deliverer] });
    const ctx = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => now, outbound };
    server = await startWebServer({
      host: '127.0.0.1', port: 0, log: silentLog(),
      routes: [...sharedRoutes({ links, calendarFile: (id) => decisionCalendar(ctx, id), log: silentLog() }), ...door.init(createReviewService(ctx))],
    });
    await door.start();
  });
  afterAll(async () => {
    await server.close();
    await connector.stop();
  });

  const message = () => ({
    type: 'message', id: 'm1', text: '/review open', channelId: 'msteams', serviceUrl: connector.url,
    from: { id: PEOPLE.ceo.id, name: PEOPLE.ceo.name, aadObjectId: PEOPLE.ceo.aadObjectId },
    recipient: { id: '28:termly-bot', name: 'Termly' },
    conversation: { id: 'personal-ceo', conversationType: 'personal' },
  });

  it.each([
    ['no token', {}],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-token' }],
  ])('refuses a request with %s, and nothing happens', async (_what, headers) => {
    const audit = (await store.listAudit()).length;
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(message()) });
    expect(res.status).toBe(401);
    expect(connector.posted).toEqual([]);
    expect((await store.listAudit()).length).toBe(audit);
    expect((await store.listWindows()).some((w) => w.state === 'open')).toBe(false);
  });
});
