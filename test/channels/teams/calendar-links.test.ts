/**
 * The decision card's calendar link, followed through the bot's real HTTP server: it keeps
 * working after a restart (same store, same key), and a link the bot did not make leads nowhere
 * and tells nothing.
 */
import { silentLog } from '../../../src/log.js';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates, type CardJson } from '../../../src/cards/index.js';
import { createTeamsDoor } from '../../../src/channels/teams/index.js';
import type { Evaluation } from '../../../src/evaluator/types.js';
import { decisionView } from '../../../src/review/decide.js';
import { createOutbox } from '../../../src/outbox/index.js';
import { createReviewService, decisionCalendar } from '../../../src/review/index.js';
import { loadRubrics } from '../../../src/rubric/load.js';
import { FileStore, MemoryStore } from '../../../src/store/index.js';
import { seedDemo } from '../../../src/trust/index.js';
import {
  CalendarLinks, createWebLinks, LinkKeyError, linkKeyFile, linkKeyFromFile, sharedRoutes, startWebServer, type LinkKeySource, type WebServer,
} from '../../../src/web/index.js';
import { actionsOf, cardOf, fillIn, PEOPLE, startHarness, textsOf, type CardAction, type Harness } from './harness.js';

const LEADERSHIP = '19:leadership@thread.tacv2';

function action(card: CardJson, title: RegExp): CardAction {
  const found = actionsOf(card).find((a) => title.test(a.title));
  if (!found) throw new Error(`no ${title} button on the card; it has ${actionsOf(card).map((a) => `"${a.title}"`).join(', ')}`);
  return found;
}

function calendarLink(card: CardJson): string {
  const line = textsOf(card).find((t) => t.startsWith('[Add the schedule to your calendar'));
  if (!line) throw new Error(`no calendar link on the card: ${textsOf(card).join(' | ')}`);
  return /\]\((http[^)]+)\)$/.exec(line)![1]!;
}

/** Safeguarding judged "Intervention required": the first, limiting, rule proposes STABILISE. */
const worstSafeguarding = { rating: (input: { id: string; choices?: { value: string }[] }) => (input.id === 'rating.safeguarding' ? 'intervention_required' : input.choices![0]!.value) };

/** The head of Reach Academy answers this term's review and the CEO confirms it: the decision card leadership gets. */
async function decideReach(h: Harness): Promise<CardJson> {
  await h.install(PEOPLE.headReach);
  await h.install(PEOPLE.ceo);
  await h.installInTeam(PEOPLE.ceo, LEADERSHIP);
  const opened = await h.say(PEOPLE.ceo, '/review open');
  const invitation = cardOf(opened.find((p) => p.conversationId === h.personalChat(PEOPLE.headReach))!.activity);
  let card = (await h.press(PEOPLE.headReach, 'review.start', action(invitation, /^Start$/).data)).card!;
  for (let next = actionsOf(card).find((a) => a.title === 'Next' || a.title === 'Go to summary'); next; next = actionsOf(card).find((a) => a.title === 'Next' || a.title === 'Go to summary')) {
    card = (await h.press(PEOPLE.headReach, next.verb, { ...next.data, ...fillIn(card, worstSafeguarding) })).card!;
  }
  const submitted = await h.press(PEOPLE.headReach, 'review.submit', action(card, /^Submit$/).data);
  const proposal = cardOf(submitted.posted.find((p) => p.conversationId === LEADERSHIP)!.activity);
  const confirm = action(proposal, /^Confirm /);
  const decided = await h.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP });
  return decided.card!;
}

/** Swaps one character of a link's signature for another. */
function withBadSignature(link: string): string {
  const url = new URL(link);
  const parts = url.pathname.split('/');
  const signature = parts[3]!;
  parts[3] = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  url.pathname = parts.join('/');
  return url.toString();
}

describe('calendar links in local mode (a key file beside the store)', () => {
  let dir: string;
  let storeFile: string;
  let keyFile: string;
  let h: Harness | null = null;
  let link: string;
  let original: { filename: string | null; content: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'termly-links-'));
    storeFile = join(dir, 'termly.db.json');
    keyFile = linkKeyFile(storeFile);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keySource = (): LinkKeySource => ({ kind: 'file', file: keyFile });

  it('the decision card links to its calendar file', async () => {
    h = await startHarness({ store: await FileStore.open(storeFile), linkKey: keySource() });
    const decision = await decideReach(h);
    expect(textsOf(decision)[0]).toBe('Reach Academy: IMPROVE → STABILISE');
    link = calendarLink(decision);
    expect(link.startsWith(`${h.server.url}/calendar/`)).toBe(true);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    original = { filename: res.headers.get('content-disposition'), content: await res.text() };
    expect(original.filename).toBe('attachment; filename="reach-academy-2026-27-spring-support.ics"');
    expect(original.content).toMatch(/^BEGIN:VCALENDAR/);
    expect(original.content).toContain('BEGIN:VEVENT');
    // The key is the owner's alone.
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('the same link downloads the same file after the bot stops and starts again on the same store', async () => {
    const port = h!.server.port;
    const key = readFileSync(keyFile, 'utf8');
    await h!.close();
    h = null;
    await expect(fetch(link)).rejects.toThrow();

    h = await startHarness({ store: await FileStore.open(storeFile), linkKey: keySource(), port });
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(original.filename);
    expect(await res.text()).toBe(original.content);
    // The key file was made once and read again, not replaced.
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
  });

  it('a wrong signature, another decision\'s id, an unknown decision or an old-style link: 404, the same words, no calendar', async () => {
    const url = new URL(link);
    const [, , id, signature, filename] = url.pathname.split('/');
    const [earlier] = await h!.store.listDecisions({ schoolId: 'reach-academy', windowId: '2025-26-summer' });
    // Signed with the right key, but no such decision.
    const unknown = new CalendarLinks(linkKeyFromFile(keyFile), () => h!.server.url).link(`${decodeURIComponent(id!)}-x`, decodeURIComponent(filename!));
    const refused = [
      withBadSignature(link),
      `${h!.server.url}/calendar/${encodeURIComponent(earlier!.id)}/${signature}/${filename}`,
      unknown,
      `${h!.server.url}/calendar/${id}/${filename}`,
      `${h!.server.url}/calendar/${id}//${filename}`,
      `${h!.server.url}/calendar/%E0%A4%A/${signature}/${filename}`,
    ];
    const answers = await Promise.all(refused.map(async (l) => {
      const res = await fetch(l);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    }));
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.type).toBe('text/plain; charset=utf-8');
      expect(answer.body).toBe(answers[0]!.body);
      expect(answer.body).not.toMatch(/VCALENDAR|Reach|STABILISE/i);
    }
    expect(answers[0]!.body).toMatch(/^There is no calendar file at this link\./);
    // The real link still works beside them.
    expect((await fetch(link)).status).toBe(200);
  });
});

