/**
 * The durable outbox: the Outbound every use-case sends through. A message is written to the
 * store before anything is sent (one per idempotency key), then a dispatcher sends what is
 * pending on school days in working hours, paced to each platform's limits, retrying what the
 * platform asks to be retried, and marking each message sent or failed. A message is never
 * dropped: one that cannot be delivered stays in the store as `failed`, and leadership is told.
 *
 * Delivery is at least once across a crash: a message the platform accepted in the instant
 * before its "sent" mark was written is sent again after a restart. Nothing else repeats.
 */
import { randomUUID } from 'node:crypto';
import { CalendarError, DEFAULT_WORKING_HOURS, nextSendTime, type Calendar, type WorkingHours } from '../calendar/index.js';
import { conversationKey, type Delivery, type Outbound, type OutboundMessage, type Recipient } from '../review/outbound.js';
import { leadershipKey } from '../review/conversations.js';
import type { NoticeView } from '../review/views.js';
import type { Store } from '../store/port.js';
import type { OutboxMessage, Platform, Trust } from '../store/records.js';
import type { Deliverer, DeliveryOutcome } from './deliverer.js';
import { PLATFORM_LIMITS, RateLimiter, type PlatformLimits } from './limits.js';
import { payloadOf, toPayload } from './payload.js';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry.js';
import { OutcomeWriter } from './writer.js';

export interface OutboxLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface OutboxOptions {
  store: Store;
  calendar: Calendar;
  /** The connected platforms' doors, preferred first: a person is messaged on the first that has a chat with them. */
  deliverers: readonly Deliverer[];
  workingHours?: WorkingHours;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  limits?: Partial<Record<Platform, PlatformLimits>>;
  /** Added to every rate window: requests reach the platform a little after they leave. */
  limitMarginMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Deliveries under way at once (each to a different conversation). */
  concurrency?: number;
  /** The longest one dispatch waits for a slot or a retry; a longer wait is left to the next dispatch. */
  maxWaitMs?: number;
  log?: OutboxLog;
}

export interface DispatchReport {
  sent: number;
  /** Tries that will be made again (throttled, or a transient error). */
  retried: number;
  failed: number;
  /** Messages left pending: waiting for working hours, a retry, or a platform that is not connected. */
  pending: number;
  /** When the next pending message may go; null when none is pending. */
  nextAt: Date | null;
}

export interface Outbox extends Outbound {
  /** Writes the message to the store (once per idempotency key) and answers at once: queued, or unreachable. */
  send(message: OutboundMessage): Promise<Delivery>;
  /** Sends every pending message that may go now; resolves when each is sent, failed or left for later. */
  dispatch(): Promise<DispatchReport>;
  /** Dispatches in the background: whenever a message is queued, and when held messages fall due. */
  start(): void;
  /** Stops taking messages, lets deliveries under way finish and records them. */
  stop(): Promise<void>;
}

const PLATFORM_NAME: Record<Platform, string> = { teams: 'Microsoft Teams', slack: 'Slack' };
const DEFAULT_CONCURRENCY = 16;
const DEFAULT_MAX_WAIT_MS = 60_000;
const DEFAULT_MARGIN_MS = 25;
/** The background loop looks again at least this often, whatever it expects. */
const IDLE_RECHECK_MS = 60_000;

interface Item {
  /** Its place in the queue as stored: a retried message goes back to it. */
  seq: number;
  message: OutboxMessage;
  /** Epoch ms before which the message may not go. */
  readyAt: number;
  /** The platform and conversation: one delivery at a time each, in the order queued. */
  channel: string;
}

export function createOutbox(options: OutboxOptions): Outbox {
  return new DurableOutbox(options);
}

class DurableOutbox implements Outbox {
  readonly #store: Store;
  readonly #calendar: Calendar;
  readonly #deliverers: Map<Platform, Deliverer>;
  readonly #order: Platform[];
  readonly #hours: WorkingHours;
  readonly #now: () => Date;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #retry: RetryPolicy;
  readonly #concurrency: number;
  readonly #maxWaitMs: number;
  readonly #log: OutboxLog;
  readonly #appLimits = new Map<Platform, RateLimiter>();
  readonly #conversationLimits = new Map<Platform, RateLimiter>();

  #chain: Promise<unknown> = Promise.resolve();
  #queued: Promise<DispatchReport> | null = null;
  #started = false;
  #stopping = false;
  #timer: NodeJS.Timeout | null = null;
  /** Settles when stop() is called, so a batch waiting out a long Retry-After stops at once. */
  #interrupt = deferred();
  /** The default sleep's timers, cleared on stop() so that none keeps the process alive. */
  readonly #sleeps = new Map<NodeJS.Timeout, () => void>();
  readonly #warned = new Set<string>();

