/**
 * Teams delivery for the one outbound sender: a view rendered as a card and sent proactively
 * into the conversation kept for the recipient (`continueConversation`). Two ways in:
 *   - `TeamsDeliverer`, the outbox's Teams door (production: durable, paced, retried, held to
 *     school days in working hours);
 *   - `TeamsOutbound`, an Outbound that sends at once (local mode and tests, where a person
 *     trying the playground at 8pm should still see the window open).
 * Someone the bot cannot reach is reported with the reason, never skipped.
 */
import type { ConversationReference } from '@microsoft/agents-activity';
import { HttpError, type CloudAdapter } from '@microsoft/agents-hosting';
import type { CardView } from '../../cards/index.js';
import { outcomeOfStatus, payloadOf, type Deliverer, type DeliveryOutcome } from '../../outbox/index.js';
import { conversationKey, type Delivery, type Outbound, type OutboundMessage, type Recipient } from '../../review/index.js';
import type { Store } from '../../store/port.js';
import type { Conversation, OutboxMessage } from '../../store/records.js';
import type { TeamsCards } from './messages.js';
import { leadershipKey, referenceFromStore, StoredReferenceError } from './references.js';

export interface TeamsSenderOptions {
  adapter: CloudAdapter;
  /** The bot's app id; any non-empty id in local mode (the SDK refuses an empty one). */
  appId: string;
  cards: TeamsCards;
}

/** Sends one view into one kept conversation. Throws what the Bot Connector answered. */
export class TeamsSender {
  constructor(private readonly options: TeamsSenderOptions) {}

  async send(reference: ConversationReference, view: CardView): Promise<void> {
    const activity = this.options.cards.activity(view);
    // The adapter's turn-error handler would swallow a failed send (a 429, a 502) and post an
    // error message into the chat instead; the failure must reach the caller, who retries.
    let failure: unknown;
    await this.options.adapter.continueConversation(this.options.appId, reference, async (context) => {
      try {
        await context.sendActivity(activity);
      } catch (e) {
        failure = e;
      }
    });
    if (failure !== undefined) throw failure;
  }
}

/** The outbox's Teams door. */
export class TeamsDeliverer implements Deliverer {
  readonly platform = 'teams' as const;
  constructor(private readonly sender: TeamsSender) {}

  async deliver(conversation: Conversation, message: OutboxMessage): Promise<DeliveryOutcome> {
    let reference: ConversationReference;
    try {
      reference = referenceFromStore(conversation.key, conversation.reference);
    } catch (e) {
      if (e instanceof StoredReferenceError) return { outcome: 'failed', reason: e.message };
      throw e;
    }
    const { view } = payloadOf(message);
    try {
      await this.sender.send(reference, view);
      return { outcome: 'sent' };
    } catch (e) {
      if (e instanceof HttpError) return outcomeOfStatus('teams', e.status, e.response.headers.get('retry-after'), e.message);
      // No answer at all (network, timeout): worth another try.
      return { outcome: 'retry', status: 0, detail: e instanceof Error ? e.message : String(e) };
    }
  }
}

export interface TeamsOutboundOptions extends TeamsSenderOptions {
  store: Store;
}

const NOT_YET: Record<Recipient['kind'], string> = {
  person: 'has no chat with Termly in Teams yet (they need to open Termly in Teams once, or have it installed for them)',
  leadership: 'Termly has not been added to the leadership channel in Teams yet (add the app to the team, then @mention it there once)',
};

/** An Outbound that sends at once, with no outbox in between. */
export class TeamsOutbound implements Outbound {
  private readonly sender: TeamsSender;
  constructor(private readonly options: TeamsOutboundOptions) {
    this.sender = new TeamsSender(options);
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    if (message.shownInReply) return { status: 'sent' };
    const key = message.to.kind === 'leadership' ? leadershipKey(await this.options.store.getTrust()) : conversationKey(message.to);
    const kept = await this.options.store.getConversation(key, 'teams');
    if (!kept) return { status: 'unreachable', detail: NOT_YET[message.to.kind] };
    let reference: ConversationReference;
    try {
      reference = referenceFromStore(key, kept.reference);
    } catch (e) {
      if (e instanceof StoredReferenceError) return { status: 'unreachable', detail: e.message };
      throw e;
    }
    try {
      await this.sender.send(reference, message.view);
      return { status: 'sent' };
    } catch (e) {
      const status = e instanceof HttpError ? e.status : undefined;
      const reason = e instanceof Error ? e.message : String(e);
      // The conversation is gone or closed to the bot (app removed, blocked): retrying will not help.
      if (status === 403 || status === 404) return { status: 'unreachable', detail: `Teams refused the message (HTTP ${status}): the app may have been removed or blocked. ${reason}` };
      return { status: 'failed', detail: `Teams did not take the message${status ? ` (HTTP ${status})` : ''}: ${reason}` };
    }
  }
}