describe('the local key file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'termly-link-key-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is made on first use, owner-only, and the same key is read from it afterwards', () => {
    const file = linkKeyFile(join(dir, 'a.db.json'));
    const first = linkKeyFromFile(file);
    expect(first.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file, 'utf8');
    expect(linkKeyFromFile(file).equals(first)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(written);
    // Another store's key is its own.
    expect(linkKeyFromFile(linkKeyFile(join(dir, 'b.db.json'))).equals(first)).toBe(false);
  });

  it('a file that holds no key is refused, named, and left as it is', () => {
    const file = join(dir, 'damaged.link-key');
    writeFileSync(file, 'not a key\n');
    expect(() => linkKeyFromFile(file)).toThrow(LinkKeyError);
    expect(() => linkKeyFromFile(file)).toThrow(`the calendar link key file ${file} does not hold a key`);
    expect(readFileSync(file, 'utf8')).toBe('not a key\n');
  });
});

describe('calendar links in production mode (a key from the client secret)', () => {
  const now = new Date('2026-11-30T10:00:00Z');
  const rubrics = loadRubrics();
  const store = new MemoryStore();
  const servers: WebServer[] = [];

  /** A production bot as `npm start` builds one: its links signed with a key from its client secret. */
  async function productionDoor(secret: string) {
    let ownUrl = 'http://127.0.0.1';
    const links = createWebLinks({ kind: 'secret', secret }, () => ownUrl);
    const door = createTeamsDoor({
      credentials: { clientId: '11111111-1111-1111-1111-111111111111', clientSecret: secret, tenantId: '22222222-2222-2222-2222-222222222222' },
      appId: '11111111-1111-1111-1111-111111111111', links, store, renderer: createCardRenderer(loadCardTemplates()), now: () => now,
      log: silentLog(),
    });
    const calendar = loadCalendar();
    const outbound = createOutbox({ store, calendar, deliverers: [door.deliverer] });
    const ctx = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => now, outbound };
    const server = await startWebServer({
      host: '127.0.0.1', port: 0, log: silentLog(),
      routes: [...sharedRoutes({ links, calendarFile: (id) => decisionCalendar(ctx, id), log: silentLog() }), ...door.init(createReviewService(ctx))],
    });
    ownUrl = server.url;
    await door.start();
    servers.push(server);
    return { door, server, ctx };
  }

  beforeAll(async () => {
    await seedDemo(store, rubrics, now);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('two bots with the same secret accept each other\'s links; a bot with another secret does not', async () => {
    const a = await productionDoor('the-client-secret');
    const b = await productionDoor('the-client-secret');
    const c = await productionDoor('a-rotated-client-secret');

    // A decision card for the demo's last decision on Reach Academy, as bot A renders it.
    const trust = (await store.getTrust())!;
    const decision = (await store.listDecisions({ schoolId: 'reach-academy' })).at(-1)!;
    const evaluation = (await store.latestEvaluation(decision.schoolId, decision.windowId))!.evaluation as unknown as Evaluation;
    const window = (await store.listWindows()).find((w) => w.id === decision.windowId)!;
    const view = await decisionView(a.ctx, trust, rubrics.get(trust.rubricId)!, trust.schools.find((s) => s.id === 'reach-academy')!, window, decision, evaluation);
    const link = calendarLink(a.door.cards.card(view));
    const path = new URL(link).pathname;
    expect(path).toBe(`/calendar/${encodeURIComponent(decision.id)}/${path.split('/')[3]}/${view.ics.filename}`);

    const fromA = await fetch(link);
    expect(fromA.status).toBe(200);
    const content = await fromA.text();
    expect(content).toBe(view.ics.content);

    const fromB = await fetch(`${b.server.url}${path}`);
    expect(fromB.status).toBe(200);
    expect(await fromB.text()).toBe(content);
    // B's own link for the same decision is A's.
    expect(new URL(calendarLink(b.door.cards.card(view))).pathname).toBe(path);

    const fromC = await fetch(`${c.server.url}${path}`);
    expect(fromC.status).toBe(404);
    expect(await fromC.text()).not.toContain('VCALENDAR');
  });
});
