/** How long to wait before trying a message again, and when to give up. */
import type { OutboxMessage } from '../store/records.js';
import type { DeliveryOutcome } from './deliverer.js';

export interface RetryPolicy {
  /** Tries that end in an error (412, 5xx, no answer) before the message is marked failed. */
  maxAttempts: number;
  /** "Too many requests" answers before the message is marked failed: throttling is waited out, not counted as an error. */
  maxThrottled: number;
  /** Exponential backoff from `baseMs`, doubling, capped at `maxMs`, each spread by ±`jitter`. */
  baseMs: number;
  maxMs: number;
  jitter: number;
}

/**
 * Microsoft's guidance for Teams bots: exponential backoff with random jitter (its example
 * waits 2 to 20 seconds with ±20%). Throttling gets a budget of its own, so a busy hour
 * delays a message rather than losing it.
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, maxThrottled: 30, baseMs: 2000, maxMs: 20_000, jitter: 0.2 };

/**
 * The wait before the next try. `tries` counts the tries of this kind so far (1 after the
 * first). A platform's Retry-After is honoured as the least wait, with a little jitter on top
 * so that messages throttled together do not all come back at the same instant.
 */
export function retryDelay(policy: RetryPolicy, tries: number, retryAfterMs: number | undefined, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs + random() * Math.min(1000, Math.max(50, retryAfterMs * policy.jitter)));
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, tries - 1));
  return Math.round(exponential * (1 - policy.jitter + 2 * policy.jitter * random()));
}

/** After a refused try: another after `delayMs`, or give up. Either way, the counts to record. */
export type NextTry =
  | { giveUp: false; attempts: number; throttled: number; detail: string; delayMs: number; throttledNow: boolean }
  | { giveUp: true; attempts: number; throttled: number; reason: string };

/**
 * What follows a try the platform asked to be retried. Throttling (429) and errors are counted
 * apart, each against its own budget, and the wait grows with the count of its kind.
 */
export function nextTry(
  policy: RetryPolicy,
  message: Pick<OutboxMessage, 'attempts' | 'throttled'>,
  refusal: Extract<DeliveryOutcome, { outcome: 'retry' }>,
  random: () => number,
): NextTry {
  const attempts = message.attempts + 1;
  const throttledNow = refusal.status === 429;
  const throttled = (message.throttled ?? 0) + (throttledNow ? 1 : 0);
  const errors = attempts - throttled;
  const detail = refusal.detail ?? `HTTP ${refusal.status}`;
  if (throttledNow ? throttled >= policy.maxThrottled : errors >= policy.maxAttempts) {
    const tries = throttledNow ? `throttled ${throttled} times` : `${errors} failed tries`;
    return { giveUp: true, attempts, throttled, reason: `${detail} (gave up after ${tries})` };
  }
  const delayMs = retryDelay(policy, throttledNow ? throttled : errors, refusal.retryAfterMs, random);
  return { giveUp: false, attempts, throttled, detail, delayMs, throttledNow };
}
