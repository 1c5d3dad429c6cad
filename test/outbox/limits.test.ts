/** Pacing, backoff and reading a platform's answer: the pieces the dispatcher is built from. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, outcomeOfStatus, RateLimiter, retryAfterMs, retryDelay, TEAMS_LIMITS } from '../../src/outbox/index.js';

/** Sends as fast as the limiter allows, from t = 0, and returns the send times. */
function paced(limiter: RateLimiter, key: string, count: number): number[] {
  const times: number[] = [];
  let now = 0;
  while (times.length < count) {
    const wait = limiter.waitMs(key, now);
    if (wait > 0) now += wait;
    else {
      limiter.take(key, now);
      times.push(now);
    }
  }
  return times;
}

const most = (times: number[], period: number) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + period).length));

describe('the rate limiter', () => {
  it('keeps to every window of Teams\' per-conversation limits', () => {
    const times = paced(new RateLimiter(TEAMS_LIMITS.perConversation), 'chat', 130);
    expect(most(times, 1000)).toBeLessThanOrEqual(7);
    expect(most(times, 2000)).toBeLessThanOrEqual(8);
    expect(most(times, 30_000)).toBeLessThanOrEqual(60);
    // The 30-second window, not the per-second one, sets the pace of a long run.
    expect(times[120]!).toBeGreaterThanOrEqual(60_000);
  });

  it('spreads requests evenly at 50 a second, widened by the margin, and keeps keys apart', () => {
    const limiter = new RateLimiter(TEAMS_LIMITS.perApp, 25);
    const times = paced(limiter, 'teams', 500);
    expect(most(times, 1025)).toBeLessThanOrEqual(50);
    expect(times[499]! / 499).toBeCloseTo(20.5, 0);
    expect(limiter.waitMs('slack', times[499]!)).toBe(0);
  });

  it('shares the per-app limit among the replicas sending: three together keep to 50 a second', () => {
    const replicas = [0, 1, 2].map(() => new RateLimiter(TEAMS_LIMITS.perApp));
    for (const r of replicas) r.share(3);
    const together = replicas.flatMap((r) => paced(r, 'teams', 160)).sort((a, b) => a - b);
    expect(most(together, 1000)).toBeLessThanOrEqual(50);
    // One replica gone, the two left share it between them, and go faster.
    const two = new RateLimiter(TEAMS_LIMITS.perApp);
    two.share(2);
    expect(most(paced(two, 'teams', 100), 1000)).toBe(25);
  });

  it('holds a key that the platform asked to wait', () => {
    const limiter = new RateLimiter(TEAMS_LIMITS.perConversation);
    limiter.pause('chat', 3000);
    expect(limiter.waitMs('chat', 1000)).toBe(2000);
    expect(limiter.waitMs('chat', 3000)).toBe(0);
  });

  it('refuses a limit that cannot be kept, naming it', () => {
    expect(() => new RateLimiter([{ limit: 0, periodMs: 1000 }])).toThrow('found 0 in 1000 ms');
  });
});

describe('backing off', () => {
  it('doubles from 2 seconds up to 20, spread by ±20%', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(DEFAULT_RETRY, n, undefined, () => 0.5))).toEqual([2000, 4000, 8000, 16000, 20000]);
    expect(retryDelay(DEFAULT_RETRY, 1, undefined, () => 0)).toBe(1600);
    expect(retryDelay(DEFAULT_RETRY, 1, undefined, () => 1)).toBe(2400);
  });

  it('waits at least what Retry-After says, with a little jitter on top', () => {
    expect(retryDelay(DEFAULT_RETRY, 1, 3000, () => 0)).toBe(3000);
    expect(retryDelay(DEFAULT_RETRY, 9, 3000, () => 1)).toBe(3600);
    expect(retryDelay(DEFAULT_RETRY, 1, 0, () => 1)).toBe(50);
  });
});

describe('a platform\'s answer', () => {
  const now = new Date('2026-12-04T08:30:00Z');

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs('Fri, 04 Dec 2026 08:30:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Fri, 04 Dec 2026 08:29:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('retries what Teams documents as transient, and fails the rest', () => {
    expect(outcomeOfStatus('teams', 201)).toEqual({ outcome: 'sent' });
    for (const status of [412, 429, 502, 504]) expect(outcomeOfStatus('teams', status, null, 'busy', now)).toMatchObject({ outcome: 'retry', status });
    expect(outcomeOfStatus('teams', 429, '3', 'Too Many Requests', now)).toEqual({ outcome: 'retry', status: 429, retryAfterMs: 3000, detail: 'HTTP 429: Too Many Requests' });
    expect(outcomeOfStatus('teams', 403, null, 'Forbidden')).toEqual({ outcome: 'failed', reason: 'HTTP 403: Forbidden' });
    expect(outcomeOfStatus('slack', 412)).toEqual({ outcome: 'failed', reason: 'HTTP 412' });
    expect(outcomeOfStatus('slack', 429, '1')).toMatchObject({ outcome: 'retry', retryAfterMs: 1000 });
  });
});
