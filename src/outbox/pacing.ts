/** Each connected platform's limits, kept as sends are made: one for the whole app, one per conversation. */
import type { Platform } from '../store/records.js';
import { PLATFORM_LIMITS, RateLimiter, type PlatformLimits } from './limits.js';

export class Pacer {
  readonly #app = new Map<Platform, RateLimiter>();
  readonly #conversation = new Map<Platform, RateLimiter>();

  /** `marginMs` is added to every rate window: requests reach the platform a little after they leave. */
  constructor(platforms: readonly Platform[], limits: Partial<Record<Platform, PlatformLimits>> | undefined, marginMs: number) {
    for (const platform of platforms) {
      const chosen = limits?.[platform] ?? PLATFORM_LIMITS[platform];
      this.#app.set(platform, new RateLimiter(chosen.perApp, marginMs));
      this.#conversation.set(platform, new RateLimiter(chosen.perConversation, marginMs));
    }
  }

  /** How long a send into `channel` must wait from `now` (epoch ms); 0 when it may go now. */
  waitMs(platform: Platform, channel: string, now: number): number {
    return Math.max(this.#limiter(this.#app, platform).waitMs(platform, now), this.#limiter(this.#conversation, platform).waitMs(channel, now));
  }

  /** Counts a send made now. */
  take(platform: Platform, channel: string, now: number): void {
    this.#limiter(this.#app, platform).take(platform, now);
    this.#limiter(this.#conversation, platform).take(channel, now);
  }

  /** Shares each platform's per-app limits with `senders` senders in all (replicas): see RateLimiter.share. */
  shareApp(senders: number): void {
    for (const limiter of this.#app.values()) limiter.share(senders);
  }

  /** Holds a conversation the platform asked to wait (Retry-After). */
  pause(platform: Platform, channel: string, until: number): void {
    this.#limiter(this.#conversation, platform).pause(channel, until);
  }

  #limiter(limiters: Map<Platform, RateLimiter>, platform: Platform): RateLimiter {
    const limiter = limiters.get(platform);
    if (!limiter) throw new Error(`no limits are kept for ${platform}: it is not a connected platform`);
    return limiter;
  }
}
