/**
 * Drives the Slack door as Slack does, without Slack's servers: signed requests (slash
 * commands, events, button presses, modal submissions) are POSTed to the real Bolt receiver on
 * the bot's web server, and the Web API the bot calls back, with the response_urls it answers
 * through, is the fake on loopback (fake-slack-api.ts), given to the door as SLACK_API_URL.
 * The demo trust is seeded once per test file, as `npm start` seeds it (this term's window open),
 * and copied for each harness.
 */
import { createHmac } from 'node:crypto';
import type { types } from '@slack/bolt';
import { loadCalendar, DEFAULT_REVIEW_TIMING } from '../../../src/calendar/index.js';
import { createSlackDoor, type Block, type SlackDoor } from '../../../src/channels/slack/index.js';
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
import { FIGURES } from '../../review/harness.js';
import { startHarness as startTeamsHarness, type Harness as TeamsHarness } from '../teams/harness.js';
import { FakeSlackApi, type OpenView, type PostedMessage } from './fake-slack-api.js';
import { pressInMessage, pressInModal, stateOf } from './slack-user.js';

export const SIGNING_SECRET = 'termly-test-signing-secret';
export const NOW = new Date('2026-11-30T10:00:00Z');
export const SLACK = {
  ceo: 'U0DEMOCEO',
  director: 'U0DEMODIRECTOR',
  headReach: 'U0DEMOREACH',
  headEngage: 'U0DEMOENGAGE',
  stranger: 'U0STRANGER',
} as const;
/** Channels the bot has been invited to. */
export const CHANNELS = { leadership: 'C0LEADERSHIP', staffroom: 'C0STAFFROOM' } as const;

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

/** A request as Slack signs it: v0 = HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing secret. */
export function signed(body: string, options: { at?: number; secret?: string } = {}): Record<string, string> {
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${at}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(at), 'x-slack-signature': `v0=${signature}` };
}

export interface Answer {
  status: number;
  text: string;
  /** The acknowledgement's body, when JSON (a modal submission's response_action). */
  json: Record<string, unknown> | null;
}

export interface SlackHarness {
  store: Store;
  fake: FakeSlackApi;
  door: SlackDoor;
  outbox: Outbox;
  server: WebServer;
  /** The Teams harness sharing the store, the outbox and the server, when Teams is on too. */
  teams: TeamsHarness | null;
  captured: CapturedLog;
  /** The Slack door's events URL. */
  url: string;
  /** A person's direct message with the bot (Slack's id for it). */
  dmOf(userId: string): string;
  /** POSTs a body to /slack/events as Slack would, signed unless told otherwise. */
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<Answer>;
  /** A slash command typed in a channel (by default the person's direct message with the bot). */
  slash(userId: string, command: string, text: string, channel?: string): Promise<Answer>;
  /** An Events API event; `retry` sends it as Slack's retry (X-Slack-Retry-Num). */
  event(event: Record<string, unknown>, options?: { eventId?: string; retry?: number }): Promise<Answer>;
  /** A message typed in the person's direct message with the bot. */
  dm(userId: string, text: string, options?: { eventId?: string; retry?: number }): Promise<Answer>;
  /** "@termly <text>" in a channel. */
  mention(userId: string, channel: string, text: string): Promise<Answer>;
  /** The Home tab (or the Messages tab) opened. */
  openHome(userId: string, tab?: 'home' | 'messages'): Promise<Answer>;
  /** A button pressed on a message the bot posted, with what was typed into its inputs. */
  press(userId: string, message: PostedMessage, title: string, answers?: Record<string, string>): Promise<Answer>;
  /** A button pressed in the modal on top of the person's stack. */
  pressInModal(userId: string, title: string, answers?: Record<string, string>): Promise<Answer>;
  /** The modal on top submitted with these answers; Slack then applies the acknowledgement to the modal. */
  submit(userId: string, answers?: Record<string, string>): Promise<Answer & { problems: string[] }>;
  /** The modal on top of a person's stack. */
  modal(userId: string): OpenView;
  /** Waits until the door has answered every request under way. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface SlackHarnessOptions {
  /** Teams on too, in the same process: the Teams harness's door, store, outbox and server. */
  teams?: boolean;
  receiver?: SlackDoorConfig['receiver'];
}

