/**
 * What a platform door implements so the outbox can hand it a message: one stored message to
 * one stored conversation, and an answer the outbox can act on. The door knows its platform's
 * wire format and errors; the outbox owns durability, pacing and retries.
 */
import type { Conversation, OutboxMessage, Platform } from '../store/records.js';

export type DeliveryOutcome =
  | { outcome: 'sent' }
  /**
   * Try again later. `status` is the HTTP status the platform answered (0 when no answer came:
   * a network error or a timeout). `retryAfterMs` is the platform's own Retry-After, honoured.
   */
  | { outcome: 'retry'; status: number; retryAfterMs?: number; detail?: string }
  /** The platform refused for good (forbidden, conversation gone): retrying would not help. */
  | { outcome: 'failed'; reason: string };

export interface Deliverer {
  readonly platform: Platform;
  /**
   * Sends the message's payload (see payload.ts) into the conversation. Should answer rather
   * than throw; a throw is taken as a network error and retried.
   */
  deliver(conversation: Conversation, message: OutboxMessage): Promise<DeliveryOutcome>;
}

/**
 * The statuses each platform documents as worth retrying. Teams: 429, and 412, 502 and 504
 * (Microsoft's rate-limit guidance); Slack: 429 and its 5xx answers.
 */
export const RETRY_STATUSES: Readonly<Record<Platform, readonly number[]>> = {
  teams: [408, 412, 429, 500, 502, 503, 504],
  slack: [408, 429, 500, 502, 503, 504],
};

/**
 * Reads a Retry-After header: whole seconds ("2") or an HTTP date. Undefined when absent or
 * unreadable; never negative.
 */
export function retryAfterMs(header: string | null | undefined, now: Date = new Date()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/**
 * The outcome of an HTTP answer from a platform, for doors that see the status: 2xx is sent,
 * a documented transient status is a retry (with its Retry-After), anything else has failed.
 */
export function outcomeOfStatus(
  platform: Platform,
  status: number,
  retryAfter?: string | null,
  detail?: string,
  now: Date = new Date(),
): DeliveryOutcome {
  if (status >= 200 && status < 300) return { outcome: 'sent' };
  const said = detail ? `: ${detail}` : '';
  if (status === 0 || RETRY_STATUSES[platform].includes(status)) {
    const after = retryAfterMs(retryAfter, now);
    return { outcome: 'retry', status, ...(after === undefined ? {} : { retryAfterMs: after }), detail: `HTTP ${status}${said}` };
  }
  return { outcome: 'failed', reason: `HTTP ${status}${said}` };
}
