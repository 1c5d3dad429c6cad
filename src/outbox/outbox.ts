/**
 * The durable outbox: the Outbound every use-case sends through. A message is written to the
 * store before anything is sent (one per idempotency key: enqueuer.ts), then a dispatcher sends
 * what is pending on school days in working hours, paced to each platform's limits, retrying
 * what the platform asks to be retried, and marking each message sent or failed
 * (dispatcher.ts). A message is never dropped: one that cannot be delivered stays in the store
 * as `failed`, and leadership is told (failures.ts).
 *
 * Delivery is at least once across a crash: a message the platform accepted in the instant
 * before its "sent" mark was written is sent again after a restart. Nothing else repeats.
 *
 * The same path serves local mode, only timed differently (`timing: 'at-once'`): a message may
 * go at any hour, and send() answers once its message has been tried, so that someone trying
 * the bot at 8pm sees the window open in the same turn, and errors are classed one way for both.
 */
import { DEFAULT_WORKING_HOURS, type Calendar, type WorkingHours } from '../calendar/index.js';
import type { Delivery, Outbound, OutboundMessage } from '../review/outbound.js';
import type { Store } from '../store/port.js';
import type { Platform } from '../store/records.js';
import type { Deliverer } from './deliverer.js';
import { Dispatcher, type DispatchReport, type OutboxSharing } from './dispatcher.js';
import { Enqueuer } from './enqueuer.js';
import { FailureReporter } from './failures.js';
import type { PlatformLimits } from './limits.js';
import { SILENT_LOG, warnOnce, type OutboxLog } from './log.js';
import { Pacer } from './pacing.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { AT_ONCE, SchoolDaySendTimes } from './send-time.js';

export interface OutboxOptions {
  store: Store;
  calendar: Calendar;
  /** The connected platforms' doors, preferred first: a person is messaged on the first that has a chat with them. */
  deliverers: readonly Deliverer[];
  /**
   * When messages go. `school-days` (the default): on school days in working hours, send()
   * answering once the message is stored. `at-once` (local mode): whenever they are sent, send()
   * answering once the message has been tried (sent, failed, or queued for a retry); retries
   * are left to the background loop, so start() it.
   */
  timing?: 'school-days' | 'at-once';
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
  /** Several senders (replicas) sharing one database's outbox (dispatcher.ts). */
  sharing?: OutboxSharing;
}

export interface Outbox extends Outbound {
  /**
   * Writes the message to the store (once per idempotency key) and answers once it is there:
   * queued, or unreachable (at once: once it has been tried). Messages sent while a write is
   * under way are written together.
   */
  send(message: OutboundMessage): Promise<Delivery>;
  /** Sends every pending message that may go now; resolves when each is sent, failed or left for later. */
  dispatch(): Promise<DispatchReport>;
  /** Dispatches in the background: whenever a message is queued, and when held messages fall due. */
  start(): void;
  /** Stops dispatching, lets deliveries under way finish and records them, and waits for messages being written. */
  stop(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_MAX_WAIT_MS = 60_000;
/** At once, a person's turn waits at most this long for a slot; a retry is left to the background loop. */
const AT_ONCE_MAX_WAIT_MS = 1000;
const DEFAULT_MARGIN_MS = 25;
/** The background loop looks again at least this often, whatever it expects. */
const IDLE_RECHECK_MS = 60_000;

export function createOutbox(options: OutboxOptions): Outbox {
  return new DurableOutbox(options);
}

class DurableOutbox implements Outbox {
  readonly #enqueuer: Enqueuer;
  readonly #dispatcher: Dispatcher;
  readonly #now: () => Date;
  readonly #log: OutboxLog;
  readonly #atOnce: boolean;
  /** At once: the outcome of each message a send() waits for, as the dispatcher settles it. */
  readonly #settled = new Map<string, { waiting: number; outcome: Delivery | null }>();
  #started = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: OutboxOptions) {
    const platforms = options.deliverers.map((d) => d.platform);
    const deliverers = new Map(options.deliverers.map((d) => [d.platform, d]));
    if (deliverers.size !== options.deliverers.length) throw new Error(`one deliverer per platform: ${platforms.join(', ')} names a platform twice`);
    const { store } = options;
    this.#now = options.now ?? (() => new Date());
    this.#log = options.log ?? SILENT_LOG;
    const warn = warnOnce(this.#log);
    this.#atOnce = options.timing === 'at-once';
    const sendTimes = this.#atOnce ? AT_ONCE : new SchoolDaySendTimes(options.calendar, options.workingHours ?? DEFAULT_WORKING_HOURS);
    this.#enqueuer = new Enqueuer({ store, platforms, sendTimes, now: this.#now, warnOnce: warn, onAdded: () => this.#kick() });
    this.#dispatcher = new Dispatcher({
      store,
      deliverers,
      sendTimes,
      pacer: new Pacer(platforms, options.limits, options.limitMarginMs ?? DEFAULT_MARGIN_MS),
      // Written only, never awaited in the batch that reports the failure: the next batch sends it.
      failures: new FailureReporter(store, (message) => this.#enqueuer.send(message), this.#log),
      retry: { ...DEFAULT_RETRY, ...options.retry },
      now: this.#now,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      random: options.random ?? Math.random,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      maxWaitMs: options.maxWaitMs ?? (this.#atOnce ? AT_ONCE_MAX_WAIT_MS : DEFAULT_MAX_WAIT_MS),
      log: this.#log,
      warnOnce: warn,
      onSettled: (id, delivery) => {
        const settled = this.#settled.get(id);
        if (settled) settled.outcome = delivery;
      },
      ...(options.sharing ? { sharing: options.sharing } : {}),
    });
  }

  async send(message: OutboundMessage): Promise<Delivery> {
    if (!this.#atOnce) return this.#enqueuer.send(message);
    const { delivery, messageId } = await this.#enqueuer.write(message);
    if (delivery.status !== 'queued' || messageId === null) return delivery;
    // Several sends of one key wait for the same message; the last to finish forgets it.
    const settled = this.#settled.get(messageId) ?? { waiting: 0, outcome: null };
    settled.waiting++;
    this.#settled.set(messageId, settled);
    try {
      await this.dispatch();
      return settled.outcome ?? { status: 'queued' };
    } finally {
      if (--settled.waiting === 0) this.#settled.delete(messageId);
    }
  }

  dispatch(): Promise<DispatchReport> {
    return this.#dispatcher.dispatch();
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#dispatcher.stop();
    await this.#enqueuer.idle();
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
}
