/**
 * The Slack door in this process, driven as Slack drives it (workspace.ts): signed requests to
 * the real Bolt receiver on the bot's web server, the Web API and response_urls served by the
 * fake on loopback (fake-slack-api.ts), given to the door as SLACK_API_URL. The demo trust is
 * seeded once per test file, as `npm start` seeds it (this term's window open), and copied for
 * each harness.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { loadCalendar, DEFAULT_REVIEW_TIMING } from '../../../src/calendar/index.js';
import { createSlackDoor, type SlackDoor } from '../../../src/channels/slack/index.js';
import type { SlackDoorConfig } from '../../../src/config.js';
import { createOutbox, type Outbox } from '../../../src/outbox/index.js';
import { createReviewService, decisionCalendar } from '../../../src/review/index.js';
import { loadRubrics } from '../../../src/rubric/load.js';
import { MemoryStore, type Store } from '../../../src/store/index.js';
import type { StoreData } from '../../../src/store/records.js';
import { seedDemo, seedDemoCentralLines } from '../../../src/trust/index.js';
import { openDemoWindow } from '../../../src/trust/demo-window.js';
import { createWebLinks, sharedRoutes, startWebServer, type WebServer } from '../../../src/web/index.js';
import { captureLog, type CapturedLog } from '../../log-capture.js';
import { startHarness as startTeamsHarness, type Harness as TeamsHarness } from '../teams/harness.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { CHANNELS, SIGNING_SECRET, SLACK, SlackWorkspace } from './workspace.js';

export { answersFor, CHANNELS, inputsOf, signed, SIGNING_SECRET, SLACK, textsOf, type Answer, type Input } from './workspace.js';
export const NOW = new Date('2026-11-30T10:00:00Z');

const rubrics = loadRubrics();
const calendar = loadCalendar();
let seeded: Promise<StoreData> | null = null;

/** The demo trust as `npm start` seeds it, once per file; each harness runs on a copy. */
export function seededStore(): Promise<Store> {
  seeded ??= (async () => {
    const store = new MemoryStore();
    await seedDemo(store, rubrics, NOW);
    const ctx = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound: { send: async () => ({ status: 'sent' as const }) } };
    await seedDemoCentralLines(ctx);
    // As local mode starts: this term's window open, nobody messaged yet.
    await openDemoWindow(ctx);
    return store.document();
  })();
  return seeded.then((data) => new MemoryStore(data));
}

export interface SlackHarness extends SlackWorkspace {
  store: Store;
  door: SlackDoor;
  outbox: Outbox;
  server: WebServer;
  /** The Teams harness sharing the store, the outbox and the server, when Teams is on too. */
  teams: TeamsHarness | null;
  captured: CapturedLog;
  /** Waits until the door has answered every request under way. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface SlackHarnessOptions {
  /** Teams on too, in the same process: the Teams harness's door, store, outbox and server. */
  teams?: boolean;
  /** Slack reaches the bot in Socket Mode (the fake's WebSocket), not over HTTP. */
  socketMode?: boolean;
  /** The door's wait for a modal's answer before it acknowledges with "Saving…". */
  ackBudgetMs?: number;
}

/**
 * A harness made afresh for each test of the file (handed to `use`) and closed after it, which
 * fails the test if anything was logged as an error. What it returns starts the test again on a
 * harness with other options.
 */
export function harnessPerTest(use: (harness: SlackHarness) => void, options: SlackHarnessOptions = {}): (other: SlackHarnessOptions) => Promise<void> {
  let current: SlackHarness | undefined;
  const start = async (chosen: SlackHarnessOptions) => {
    current = await startSlackHarness(chosen);
    use(current);
  };
  beforeEach(() => start(options));
  afterEach(async () => {
    const errors = current!.captured.takeErrors();
    await current!.close();
    expect(errors).toEqual([]);
  });
  return async (other) => {
    await current!.close();
    await start(other);
  };
}

export async function startSlackHarness(options: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const store = await seededStore();
  const trust = (await store.getTrust())!;
  const fake = await new FakeSlackApi({
    users: [...trust.people.flatMap((p) => (p.slack ? [{ id: p.slack.userId, name: p.name }] : [])), { id: SLACK.stranger, name: 'Visitor' }],
    channels: Object.values(CHANNELS),
  }).start();
  const config: SlackDoorConfig = { botToken: fake.token, signingSecret: SIGNING_SECRET, receiver: options.socketMode ? { kind: 'socket', appToken: fake.appToken } : { kind: 'http' }, apiUrl: fake.apiUrl };
  const clock = () => new Date(NOW);
  const budget = options.ackBudgetMs === undefined ? {} : { ackBudgetMs: options.ackBudgetMs };

  let door!: SlackDoor;
  let outbox: Outbox;
  let server: WebServer;
  let teams: TeamsHarness | null = null;
  let captured: CapturedLog;
  if (options.teams) {
    teams = await startTeamsHarness({
      store, now: NOW,
      otherDoors: (parts) => [door = createSlackDoor({ config, ...parts, ...budget })],
    });
    ({ outbox, server } = teams);
    captured = { log: null as never, lines: [], takeErrors: () => teams!.logged() as never };
  } else {
    captured = captureLog();
    let ownUrl = 'http://127.0.0.1';
    const links = createWebLinks(null, () => ownUrl);
    door = createSlackDoor({ config, links, store, now: clock, log: captured.log, ...budget });
    outbox = createOutbox({ store, calendar, deliverers: [door.deliverer], timing: 'at-once', log: captured.log });
    outbox.start();
    const ctx = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: clock, outbound: outbox };
    const service = createReviewService(ctx);
    server = await startWebServer({
      host: '127.0.0.1', port: 0, log: captured.log,
      routes: [...sharedRoutes({ links, calendarFile: (id) => decisionCalendar(ctx, id), log: captured.log }), ...door.init(service)],
    });
    ownUrl = server.url;
    await door.start();
  }
  const workspace = new SlackWorkspace(fake, options.socketMode ? 'socket' : `${server.url}/slack/events`);
  return Object.assign(workspace, {
    store, door, outbox: outbox!, server: server!, teams, captured: captured!,
    idle: () => door.idle(),
    async close() {
      if (teams) await teams.close();
      else {
        await door.stop();
        await server.close();
        await outbox.stop();
      }
      await fake.stop();
    },
  });
}
