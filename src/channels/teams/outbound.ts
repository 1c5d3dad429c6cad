/**
 * Teams delivery for the outbox: a view rendered as a card and sent proactively into the
 * conversation kept for the recipient (`continueConversation`). Every message the bot starts
 * reaches Teams through `TeamsDeliverer`, in local mode too, so Teams' answers are classed in
 * one place: what to retry, and what has failed for good (a chat removed or blocked).
 */
import type { ConversationReference } from '@microsoft/agents-activity';
import { HttpError, type CloudAdapter } from '@microsoft/agents-hosting';
import type { CardView } from '../../cards/index.js';
import { outcomeOfStatus, payloadOf, type Deliverer, type DeliveryOutcome } from '../../outbox/index.js';
import type { Conversation, OutboxMessage } from '../../store/records.js';
import type { TeamsCards } from './messages.js';
import { referenceFromStore, StoredReferenceError } from './references.js';

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
