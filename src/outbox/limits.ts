/**
 * Pacing sends to what each platform allows, so that 429s are the exception rather than the
 * rhythm. Limits are sliding windows: at most `limit` requests in any `periodMs`.
 */
import type { Platform } from '../store/records.js';

export interface RateWindow {
  limit: number;
  periodMs: number;
}

export interface PlatformLimits {
  /** Every request the app makes on the platform. */
  perApp: readonly RateWindow[];
  /** Requests into one conversation (a person's chat, a channel). */
  perConversation: readonly RateWindow[];
}

/**
 * Microsoft Teams, as documented in "Optimize your bot with rate limiting in Teams": 50
 * requests a second per app per tenant, and per bot per conversation ("send to conversation")
 * 7 a second, 8 in 2 seconds, 60 in 30 seconds and 1800 an hour.
 */
export const TEAMS_LIMITS: PlatformLimits = {
  perApp: [{ limit: 50, periodMs: 1000 }],
  perConversation: [
    { limit: 7, periodMs: 1000 },
    { limit: 8, periodMs: 2000 },
    { limit: 60, periodMs: 30_000 },
    { limit: 1800, periodMs: 3_600_000 },
  ],
};

/**
 * Slack's chat.postMessage: one message a second per channel (short bursts tolerated, not
 * relied on). Its workspace-wide limit is far above what a trust sends, so 429s cover it.
 */
export const SLACK_LIMITS: PlatformLimits = {
  perApp: [],
  perConversation: [{ limit: 1, periodMs: 1000 }],
};

export const PLATFORM_LIMITS: Readonly<Record<Platform, PlatformLimits>> = { teams: TEAMS_LIMITS, slack: SLACK_LIMITS };

/**
 * Sliding-window counters per key. `marginMs` widens each window a little, because the
 * platform counts requests when they arrive, a few milliseconds after they leave. Requests are
 * also spread evenly at the shortest window's rate (50 a second: one each 20 ms) rather than
 * let go in bursts: a burst leaves late and unevenly, and its tail lands in the platform's
 * next window as a 429.
 */
export class RateLimiter {
  readonly #base: readonly RateWindow[];
  #windows: readonly RateWindow[];
  readonly #marginMs: number;
  readonly #longest: number;
  #gapMs = 0;
  #share = 1;
  readonly #sent = new Map<string, number[]>();
  /** When each key's next request is due if sent evenly; one may go up to two gaps early, so a late wake-up (a store write holding the event loop) does not slow the pace. */
  readonly #due = new Map<string, number>();
  readonly #pausedUntil = new Map<string, number>();

  constructor(windows: readonly RateWindow[], marginMs = 0) {
    for (const w of windows) {
      if (!Number.isInteger(w.limit) || w.limit < 1 || !(w.periodMs > 0)) {
        throw new Error(`a rate limit must allow a whole number of requests, 1 or more, in a period over 0 ms; found ${w.limit} in ${w.periodMs} ms`);
      }
    }
    this.#base = windows;
    this.#windows = windows;
    this.#marginMs = marginMs;
    this.#longest = Math.max(0, ...windows.map((w) => w.periodMs)) + marginMs;
    this.#setGap();
  }

  /**
   * Shares the limits with `senders` senders in all (replicas sending for the same app): each
   * may make its share of every window's requests (at least one), so that together they keep
   * within the platform's limits.
   */
  share(senders: number): void {
    const n = Math.max(1, Math.floor(senders));
    if (n === this.#share) return;
    this.#share = n;
    this.#windows = this.#base.map((w) => ({ limit: Math.max(1, Math.floor(w.limit / n)), periodMs: w.periodMs }));
    this.#setGap();
  }

  #setGap(): void {
    const shortest = [...this.#windows].sort((a, b) => a.periodMs - b.periodMs)[0];
    this.#gapMs = shortest ? (shortest.periodMs + this.#marginMs) / shortest.limit : 0;
  }

  /** Milliseconds from `now` until one more request under `key` keeps within every window (0: now). */
  waitMs(key: string, now: number): number {
    let wait = Math.max(0, (this.#pausedUntil.get(key) ?? 0) - now);
    const sent = this.#prune(key, now);
    const due = this.#due.get(key);
    if (due !== undefined) wait = Math.max(wait, due - this.#gapMs * 2 - now);
    for (const { limit, periodMs } of this.#windows) {
      const period = periodMs + this.#marginMs;
      let inWindow = 0;
      for (let i = sent.length - 1; i >= 0 && sent[i]! > now - period; i--) inWindow++;
      // The oldest of the last `limit` requests must leave the window first.
      if (inWindow >= limit) wait = Math.max(wait, sent[sent.length - limit]! + period - now);
    }
    return wait;
  }

  /** Counts a request made at `now`. */
  take(key: string, now: number): void {
    const sent = this.#sent.get(key) ?? [];
    sent.push(now);
    this.#sent.set(key, sent);
    if (this.#gapMs > 0) this.#due.set(key, Math.max(this.#due.get(key) ?? now, now) + this.#gapMs);
  }

  /** Holds the key until `until` (a platform's Retry-After). */
  pause(key: string, until: number): void {
    this.#pausedUntil.set(key, Math.max(until, this.#pausedUntil.get(key) ?? 0));
  }

  #prune(key: string, now: number): number[] {
    const sent = this.#sent.get(key);
    if (!sent) return [];
    let drop = 0;
    while (drop < sent.length && sent[drop]! <= now - this.#longest) drop++;
    if (drop) sent.splice(0, drop);
    if (sent.length === 0) {
      this.#sent.delete(key);
      if ((this.#due.get(key) ?? 0) <= now) this.#due.delete(key);
    }
    return sent;
  }
}
