/**
 * Slack's side of the door, for tests and for trying the bot without Slack: a workspace whose
 * people send the bot what Slack sends (slash commands, events, button presses, modal
 * submissions), signed with the app's signing secret and POSTed to its /slack/events, while the
 * fake Web API (fake-slack-api.ts) plays the rest of Slack: the messages, the modals, the
 * response_urls. The bot may run in this process or another.
 */
import { createHmac } from 'node:crypto';
import type { types } from '@slack/bolt';
import type { Block } from '../../../src/channels/slack/index.js';
import { FIGURES } from '../../review/harness.js';
import type { FakeSlackApi, OpenView, PostedMessage } from './fake-slack-api.js';
import { pressInMessage, pressInModal, stateOf } from './slack-user.js';

export const SIGNING_SECRET = 'termly-test-signing-secret';
/** The demo trusts' people, by their Slack ids (data/demo/), and someone not on the roster. */
export const SLACK = {
  ceo: 'U0DEMOCEO',
  director: 'U0DEMODIRECTOR',
  headReach: 'U0DEMOREACH',
  headEngage: 'U0DEMOENGAGE',
  stranger: 'U0STRANGER',
} as const;
/** Channels the bot has been invited to. */
export const CHANNELS = { leadership: 'C0LEADERSHIP', staffroom: 'C0STAFFROOM' } as const;

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

export class SlackWorkspace {
  readonly #team: { id: string; domain: string };
  #events = 0;

  /**
   * `url`: the bot's events address (http://…/slack/events), where requests are POSTed signed;
   * or `socket`: the app is connected to the fake in Socket Mode, and requests go to it as
   * envelopes, the acknowledgement's payload read as the answer.
   */
  constructor(readonly fake: FakeSlackApi, readonly url: string | 'socket', private readonly signingSecret = SIGNING_SECRET) {
    this.#team = { id: fake.team.id, domain: fake.team.domain };
  }

  /** A person's direct message with the bot (Slack's id for it). */
  dmOf(userId: string): string {
    return this.fake.dmOf(userId);
  }

  /** POSTs a body to the events address as Slack would, signed unless told otherwise. */
  async post(body: string, contentType: string, headers: Record<string, string> = signed(body, { secret: this.signingSecret })): Promise<Answer> {
    if (this.url === 'socket') throw new Error('in Socket Mode nothing is POSTed to the app');
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? JSON.parse(text) as Record<string, unknown> : null;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  }

  /** A slash command typed in a channel (by default the person's direct message with the bot). */
  slash(userId: string, command: string, text: string, channel = this.dmOf(userId)): Promise<Answer> {
    const direct = channel.startsWith('D');
    const fields = {
      token: 'unused', team_id: this.#team.id, team_domain: this.#team.domain, channel_id: channel, channel_name: direct ? 'directmessage' : channel.toLowerCase(),
      user_id: userId, user_name: userId.toLowerCase(), command, text, api_app_id: this.fake.bot.appId, is_enterprise_install: 'false',
      response_url: this.fake.responseUrl({ channel, userId }), trigger_id: this.fake.trigger(userId),
    };
    if (this.url === 'socket') return this.#envelope('slash_commands', fields);
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  }

  /** An Events API event; `retry` sends it as Slack's retry (X-Slack-Retry-Num). */
  event(event: Record<string, unknown>, options: { eventId?: string; retry?: number } = {}): Promise<Answer> {
    const body = {
      token: 'unused', team_id: this.#team.id, api_app_id: this.fake.bot.appId, type: 'event_callback',
      event_id: options.eventId ?? `Ev${String(++this.#events).padStart(8, '0')}`, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.#team.id, user_id: this.fake.bot.userId, is_bot: true, is_enterprise_install: false }],
      event,
    };
    if (this.url === 'socket') return this.#envelope('events_api', body);
    const payload = JSON.stringify(body);
    const retry: Record<string, string> = options.retry ? { 'x-slack-retry-num': String(options.retry), 'x-slack-retry-reason': 'http_timeout' } : {};
    return this.post(payload, 'application/json', { ...signed(payload, { secret: this.signingSecret }), ...retry });
  }

  /** A message typed in the person's direct message with the bot. */
  dm(userId: string, text: string, options?: { eventId?: string; retry?: number }): Promise<Answer> {
    this.fake.addChannel(this.dmOf(userId));
    return this.event({ type: 'message', channel_type: 'im', channel: this.dmOf(userId), user: userId, text, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` }, options);
  }

  /** Files shared in the person's direct message with the bot, with what was typed beside them. */
  share(userId: string, files: Record<string, unknown>[], text = ''): Promise<Answer> {
    this.fake.addChannel(this.dmOf(userId));
    return this.event({ type: 'message', subtype: 'file_share', channel_type: 'im', channel: this.dmOf(userId), user: userId, text, files, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` });
  }

