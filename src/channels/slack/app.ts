/**
 * The Slack door's listeners on a Bolt app: slash commands, direct messages and @mentions,
 * buttons, modal submissions and the Home tab in; the review use-cases called with the Slack
 * user's identity; Block Kit out. No rule about schools lives here: who may do what is the
 * use-cases' call, and their refusals are shown as they come.
 *
 * Slack's rules: every request is acknowledged at once and the work done after (Bolt answers an
 * event before its listener runs; a command or a button is acknowledged first thing). A modal's
 * submission is the exception, since its answer (the next step, or a refused field) must be in
 * the acknowledgement: it is given if the use-case answers within ACK_BUDGET_MS, and otherwise
 * the modal says it is saving and is updated once the answer comes. An event Slack sends again
 * (X-Slack-Retry-Num, the same event_id) is handled once.
 *
 * Where answers go: a command's answer through its response_url, in the channel for all to see
 * in leadership's channel and in the person's own direct message with the bot, and only to the
 * person anywhere else (a school's status is not for every channel); a refusal only to the
 * person. A button's answer replaces the message it was on, as a Teams card updates in place,
 * and a refusal leaves the message as it was. The questionnaire, the summary and the override
 * form open in a modal.
 */
import type { App, types, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { CardView } from '../../cards/index.js';
import type { Log } from '../../log.js';
import { conversationOf, isLeadershipChannel, leadershipChannelView } from '../../review/conversations.js';
import { slashCommandText, type Identity, type RefusalView, type ReviewService, type View } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import { troubleView } from '../trouble.js';
import { rememberSlackChat, SlackAddress } from './addresses.js';
import { homeViews } from './home.js';
import { downloadSharedFile, isSpreadsheet, SharedFile, SharedFileError } from './files.js';
import { fieldErrors, pressedAction, submittedAction } from './payloads.js';
import type { SlackSurfaces } from './surfaces.js';

/** How long a modal's submission may wait for its answer before the acknowledgement must go (Slack allows 3 s). */
export const ACK_BUDGET_MS = 2500;

/** How many events are remembered as handled: Slack retries within minutes, so a few hundred suffice. */
const REMEMBERED_EVENTS = 500;

/** Where a modal was opened from, kept in its private metadata so its outcome can replace that message. */
const ORIGIN = '~postedIn';
const Origin = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
type Origin = z.infer<typeof Origin>;

const SAVING: View = { kind: 'notice', title: 'Saving…', lines: ['Your answers are being saved; this updates when they are.'], action: null };

export interface SlackAppOptions {
  app: App;
  service: ReviewService;
  store: Store;
  surfaces: SlackSurfaces;
  now: () => Date;
  log: Log;
  /** The bot's own user id (auth.test): its mentions are taken out of what was said. */
  botUserId: string;
  /** What reads a file shared with the bot: its token, and SLACK_API_URL (whose host may serve files too). */
  files: { token: string; apiUrl: string | null };
  /** How long a modal's submission waits for its answer before acknowledging with "Saving…" (ACK_BUDGET_MS; 0: never waits). */
  ackBudgetMs?: number;
}

const slackUser = (userId: string): Extract<Identity, { platform: 'slack' }> => ({ platform: 'slack', userId });
const isDirect = (channel: string) => channel.startsWith('D');
/** Shown to the asker alone: refusals and errors are nobody else's business. */
const isPrivate = (view: CardView) => view.kind === 'refusal' || view.kind === 'error';
/** Views that open in a modal when a button in a message asks for them. */
const inModal = (view: CardView) => view.kind === 'questionnaire' || view.kind === 'summary' || view.kind === 'override';

/** What a person wrote, as typed: the bot's @mention taken out, Slack's escapes undone. */
export function saidText(text: string | undefined, botUserId: string): string {
  return (text ?? '')
    .replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A message event Termly answers: written by a person, perhaps sharing files (not an edit, a join, or a bot's post). */
const PersonMessage = z.object({
  user: z.string().min(1),
  channel: z.string().min(1),
  text: z.string().optional(),
  subtype: z.literal('file_share').optional(),
  files: z.array(SharedFile).optional(),
  bot_id: z.never().optional(),
  thread_ts: z.string().optional(),
});

/** A modal's private metadata, with where it was opened from taken out. */
function originOf(metadata: string | undefined): Origin | null {
  try {
    const parsed = Origin.safeParse((JSON.parse(metadata ?? '') as Record<string, unknown>)[ORIGIN]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The modal, carrying where it was opened from (left out if it would not fit in Slack's 3,000 characters). */
function withOrigin(modal: types.ModalView, origin: Origin | null): types.ModalView {
  if (!origin) return modal;
  const data = modal.private_metadata ? JSON.parse(modal.private_metadata) as Record<string, unknown> : {};
  const metadata = JSON.stringify({ ...data, [ORIGIN]: origin });
  return metadata.length <= 3000 ? { ...modal, private_metadata: metadata } : modal;
}

export function listen(options: SlackAppOptions): void {
  const { app, service, store, surfaces, log, botUserId } = options;

  const handled = new Set<string>();
  /** False for an event already handled (or under way): Slack sent it again. */
  const firstDelivery = (eventId: unknown, retryNum: unknown): boolean => {
    if (typeof eventId !== 'string') return true;
    if (handled.has(eventId)) {
      log.info({ eventId, retryNum }, 'slack: an event sent again was already handled');
      return false;
    }
    handled.add(eventId);
    if (handled.size > REMEMBERED_EVENTS) handled.delete(handled.values().next().value!);
    return true;
  };

  const trouble = (error: unknown, what: string, userId: string): CardView => troubleView(log, error, what, { from: userId, platform: 'slack' });

  /** Runs a use-case; a failure becomes what the person is told. */
  const answer = async (what: string, userId: string, run: () => Promise<View>): Promise<CardView> => {
    try {
      return await run();
    } catch (e) {
      return trouble(e, what, userId);
    }
  };

  /** Keeping the address must never cost the person their answer. */
  const remember = async (userId: string, channel: string) => {
    try {
      const kept = await rememberSlackChat(store, { userId, channel, direct: isDirect(channel), now: options.now() });
      if (kept?.isNew && kept.leadership) await post(channel, leadershipChannelView());
    } catch (e) {
      trouble(e, 'keeping a Slack chat', userId);
    }
  };

  const inLeadershipChannel = async (channel: string): Promise<boolean> =>
    !isDirect(channel) && isLeadershipChannel(store, 'slack', (kept) => SlackAddress.safeParse(kept).data?.channel === channel);

  /** The channel of a person's direct message with the bot, as kept (null until known). */
  const directMessageOf = async (userId: string): Promise<string | null> => {
    const trust = await store.getTrust();
    const kept = trust && conversationOf(trust, slackUser(userId), 'personal');
    if (!kept) return null;
    const address = await store.getConversation(kept.key, 'slack');
    return SlackAddress.safeParse(address?.reference).data?.channel ?? null;
  };

  /** Whether a chat is the person's own direct message with the bot. */
  const isOwnDirectMessage = async (userId: string, channel: string): Promise<boolean> => isDirect(channel) && (await directMessageOf(userId)) === channel;

  /** A Web API call whose failure is logged, not thrown: the person's request was handled either way. */
  const shown = async (what: string, call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (e) {
      log.error({ err: e }, `slack: ${what} could not be shown`);
      return false;
    }
  };

  const post = (channel: string, view: CardView, threadTs?: string) =>
    shown(`a message to ${channel}`, () => app.client.chat.postMessage({ channel, ...surfaces.message(view), ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false }));

  // ─── Slash commands ───────────────────────────────────────────────────────────────────────
  app.command(/^\/.+/, async ({ command, ack, respond }) => {
    await ack();
    const { user_id: userId, channel_id: channel } = command;
    const text = slashCommandText(command.command, command.text);
    // Reading where it was said must not cost the answer: a store that cannot be read answers below.
    const leadership = await inLeadershipChannel(channel).catch(() => false);
    const view = await answer('a slash command', userId, async () => {
      if (text === null) return { kind: 'refusal', message: `${command.command} is not one of Termly's commands. Type /termly for what I can do.` };
      return service.handleText(slackUser(userId), text, { id: `command:${command.trigger_id}`, inLeadershipChannel: leadership });
    });
    const forAll = !isPrivate(view) && (leadership || await isOwnDirectMessage(userId, channel).catch(() => false));
    await shown(`the answer to ${command.command}`, () => respond({ response_type: forAll ? 'in_channel' : 'ephemeral', ...surfaces.message(view) }));
  });

  // ─── Direct messages ──────────────────────────────────────────────────────────────────────
  app.event('message', async ({ event, body, context }) => {
    if ((event as { channel_type?: string }).channel_type !== 'im') return;
    const said = PersonMessage.safeParse(event);
    if (!said.success || !firstDelivery(body.event_id, context.retryNum)) return;
    const { user, channel, files } = said.data;
    await remember(user, channel);
    const text = saidText(said.data.text, botUserId);
    const view = await answer('a direct message', user, async () => {
      const file = files?.find(isSpreadsheet) ?? files?.[0];
      if (!file) return service.handleText(slackUser(user), text, { id: `event:${body.event_id}` });
      // Who may import, and which files it reads, is the use-case's to say: a file it would not read is not downloaded.
      let content: Buffer = Buffer.alloc(0);
      if (isSpreadsheet(file)) {
        try {
          content = await downloadSharedFile(file, options.files);
        } catch (e) {
          if (!(e instanceof SharedFileError)) throw e;
          return { kind: 'refusal', message: `Nothing was imported: ${e.message}.` } satisfies RefusalView;
        }
      }
      return service.handleFile(slackUser(user), { name: file.name, content }, text);
    });
    await post(channel, view);
  });

  // ─── @mentions in channels ────────────────────────────────────────────────────────────────
  app.event('app_mention', async ({ event, body, context, client }) => {
    // In a direct message the message event answers.
    if (isDirect(event.channel) || !event.user || event.bot_id) return;
    if (!firstDelivery(body.event_id, context.retryNum)) return;
    const { user, channel } = { user: event.user, channel: event.channel };
    await remember(user, channel);
    const view = await answer('an @mention', user, async () => service.handleText(slackUser(user), saidText(event.text, botUserId), {
      id: `event:${body.event_id}`, inLeadershipChannel: await inLeadershipChannel(channel),
    }));
    const threadTs = event.thread_ts;
    if (isPrivate(view)) {
      await shown('a refusal', () => client.chat.postEphemeral({ channel, user, ...surfaces.message(view), ...(threadTs ? { thread_ts: threadTs } : {}) }));
    } else {
      await post(channel, view, threadTs);
    }
  });

  // ─── The Home tab, and the Messages tab opened ────────────────────────────────────────────
  app.event('app_home_opened', async ({ event, body, context, client }) => {
    if (!firstDelivery(body.event_id, context.retryNum)) return;
    const user = event.user;
    if (event.tab === 'messages') {
      // The first time the direct message is known, the person is greeted as Teams greets on install.
      const known = await directMessageOf(user).catch(() => null);
      await remember(user, event.channel);
      if (known === null && (await directMessageOf(user).catch(() => null)) === event.channel) {
        await post(event.channel, await answer('a greeting', user, () => service.greet(slackUser(user))));
      }
      return;
    }
    let views: CardView[];
    try {
      views = await homeViews(service, slackUser(user));
    } catch (e) {
      views = [trouble(e, 'the Home tab', user)];
    }
    await shown('the Home tab', () => client.views.publish({ user_id: user, view: surfaces.home(views) }));
  });

  // ─── Buttons ──────────────────────────────────────────────────────────────────────────────
  app.action({ type: 'block_actions' }, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (action.type !== 'button') return;
    const userId = body.user.id;
    const pressed = pressedAction(body);
    const inView = body.container?.type === 'view' ? body.view : undefined;
    const message = !inView && body.channel && body.message ? { channel: body.channel.id, ts: body.message.ts } : null;
    if (message) await remember(userId, message.channel);
    const view: CardView = await answer('a button', userId, async () => {
      if (!pressed.ok) return { kind: 'refusal', message: pressed.message } satisfies RefusalView;
      const leadership = message ? await inLeadershipChannel(message.channel) : false;
      return service.handleAction(slackUser(userId), pressed.verb, pressed.data, { id: `action:${body.trigger_id}`, inLeadershipChannel: leadership });
    });

    if (inView?.type === 'modal') {
      // In a modal: a refusal is laid over the step (closing it returns there); anything else is the modal's next view.
      if (isPrivate(view)) await shown('a refusal', () => client.views.push({ trigger_id: body.trigger_id, view: surfaces.modal(view) }));
      else await shown('the modal', () => client.views.update({ view_id: inView.id, hash: inView.hash, view: withOrigin(surfaces.modal(view), originOf(inView.private_metadata)) }));
      return;
    }
    if (inView) {
      // The Home tab: what a button answers opens over it.
      await shown('a modal', () => client.views.open({ trigger_id: body.trigger_id, view: surfaces.modal(view) }));
      return;
    }
    if (isPrivate(view)) {
      await shown('a refusal', () => respond({ response_type: 'ephemeral', replace_original: false, ...surfaces.message(view) }));
      return;
    }
    const fromStep = pressed.ok && (pressed.verb === 'review.step' || pressed.verb === 'review.submit');
    if (inModal(view) && !fromStep) {
      const opened = await shown('a modal', () => client.views.open({ trigger_id: body.trigger_id, view: withOrigin(surfaces.modal(view), message) }));
      // A trigger lasts 3 seconds: if it had gone, the view comes as a message instead.
      if (!opened) await shown('the answer', () => respond({ response_type: 'in_channel', replace_original: false, ...surfaces.message(view) }));
      return;
    }
    await shown('the answer', () => respond({ replace_original: true, ...surfaces.message(view) }));
  });

  // ─── Modal submissions ────────────────────────────────────────────────────────────────────
  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body, view: modal, client }) => {
    const userId = body.user.id;
    const origin = originOf(modal.private_metadata);
    const submitted = submittedAction(modal);
    const work = answer('a modal', userId, async () => {
      if (!submitted.ok) return { kind: 'refusal', message: submitted.message } satisfies RefusalView;
      const data = { ...submitted.data };
      delete data[ORIGIN];
      const leadership = origin ? await inLeadershipChannel(origin.channel) : false;
      return service.handleAction(slackUser(userId), submitted.verb, data, { id: `view:${body.trigger_id}`, inLeadershipChannel: leadership });
    });
    const budget = options.ackBudgetMs ?? ACK_BUDGET_MS;
    let timer: NodeJS.Timeout | undefined;
    const quick = budget <= 0 ? null : await Promise.race([work, new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budget);
    })]);
    clearTimeout(timer);

    if (quick !== null) {
      const errors = quick.kind === 'questionnaire' || quick.kind === 'summary' ? fieldErrors(quick as View) : null;
      if (errors) await ack(errors);
      // A refusal is laid over the form, so closing it returns to what was typed.
      else if (isPrivate(quick)) await ack({ response_action: 'push', view: surfaces.modal(quick) });
      else if (quick.kind === 'decision' && origin) await ack({ response_action: 'clear' });
      else await ack({ response_action: 'update', view: withOrigin(surfaces.modal(quick), origin) });
    } else {
      await ack({ response_action: 'update', view: withOrigin(surfaces.modal(SAVING), origin) });
      const late = await work;
      await shown('the modal', () => client.views.update({ view_id: modal.id, view: withOrigin(surfaces.modal(late), origin) }));
    }
    const outcome = quick ?? await work;
    // A decision, or a submitted review, replaces the message the modal was opened from.
    const closes = outcome.kind === 'decision' || (outcome.kind === 'summary' && outcome.state === 'submitted');
    if (closes && origin) await shown('the message the form came from', () => client.chat.update({ channel: origin.channel, ts: origin.ts, ...surfaces.message(outcome) }));
  });

  app.error(async (error) => {
    log.error({ err: error }, 'slack: a request could not be handled');
  });
}
