/**
 * The Teams door: chat text and card actions in, the review use-cases called with the
 * speaker's identity, cards out. No rule about schools lives here: who may do what is the
 * use-cases' call, and their refusals are shown as they come.
 */
import { randomBytes } from 'node:crypto';
import { ActivityTypes, type Activity, type ConversationReference } from '@microsoft/agents-activity';
import { AgentApplication, type CloudAdapter, type TurnContext, type TurnState } from '@microsoft/agents-hosting';
import { z } from 'zod';
import type { CardView } from '../../cards/index.js';
import type { Identity, RefusalView, RequestRef, ReviewService } from '../../review/index.js';
import type { Log } from '../../log.js';
import { StoreFaultError } from '../../store/fault.js';
import type { Store } from '../../store/port.js';
import type { TeamsCards } from './messages.js';
import { AttachmentError, downloadSpreadsheet, spreadsheetAttachment } from './attachments.js';
import { isLeadershipChannel, leadershipChannelView, leadershipMovedView } from '../../review/conversations.js';
import { STORE_FAULT, STORE_FAULT_MESSAGE } from '../trouble.js';
import { chatIdOf, rememberConversation } from './references.js';
import type { TurnRouter } from './tenancy.js';

/** The process's logger (src/log.ts): each turn logs through a child carrying its activity id. */
export type Logger = Log;

export interface TeamsAppOptions {
  adapter: CloudAdapter;
  service: ReviewService;
  store: Store;
  cards: TeamsCards;
  now: () => Date;
  log: Logger;
  /** Sends a card into a kept conversation: how the channel leadership's posts left is told where they go now. */
  sendTo?: (reference: ConversationReference, view: CardView) => Promise<void>;
  /** Local mode (no credentials): files the playground offers over http on this machine are read. */
  localMode?: boolean;
  /** A deployment of several trusts: a turn its tenant routes to no trust is answered with why, and nothing else. */
  route?: Pick<TurnRouter, 'refusal'>;
}

const NO_IDENTITY: RefusalView = {
  kind: 'refusal',
  message: 'Sorry, I cannot tell who you are: Teams did not send your organisation account with this message.',
};