  /** "@termly <text>" in a channel. */
  mention(userId: string, channel: string, text: string): Promise<Answer> {
    return this.event({ type: 'app_mention', channel, user: userId, text: `<@${this.fake.bot.userId}> ${text}`, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` });
  }

  /** The Home tab (or the Messages tab) opened. */
  openHome(userId: string, tab: 'home' | 'messages' = 'home'): Promise<Answer> {
    this.fake.addChannel(this.dmOf(userId));
    return this.event({ type: 'app_home_opened', user: userId, channel: this.dmOf(userId), tab, event_ts: `${Date.now() / 1000}` });
  }

  /** A button pressed on a message the bot posted, with what was typed into its inputs. */
  press(userId: string, message: PostedMessage, title: string, answers: Record<string, string> = {}): Promise<Answer> {
    const pressed = pressInMessage(message.blocks as Block[], title, answers);
    return this.#interaction({
      ...pressed, user: this.#user(userId), api_app_id: this.fake.bot.appId, token: 'unused', team: this.#team, trigger_id: this.fake.trigger(userId),
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: message.channel.toLowerCase() },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, user: this.fake.bot.userId, bot_id: this.fake.bot.botId },
      response_url: this.fake.responseUrl({ channel: message.channel, userId, messageTs: message.ts }),
      actions: pressed.actions.map((a) => ({ ...a, action_ts: `${Date.now() / 1000}` })),
    });
  }

  /** A button pressed in the person's Home tab. */
  pressInHome(userId: string, title: string): Promise<Answer> {
    const home = this.fake.home(userId);
    if (!home) throw new Error(`${userId} has no Home tab drawn`);
    const pressed = pressInModal(home.view as unknown as types.ModalView, title);
    return this.#interaction({
      type: 'block_actions', user: this.#user(userId), api_app_id: this.fake.bot.appId, token: 'unused', team: this.#team, trigger_id: this.fake.trigger(userId),
      container: { type: 'view', view_id: home.id }, view: { ...this.#viewOutput(home, {}), type: 'home' },
      actions: pressed.actions.map((a) => ({ ...a, action_ts: `${Date.now() / 1000}` })),
    });
  }

  /** A button pressed in the modal on top of the person's stack. */
  pressInModal(userId: string, title: string, answers: Record<string, string> = {}): Promise<Answer> {
    const open = this.modal(userId);
    const pressed = pressInModal(open.view as unknown as types.ModalView, title, answers);
    return this.#interaction({
      type: 'block_actions', user: this.#user(userId), api_app_id: this.fake.bot.appId, token: 'unused', team: this.#team, trigger_id: this.fake.trigger(userId),
      container: { type: 'view', view_id: open.id }, view: this.#viewOutput(open, answers),
      actions: pressed.actions.map((a) => ({ ...a, action_ts: `${Date.now() / 1000}` })),
    });
  }

  /** The modal on top submitted with these answers; Slack then applies the acknowledgement to the modal. */
  async submit(userId: string, answers: Record<string, string> = {}): Promise<Answer & { problems: string[] }> {
    const open = this.modal(userId);
    const hash = open.hash;
    const answer = await this.#interaction({
      type: 'view_submission', team: this.#team, user: this.#user(userId), api_app_id: this.fake.bot.appId, token: 'unused', trigger_id: this.fake.trigger(userId),
      view: this.#viewOutput(open, answers), response_urls: [], is_enterprise_install: false,
    });
    const problems = answer.status === 200 ? this.fake.answerSubmission(open.id, answer.json, hash) : [`HTTP ${answer.status}`];
    return { ...answer, problems };
  }

  /** The modal on top of a person's stack. */
  modal(userId: string): OpenView {
    const top = this.fake.topView(userId);
    if (!top) throw new Error(`${userId} has no modal open`);
    return top;
  }

  async #envelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>): Promise<Answer> {
    const ack = await this.fake.envelope(type, payload);
    const json = Object.keys(ack).length ? ack : null;
    return { status: 200, text: json ? JSON.stringify(json) : '', json };
  }

  #interaction(payload: Record<string, unknown>): Promise<Answer> {
    if (this.url === 'socket') return this.#envelope('interactive', payload);
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  }

  #user(userId: string) {
    return { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: this.#team.id };
  }

  #viewOutput(open: OpenView, answers: Record<string, string>) {
    const view = open.view as unknown as types.ModalView;
    return {
      id: open.id, team_id: this.#team.id, type: 'modal', hash: open.hash, root_view_id: open.rootId, previous_view_id: null, app_id: this.fake.bot.appId, bot_id: this.fake.bot.botId,
      title: view.title, blocks: view.blocks, close: view.close ?? null, submit: view.submit ?? null,
      callback_id: view.callback_id ?? '', private_metadata: view.private_metadata ?? '', external_id: '', clear_on_close: false, notify_on_close: false,
      state: stateOf(view.blocks as Block[], answers),
    };
  }
}