/** Every text a person reads in blocks, in order. */
export function textsOf(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [key, value] of Object.entries(o)) if (key !== 'value' && typeof value === 'object') walk(value);
    }
  };
  walk(blocks);
  return out;
}

export type Input = { type: string; action_id: string; options?: { value: string }[]; blockId: string };

/** A modal's inputs, each with its block's id. */
export const inputsOf = (modal: types.ModalView): Input[] => (modal.blocks as Block[])
  .filter((b): b is types.InputBlock => b.type === 'input')
  .map((b) => ({ ...(b.element as unknown as Input), blockId: b.block_id! }));

/**
 * What a head types into a step's modal: each area's first (best) level, every statement met,
 * each figure as a school needing support would type it, notes left empty. `figure` overrides a figure.
 */
export function answersFor(modal: types.ModalView, figure: (id: string) => string = (id) => String(FIGURES[id] ?? 1)): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const input of inputsOf(modal)) {
    if (input.action_id.startsWith('rating.')) answers[input.action_id] = input.options![0]!.value;
    else if (input.action_id.startsWith('statement.')) answers[input.action_id] = 'true';
    else if (input.action_id.startsWith('indicator.')) answers[input.action_id] = figure(input.action_id.slice('indicator.'.length));
    else if (input.action_id.startsWith('transition.')) answers[input.action_id] = '1';
  }
  return answers;
}