export { STORE_FAULT_MESSAGE };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text a person typed, without the @mention that addressed the bot in a channel. */
export function commandText(activity: Pick<Activity, 'text'>): string {
  return (activity.text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function identityOf(activity: Activity): Identity | null {
  const aadObjectId = activity.from?.aadObjectId;
  return aadObjectId ? { platform: 'teams', aadObjectId } : null;
}

/** What an Action.Execute invoke carries: the action, its verb, and its data with the card's inputs merged in. */
const ExecuteAction = z.object({ verb: z.string().min(1), data: z.unknown().optional() });

export function createTeamsApp(options: TeamsAppOptions): AgentApplication<TurnState> {
  const { service, cards, log } = options;
  const app = new AgentApplication<TurnState>({ adapter: options.adapter, removeRecipientMention: true, startTypingTimer: false });

  /** This turn's lines carry its activity id, so one request's story can be read out of the log. */
  const turnLog = (context: TurnContext) => log.child({ activityId: context.activity.id ?? null, activityType: context.activity.type });

  const failure = (context: TurnContext, error: unknown): string => {
    const reference = randomBytes(4).toString('hex');
    turnLog(context).error({ err: error, reference, from: context.activity.from?.aadObjectId ?? 'unknown' }, `${context.activity.type} failed`);
    return reference;
  };

  /** What the person sees when a turn fails: the store's fault in plain words, anything else as a reference to quote. */
  const trouble = (context: TurnContext, error: unknown): CardView => {
    if (error instanceof StoreFaultError) {
      turnLog(context).warn('refused: the store has failed');
      return STORE_FAULT;
    }
    return { kind: 'error', reference: failure(context, error) };
  };

  /** Keeping the address must never cost the person their answer. */
  const remember = async (context: TurnContext) => {
    try {
      const remembered = await rememberConversation(options.store, context.activity, options.now());
      if (remembered?.isNew && remembered.leadership) await context.sendActivity(cards.activity(leadershipChannelView()));
      if (remembered?.movedFrom && options.sendTo) {
        await options.sendTo(remembered.movedFrom, leadershipMovedView(context.activity.from?.name, context.activity.conversation?.name));
      }
    } catch (e) {
      if (!(e instanceof StoreFaultError)) failure(context, e);
    }
  };

  /**
   * One delivery of an activity (Teams retries it with the same id in the same conversation),
   * and whether it was said in leadership's channel, where the answer is the leadership post.
   */
  const requestOf = async (activity: Activity): Promise<RequestRef | undefined> => {
    if (!activity.id) return undefined;
    const here = chatIdOf({ conversation: { id: activity.conversation?.id ?? '' } });
    const inLeadershipChannel = activity.conversation?.conversationType !== 'personal'
      && (await isLeadershipChannel(options.store, 'teams', (kept) => chatIdOf(kept) === here));
    return { id: `${activity.conversation?.id ?? ''}|${activity.id}`, inLeadershipChannel };
  };

  const reply = async (context: TurnContext, view: CardView) => {
    await context.sendActivity(cards.activity(view));
  };

  /** Why this turn reaches no trust (several trusts served, its tenant none of theirs); null when it does. */
  const outside = (): RefusalView | null => {
    const message = options.route?.refusal() ?? null;
    return message === null ? null : { kind: 'refusal', message };
  };

  app.onActivity([ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate], async (context) => {
    if (outside()) return;
    await remember(context);
    const activity = context.activity;
    const botAdded = activity.type === ActivityTypes.ConversationUpdate
      && (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    const identity = identityOf(activity);
    if (botAdded && activity.conversation?.conversationType === 'personal' && identity) {
      try {
        await reply(context, await service.greet(identity));
      } catch (e) {
        await reply(context, trouble(context, e));
      }
    }
  });

  app.onActivity(ActivityTypes.Message, async (context) => {
    const refused = outside();
    if (refused) return reply(context, refused);
    await remember(context);
    const activity = context.activity;
    const identity = identityOf(activity);
    if (!identity) return reply(context, NO_IDENTITY);
    try {
      const text = commandText(activity);
      const sheet = spreadsheetAttachment(activity);
      if (sheet) {
        let content: Buffer;
        try {
          content = await downloadSpreadsheet(sheet, { localMode: options.localMode === true });
        } catch (e) {
          if (!(e instanceof AttachmentError)) throw e;
          return reply(context, { kind: 'refusal', message: `Nothing was imported: ${e.message}.` });
        }
        return reply(context, await service.handleFile(identity, { name: sheet.name, content }, text));
      }
      // A card's Action.Submit arrives as a message with no text and the button's data as its value.
      if (!text && isRecord(activity.value) && typeof activity.value.verb === 'string') {
        const { verb, ...data } = activity.value;
        return reply(context, await service.handleAction(identity, verb, data, await requestOf(activity)));
      }
      return reply(context, await service.handleText(identity, text, await requestOf(activity)));
    } catch (e) {
      return reply(context, trouble(context, e));
    }
  });

  // Universal actions: the card returned replaces the one pressed; a refusal comes back as a
  // message so the card (and what was typed into it) stays.
  app.adaptiveCards.actionExecute<Record<string, unknown>>(/.*/, async (context, _state, action) => {
    const refused = outside();
    if (refused) return refused.message;
    await remember(context);
    const identity = identityOf(context.activity);
    if (!identity) return NO_IDENTITY.message;
    const parsed = ExecuteAction.safeParse(action);
    if (!parsed.success) return 'That button sent nothing I can read. Type "help" for what I can do.';
    const { verb } = parsed.data;
    const data = isRecord(parsed.data.data) ? parsed.data.data : {};
    try {
      const view = await service.handleAction(identity, verb, data, await requestOf(context.activity));
      if (view.kind === 'refusal') return view.message;
      return cards.card(view);
    } catch (e) {
      if (e instanceof StoreFaultError) return STORE_FAULT_MESSAGE;
      return `Sorry, something went wrong on my side. Please try again; if it keeps happening, quote reference ${failure(context, e)}.`;
    }
  });

  app.onError(async (context, error) => {
    await reply(context, trouble(context, error));
  });

  return app;
}