  constructor(options: OutboxOptions) {
    this.#store = options.store;
    this.#calendar = options.calendar;
    this.#order = options.deliverers.map((d) => d.platform);
    this.#deliverers = new Map(options.deliverers.map((d) => [d.platform, d]));
    if (this.#deliverers.size !== options.deliverers.length) throw new Error(`one deliverer per platform: ${this.#order.join(', ')} names a platform twice`);
    this.#hours = options.workingHours ?? DEFAULT_WORKING_HOURS;
    this.#now = options.now ?? (() => new Date());
    this.#sleep = options.sleep ?? ((ms) => this.#realSleep(ms));
    this.#random = options.random ?? Math.random;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.#log = options.log ?? { info: () => undefined, warn: () => undefined };
    const margin = options.limitMarginMs ?? DEFAULT_MARGIN_MS;
    for (const platform of this.#order) {
      const limits = options.limits?.[platform] ?? PLATFORM_LIMITS[platform];
      this.#appLimits.set(platform, new RateLimiter(limits.perApp, margin));
      this.#conversationLimits.set(platform, new RateLimiter(limits.perConversation, margin));
    }
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    const trust = await this.#store.getTrust();
    const route = await this.#route(message.to, trust);
    if ('unreachable' in route) return { status: 'unreachable', detail: route.unreachable };
    const now = this.#now();
    const from = this.#sendableFrom(now);
    if (!from) this.#warnOnce('calendar', 'outbox: the term dates hold no school day ahead, so queued messages wait until the next academic year is added to the calendar');
    const record: OutboxMessage = {
      id: randomUUID(),
      idempotencyKey: message.idempotencyKey,
      platform: route.platform,
      to: route.key,
      payload: toPayload(message.view, message.to, trust),
      state: 'pending',
      attempts: 0,
      createdAt: now.toISOString(),
      ...(from && from.getTime() > now.getTime() ? { notBefore: from.toISOString() } : {}),
    };
    const { message: kept, added } = await this.#store.enqueue(record);
    if (added) this.#kick();
    if (kept.state === 'sent') return { status: 'sent' };
    if (kept.state === 'failed') return { status: 'failed', detail: kept.lastError ?? 'not delivered' };
    return { status: 'queued' };
  }

  dispatch(): Promise<DispatchReport> {
    // One batch at a time; calls made while one runs share the single batch queued behind it.
    if (this.#queued) return this.#queued;
    const run = this.#chain.then(() => {
      this.#queued = null;
      return this.#batch();
    });
    this.#queued = run;
    this.#chain = run.catch(() => undefined);
    return run;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#interrupt.resolve();
    for (const [timer, wake] of this.#sleeps) {
      clearTimeout(timer);
      wake();
    }
    this.#sleeps.clear();
    await this.#chain;
    this.#interrupt = deferred();
    this.#stopping = false;
  }

