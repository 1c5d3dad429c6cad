/** How long to wait before trying a message again, and when to give up. */

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