export async function startSlackHarness(options: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const store = await seededStore();
  const trust = (await store.getTrust())!;
  const fake = await new FakeSlackApi({
    users: [...trust.people.flatMap((p) => (p.slack ? [{ id: p.slack.userId, name: p.name }] : [])), { id: SLACK.stranger, name: 'Visitor' }],
    channels: Object.values(CHANNELS),
  }).start();
  const config: SlackDoorConfig = { botToken: fake.token, signingSecret: SIGNING_SECRET, receiver: options.receiver ?? { kind: 'http' }, apiUrl: fake.apiUrl };
  const clock = () => new Date(NOW);

  let door!: SlackDoor;
  let outbox: Outbox;
  let server: WebServer;
  let teams: TeamsHarness | null = null;
  let captured: CapturedLog;
  if (options.teams) {
    teams = await startTeamsHarness({
      store, now: NOW,
      otherDoors: (parts) => [door = createSlackDoor({ config, ...parts })],
    });
    ({ outbox, server } = teams);
    captured = { log: null as never, lines: [], takeErrors: () => teams!.logged() as never };
  } else {
    captured = captureLog();
    let ownUrl = 'http://127.0.0.1';
    const links = createWebLinks(null, () => ownUrl);
    door = createSlackDoor({ config, links, store, now: clock, log: captured.log });
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
  const url = `${server.url}/slack/events`;
  const dmOf = (userId: string) => fake.dmOf(userId);
  const team = { id: fake.team.id, domain: fake.team.domain };
  let events = 0;

  const post = async (body: string, contentType: string, headers: Record<string, string> = signed(body)): Promise<Answer> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? JSON.parse(text) as Record<string, unknown> : null;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  };
  const interaction = (payload: Record<string, unknown>) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return post(body, 'application/x-www-form-urlencoded');
  };
  const user = (userId: string) => ({ id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: team.id });
  const event = (body: Record<string, unknown>, opts: { eventId?: string; retry?: number } = {}) => {
    const payload = JSON.stringify({
      token: 'unused', team_id: team.id, api_app_id: fake.bot.appId, type: 'event_callback',
      event_id: opts.eventId ?? `Ev${String(++events).padStart(8, '0')}`, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: team.id, user_id: fake.bot.userId, is_bot: true, is_enterprise_install: false }],
      event: body,
    });
    const retry: Record<string, string> = opts.retry ? { 'x-slack-retry-num': String(opts.retry), 'x-slack-retry-reason': 'http_timeout' } : {};
    return post(payload, 'application/json', { ...signed(payload), ...retry });
  };
  const modal = (userId: string): OpenView => {
    const top = fake.topView(userId);
    if (!top) throw new Error(`${userId} has no modal open`);
    return top;
  };
  const viewOutput = (open: OpenView, answers: Record<string, string>) => {
    const view = open.view as unknown as types.ModalView;
    return {
      id: open.id, team_id: team.id, type: 'modal', hash: open.hash, root_view_id: open.rootId, previous_view_id: null, app_id: fake.bot.appId, bot_id: fake.bot.botId,
      title: view.title, blocks: view.blocks, close: view.close ?? null, submit: view.submit ?? null,
      callback_id: view.callback_id ?? '', private_metadata: view.private_metadata ?? '', external_id: '', clear_on_close: false, notify_on_close: false,
      state: stateOf(view.blocks as Block[], answers),
    };
  };

  return {
    store, fake, door, outbox: outbox!, server: server!, teams, captured: captured!, url, dmOf, post,
    event,
    slash(userId, command, text, channel = dmOf(userId)) {
      const direct = channel.startsWith('D');
      const body = new URLSearchParams({
        token: 'unused', team_id: team.id, team_domain: team.domain, channel_id: channel, channel_name: direct ? 'directmessage' : channel.toLowerCase(),
        user_id: userId, user_name: userId.toLowerCase(), command, text, api_app_id: fake.bot.appId, is_enterprise_install: 'false',
        response_url: fake.responseUrl({ channel, userId }), trigger_id: fake.trigger(userId),
      }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    dm(userId, text, opts) {
      fake.addChannel(dmOf(userId));
      return event({ type: 'message', channel_type: 'im', channel: dmOf(userId), user: userId, text, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` }, opts);
    },
    mention(userId, channel, text) {
      return event({ type: 'app_mention', channel, user: userId, text: `<@${fake.bot.userId}> ${text}`, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` });
    },
    openHome(userId, tab = 'home') {
      fake.addChannel(dmOf(userId));
      return event({ type: 'app_home_opened', user: userId, channel: dmOf(userId), tab, event_ts: `${Date.now() / 1000}` });
    },
    press(userId, message, title, answers = {}) {
      const pressed = pressInMessage(message.blocks as Block[], title, answers);
      return interaction({
        ...pressed, user: user(userId), api_app_id: fake.bot.appId, token: 'unused', team, trigger_id: fake.trigger(userId),
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        channel: { id: message.channel, name: message.channel.toLowerCase() },
        message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, user: fake.bot.userId, bot_id: fake.bot.botId },
        response_url: fake.responseUrl({ channel: message.channel, userId, messageTs: message.ts }),
        actions: pressed.actions.map((a) => ({ ...a, action_ts: `${Date.now() / 1000}` })),
      });
    },
    pressInModal(userId, title, answers = {}) {
      const open = modal(userId);
      const pressed = pressInModal(open.view as unknown as types.ModalView, title, answers);
      return interaction({
        type: 'block_actions', user: user(userId), api_app_id: fake.bot.appId, token: 'unused', team, trigger_id: fake.trigger(userId),
        container: { type: 'view', view_id: open.id }, view: viewOutput(open, answers),
        actions: pressed.actions.map((a) => ({ ...a, action_ts: `${Date.now() / 1000}` })),
      });
    },
    async submit(userId, answers = {}) {
      const open = modal(userId);
      const answer = await interaction({
        type: 'view_submission', team, user: user(userId), api_app_id: fake.bot.appId, token: 'unused', trigger_id: fake.trigger(userId),
        view: viewOutput(open, answers), response_urls: [], is_enterprise_install: false,
      });
      const problems = answer.status === 200 ? fake.answerSubmission(open.id, answer.json) : [`HTTP ${answer.status}`];
      return { ...answer, problems };
    },
    modal,
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
  };
}