  #realSleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve();
      }, ms);
      this.#sleeps.set(timer, resolve);
    });
  }

  #kick(): void {
    if (this.#started) this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#loop();
    }, ms);
    this.#timer.unref();
  }

  async #loop(): Promise<void> {
    let next = IDLE_RECHECK_MS;
    try {
      const report = await this.dispatch();
      if (report.nextAt) next = Math.min(IDLE_RECHECK_MS, Math.max(0, report.nextAt.getTime() - this.#now().getTime()));
    } catch (e) {
      this.#log.warn(`outbox: dispatch failed, trying again in a minute: ${(e as Error).message}`);
    }
    if (this.#started && !this.#timer) this.#schedule(next);
  }

  /** Where a recipient is reached: the first connected platform with a stored conversation. */
  async #route(to: Recipient, trust: Trust | null): Promise<{ platform: Platform; key: string } | { unreachable: string }> {
    if (this.#order.length === 0) return { unreachable: 'no chat platform is connected to the bot' };
    if (to.kind === 'person' && trust && !trust.people.some((p) => p.id === to.personId)) {
      return { unreachable: `"${to.personId}" is not on the trust's roster` };
    }
    for (const platform of this.#order) {
      const key = to.kind === 'leadership' ? leadershipKey(trust, platform) : conversationKey(to);
      if (await this.#store.getConversation(key, platform)) return { platform, key };
    }
    const where = this.#order.map((p) => PLATFORM_NAME[p]).join(' or ');
    return {
      unreachable: to.kind === 'leadership'
        ? `the bot has not been added to the leadership channel on ${where}`
        : `no chat with the bot is known on ${where}`,
    };
  }

  /** The first instant from `now` when a message may go; null when the calendar has no school day left. */
  #sendableFrom(now: Date): Date | null {
    try {
      return nextSendTime(this.#calendar, now, this.#hours);
    } catch (e) {
      if (e instanceof CalendarError && e.code === 'OUT_OF_RANGE') return null;
      throw e;
    }
  }

  #inWorkingHours(now: number): boolean {
    return this.#sendableFrom(new Date(now))?.getTime() === now;
  }

  async #batch(): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, pending: 0, nextAt: null };
    const pending = await this.#store.listOutbox({ state: 'pending' });
    const queue: Item[] = [];
    const parked: Item[] = [];
    for (const [seq, message] of pending.entries()) {
      const item: Item = { seq, message, readyAt: message.notBefore ? Date.parse(message.notBefore) : 0, channel: `${message.platform}:${message.to}` };
      if (this.#deliverers.has(message.platform)) queue.push(item);
      else {
        parked.push(item);
        this.#warnOnce(message.platform, `outbox: ${PLATFORM_NAME[message.platform]} is not connected; its pending messages wait until it is`);
      }
    }
    if (!this.#stopping && queue.length > 0 && this.#inWorkingHours(this.#now().getTime())) await this.#send(queue, report);

    const left = [...queue, ...parked];
    report.pending = left.length;
    if (queue.length) {
      const now = this.#now();
      const earliest = Math.max(Math.min(...queue.map((i) => i.readyAt)), now.getTime());
      report.nextAt = this.#sendableFrom(new Date(earliest));
    }
    return report;
  }

  /** Sends from the queue until it is empty, only far-off retries remain, working hours end, or stop() is called. */
  async #send(queue: Item[], report: DispatchReport): Promise<void> {
    const inFlight = new Map<string, Promise<void>>();
    const writer = new OutcomeWriter(this.#store, (e, lost) => {
      this.#log.warn(`outbox: ${lost} outcome(s) could not be recorded and will be tried again: ${e.message}`);
    });
    while (!this.#stopping) {
      const now = this.#now().getTime();
      if (!this.#inWorkingHours(now)) break;
      let picked = -1;
      let earliest = Infinity;
      const seen = new Set<string>();
      for (let i = 0; i < queue.length; i++) {
        const item = queue[i]!;
        // Only the oldest message of each conversation is a candidate: order is kept per chat.
        if (seen.has(item.channel)) continue;
        seen.add(item.channel);
        if (inFlight.has(item.channel)) continue;
        const wait = Math.max(item.readyAt - now, this.#limitWait(item, now));
        if (wait > 0) {
          earliest = Math.min(earliest, now + wait);
          continue;
        }
        picked = i;
        break;
      }
      if (picked >= 0 && inFlight.size < this.#concurrency) {
        const item = queue.splice(picked, 1)[0]!;
        this.#take(item, now);
        const delivery = this.#deliver(item, queue, writer, report)
          // The message stays pending in the store: the next dispatch tries it again.
          .catch((e: unknown) => this.#log.warn(`outbox: ${item.message.idempotencyKey} left pending: ${(e as Error).message}`))
          .finally(() => inFlight.delete(item.channel));
        inFlight.set(item.channel, delivery);
        continue;
      }
      if (queue.length === 0 && inFlight.size === 0) break;
      if (inFlight.size === 0 && (!Number.isFinite(earliest) || earliest - now > this.#maxWaitMs)) break;
      const waits: Promise<unknown>[] = [...inFlight.values(), this.#interrupt.promise];
      if (picked < 0 && Number.isFinite(earliest) && earliest - now <= this.#maxWaitMs) waits.push(this.#sleep(Math.max(1, earliest - now)));
      await Promise.race(waits);
    }
    await Promise.all(inFlight.values());
    await writer.flush();
  }

  #limitWait(item: Item, now: number): number {
    const platform = item.message.platform;
    return Math.max(this.#appLimits.get(platform)!.waitMs(platform, now), this.#conversationLimits.get(platform)!.waitMs(item.channel, now));
  }

  #take(item: Item, now: number): void {
    const platform = item.message.platform;
    this.#appLimits.get(platform)!.take(platform, now);
    this.#conversationLimits.get(platform)!.take(item.channel, now);
  }

  async #deliver(item: Item, queue: Item[], writer: OutcomeWriter, report: DispatchReport): Promise<void> {
    const message = item.message;
    const conversation = await this.#store.getConversation(message.to, message.platform);
    let outcome: DeliveryOutcome;
    if (!conversation) {
      outcome = { outcome: 'failed', reason: `no conversation is stored for ${message.to} on ${PLATFORM_NAME[message.platform]} any more` };
    } else {
      try {
        outcome = await this.#deliverers.get(message.platform)!.deliver(conversation, message);
      } catch (e) {
        outcome = { outcome: 'retry', status: 0, detail: `no answer from ${PLATFORM_NAME[message.platform]}: ${(e as Error).message}` };
      }
    }
    const at = this.#now();
    const attempts = message.attempts + 1;
    if (outcome.outcome === 'sent') {
      report.sent++;
      writer.record(message.id, { state: 'sent', sentAt: at.toISOString(), attempts });
      return;
    }
    if (outcome.outcome === 'failed') {
      await this.#fail(message, attempts, message.throttled, outcome.reason, writer, report);
      return;
    }
    const throttledNow = outcome.status === 429;
    const throttled = (message.throttled ?? 0) + (throttledNow ? 1 : 0);
    const errors = attempts - throttled;
    const detail = outcome.detail ?? `HTTP ${outcome.status}`;
    if (throttledNow ? throttled >= this.#retry.maxThrottled : errors >= this.#retry.maxAttempts) {
      const tries = throttledNow ? `throttled ${throttled} times` : `${errors} failed tries`;
      await this.#fail(message, attempts, throttled, `${detail} (gave up after ${tries})`, writer, report);
      return;
    }
    const delay = retryDelay(this.#retry, throttledNow ? throttled : errors, outcome.retryAfterMs, this.#random);
    const readyAt = at.getTime() + delay;
    if (throttledNow) this.#conversationLimits.get(message.platform)!.pause(item.channel, readyAt);
    report.retried++;
    const change = { attempts, throttled, notBefore: new Date(readyAt).toISOString(), lastError: detail };
    writer.record(message.id, change);
    item.message = { ...message, ...change };
    item.readyAt = readyAt;
    // Back in its place, so that later messages to the same chat still wait behind it.
    const index = queue.findIndex((q) => q.seq > item.seq);
    queue.splice(index < 0 ? queue.length : index, 0, item);
  }

  async #fail(message: OutboxMessage, attempts: number, throttled: number | undefined, reason: string, writer: OutcomeWriter, report: DispatchReport): Promise<void> {
    report.failed++;
    // Leadership is told before the message is marked, so a crash in between repeats nothing (same key) and loses nothing.
    await this.#reportFailure(message, reason).catch((e: unknown) => this.#log.warn(`outbox: could not tell leadership that ${message.idempotencyKey} failed: ${(e as Error).message}`));
    writer.record(message.id, { state: 'failed', attempts, lastError: reason, ...(throttled === undefined ? {} : { throttled }) });
  }

  async #reportFailure(message: OutboxMessage, reason: string): Promise<void> {
    const { view, recipient } = payloadOf(message);
    if (recipient.kind === 'leadership') {
      this.#log.warn(`outbox: a message to the leadership channel could not be delivered (${message.idempotencyKey}): ${reason}`);
      return;
    }
    const trust = await this.#store.getTrust();
    const person = trust?.people.find((p) => p.id === recipient.personId);
    const notice: NoticeView = {
      kind: 'notice',
      title: 'A message could not be delivered',
      lines: [
        `"${titleOf(view)}" to ${person?.name ?? recipient.personId} on ${PLATFORM_NAME[message.platform]} was not delivered: ${reason}.`,
        'It is kept, marked failed; /status for the school lists it. Check that the bot is still installed for them.',
      ],
      action: null,
    };
    const delivery = await this.send({ to: { kind: 'leadership' }, idempotencyKey: `undelivered:${message.id}`, view: notice });
    if (delivery.status === 'unreachable') this.#log.warn(`outbox: ${message.idempotencyKey} failed (${reason}) and leadership cannot be told: ${delivery.detail}`);
  }

  #warnOnce(key: string, text: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#log.warn(text);
  }
}

function titleOf(view: ReturnType<typeof payloadOf>['view']): string {
  if ('title' in view && typeof view.title === 'string') return view.title;
  if ('headline' in view && typeof view.headline === 'string') return view.headline;
  if ('school' in view && view.school) return `${view.kind} for ${view.school.name}`;
  return view.kind;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
