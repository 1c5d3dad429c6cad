/**
 * The one way out: every message the bot sends on its own (window opened, reminders,
 * proposals, decisions) goes through an Outbound. Platform senders, a durable outbox,
 * rate limits and retries sit behind it, never in a use-case.
 */
import type { View } from './views.js';

export type Recipient = { kind: 'person'; personId: string } | { kind: 'leadership' };

export interface OutboundMessage {
  to: Recipient;
  view: View;
  /** The same key is sent once, however often it is asked for (school × window × kind). */
  idempotencyKey: string;
  /**
   * The request that caused it came from the recipient's own conversation (a decision pressed in
   * the leadership channel), where the answer already shows it: the key is kept, nothing is posted twice.
   */
  shownInReply?: boolean;
}

export type Delivery =
  | { status: 'sent' }
  /** Queued for later (an outbox waiting for working hours, or a retry). */
  | { status: 'queued' }
  /** No conversation is known for the recipient on any platform: someone must be told. */
  | { status: 'unreachable'; detail: string }
  | { status: 'failed'; detail: string };

export interface Outbound {
  send(message: OutboundMessage): Promise<Delivery>;
}

/** Conversation keys the platform senders store references under. */
export function conversationKey(to: Recipient): string {
  return to.kind === 'person' ? `person:${to.personId}` : 'channel:leadership';
}
