/**
 * Sending what is pending: one batch at a time, on school days in working hours, paced to each
 * platform's limits, one delivery at a time into each conversation in the order queued,
 * retrying what the platform asks to be retried and marking each message sent or failed.
 */
import type { Delivery } from '../review/outbound.js';
import type { Store } from '../store/port.js';
import type { OutboxMessage, Platform } from '../store/records.js';
import type { Deliverer, DeliveryOutcome } from './deliverer.js';
import type { FailureReporter } from './failures.js';
import type { OutboxLog, WarnOnce } from './log.js';
import type { Pacer } from './pacing.js';
import { PLATFORM_NAME } from './recipients.js';
import { nextTry, type RetryPolicy } from './retry.js';
import type { SendTimes } from './send-time.js';
import { DEFAULT_WRITE_INTERVAL_MS, OutcomeWriter } from './writer.js';

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

export interface DispatcherOptions {
  store: Store;
  deliverers: ReadonlyMap<Platform, Deliverer>;
  sendTimes: SendTimes;
  pacer: Pacer;
  failures: FailureReporter;
  retry: RetryPolicy;
  now: () => Date;
  /** A stand-in for real waiting (tests); by default a timer that stop() cuts short. */
  sleep?: (ms: number) => Promise<void>;
  random: () => number;
  /** Deliveries under way at once (each to a different conversation). */
  concurrency: number;
  /** The longest one dispatch waits for a slot or a retry; a longer wait is left to the next dispatch. */
  maxWaitMs: number;
  log: OutboxLog;
  warnOnce: WarnOnce;
  /** Told of each message sent or failed for good, as it happens. */
  onSettled?: (messageId: string, delivery: Extract<Delivery, { status: 'sent' | 'failed' }>) => void;
  /** Several senders (replicas) sharing the store's outbox: each batch claims its conversations first. */
  sharing?: OutboxSharing;
}

/** A sender that claimed nothing looks again after this long. */
const IDLE_CLAIM_MS = 5_000;

/**
 * How this sender shares the outbox with others on the same store: it claims whole
 * conversations for a lease (Store.claimOutbox) rather than reading every pending message,
 * gives back what it leaves pending, and takes its share of the per-app limits.
 */
export interface OutboxSharing {
  /** This sender's name, unique among those sharing the store. */
  sender: string;
  /** How long a claim holds: a sender that dies leaves its messages to another after this. */
  leaseMs: number;
  /** Conversations claimed for one batch. */
  conversations: number;
}

interface Item {
  /** Its place in the queue as stored: a retried message goes back to it. */
  seq: number;
  message: OutboxMessage;
  /** Epoch ms before which the message may not go. */
  readyAt: number;
  /** The platform and conversation: one delivery at a time each, in the order queued. */
  channel: string;
}

export class Dispatcher {
  readonly #o: DispatcherOptions;
  readonly #sleep: (ms: number) => Promise<void>;
  #chain: Promise<unknown> = Promise.resolve();
  #queued: Promise<DispatchReport> | null = null;
  #stopping = false;
  /** Settles when stop() is called, so a batch waiting out a long Retry-After stops at once. */
  #interrupt = deferred();
  /** The default sleep's timers, cleared on stop() so that none keeps the process alive. */
  readonly #sleeps = new Map<NodeJS.Timeout, () => void>();

  constructor(options: DispatcherOptions) {
    this.#o = options;
    this.#sleep = options.sleep ?? ((ms) => this.#realSleep(ms));
  }

  /** Sends every pending message that may go now; resolves when each is sent, failed or left for later. */
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

  /** Ends the batch under way as soon as its deliveries under way are recorded; later dispatches run as usual. */
  async stop(): Promise<void> {
    this.#stopping = true;
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

  async #batch(): Promise<DispatchReport> {
    const { store, deliverers, sendTimes, now } = this.#o;
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, pending: 0, nextAt: null };
    const sharing = this.#o.sharing;
    const pending = sharing ? await this.#claim(sharing) : await store.listOutbox({ state: 'pending' });
    const queue: Item[] = [];
    const parked: Item[] = [];
    for (const [seq, message] of pending.entries()) {
      const item: Item = { seq, message, readyAt: message.notBefore ? Date.parse(message.notBefore) : 0, channel: `${message.platform}:${message.to}` };
      if (deliverers.has(message.platform)) queue.push(item);
      else {
        parked.push(item);
        this.#o.warnOnce(message.platform, `outbox: ${PLATFORM_NAME[message.platform]} is not connected; its pending messages wait until it is`);
      }
    }
    if (!this.#stopping && queue.length > 0 && sendTimes.isOpen(now().getTime())) await this.#send(queue, report);

    report.pending = queue.length + parked.length;
    if (queue.length) {
      const earliest = Math.max(Math.min(...queue.map((i) => i.readyAt)), now().getTime());
      report.nextAt = sendTimes.from(new Date(earliest));
    }
    if (sharing) {
      // What this batch leaves pending goes back to every sender; the next batch claims afresh:
      // at once after a claim (there may be more), else after a short look-again (another sender
      // may have queued a batch it cannot send alone, or died leaving claims that lapse).
      await store.releaseOutbox(sharing.sender, [...queue, ...parked].map((i) => i.message.id));
      const again = now().getTime() + (pending.length > 0 ? 0 : Math.min(IDLE_CLAIM_MS, Math.ceil(sharing.leaseMs / 2)));
      report.nextAt = sendTimes.from(new Date(Math.min(report.nextAt?.getTime() ?? Infinity, again)));
    }
    return report;
  }

  /** This batch's messages: the conversations claimed for it, with the per-app limits shared among the live senders. */
  async #claim(sharing: OutboxSharing): Promise<OutboxMessage[]> {
    const { store, now, pacer } = this.#o;
    pacer.shareApp(await store.liveSenders(sharing.sender, sharing.leaseMs));
    return store.claimOutbox({ by: sharing.sender, now: now().toISOString(), leaseMs: sharing.leaseMs, conversations: sharing.conversations });
  }

  /** Sends from the queue until it is empty, only far-off retries remain, working hours end, or stop() is called. */
  async #send(queue: Item[], report: DispatchReport): Promise<void> {
    const { store, sendTimes, pacer, concurrency, maxWaitMs, log } = this.#o;
    const inFlight = new Map<string, Promise<void>>();
    // Sharing a database, an outcome is written as soon as the last write is done: what a replica
    // that dies has sent but not written down is sent again, so the less of it the better.
    const writer = new OutcomeWriter(store, (e, lost) => {
      log.warn(`outbox: ${lost} outcome(s) could not be recorded and will be tried again: ${e.message}`);
    }, this.#o.sharing ? 0 : DEFAULT_WRITE_INTERVAL_MS);
    while (!this.#stopping) {
      const now = this.#o.now().getTime();
      if (!sendTimes.isOpen(now)) break;
      let picked = -1;
      let earliest = Infinity;
      const seen = new Set<string>();
      for (let i = 0; i < queue.length; i++) {
        const item = queue[i]!;
        // Only the oldest message of each conversation is a candidate: order is kept per chat.
        if (seen.has(item.channel)) continue;
        seen.add(item.channel);
        if (inFlight.has(item.channel)) continue;
        const wait = Math.max(item.readyAt - now, pacer.waitMs(item.message.platform, item.channel, now));
        if (wait > 0) {
          earliest = Math.min(earliest, now + wait);
          continue;
        }
        picked = i;
        break;
      }
      if (picked >= 0 && inFlight.size < concurrency) {
        const item = queue.splice(picked, 1)[0]!;
        pacer.take(item.message.platform, item.channel, now);
        const delivery = this.#deliver(item, queue, writer, report)
          // The message stays pending in the store: the next dispatch tries it again.
          .catch((e: unknown) => log.warn(`outbox: ${item.message.idempotencyKey} left pending: ${(e as Error).message}`))
          .finally(() => inFlight.delete(item.channel));
        inFlight.set(item.channel, delivery);
        continue;
      }
      if (queue.length === 0 && inFlight.size === 0) break;
      if (inFlight.size === 0 && (!Number.isFinite(earliest) || earliest - now > maxWaitMs)) break;
      const waits: Promise<unknown>[] = [...inFlight.values(), this.#interrupt.promise];
      if (picked < 0 && Number.isFinite(earliest) && earliest - now <= maxWaitMs) waits.push(this.#sleep(Math.max(1, earliest - now)));
      await Promise.race(waits);
    }
    await Promise.all(inFlight.values());
    await writer.flush();
  }

  async #deliver(item: Item, queue: Item[], writer: OutcomeWriter, report: DispatchReport): Promise<void> {
    const message = item.message;
    const outcome = await this.#tryOnce(message);
    const at = this.#o.now();
    if (outcome.outcome === 'sent') {
      report.sent++;
      writer.record(message.id, { state: 'sent', sentAt: at.toISOString(), attempts: message.attempts + 1 });
      this.#o.onSettled?.(message.id, { status: 'sent' });
      return;
    }
    if (outcome.outcome === 'failed') {
      await this.#fail(message, message.attempts + 1, message.throttled, outcome.reason, writer, report);
      return;
    }
    const next = nextTry(this.#o.retry, message, outcome, this.#o.random);
    if (next.giveUp) {
      await this.#fail(message, next.attempts, next.throttled, next.reason, writer, report);
      return;
    }
    const readyAt = at.getTime() + next.delayMs;
    if (next.throttledNow) this.#o.pacer.pause(message.platform, item.channel, readyAt);
    report.retried++;
    const change = { attempts: next.attempts, throttled: next.throttled, notBefore: new Date(readyAt).toISOString(), lastError: next.detail };
    writer.record(message.id, change);
    item.message = { ...message, ...change };
    item.readyAt = readyAt;
    // Back in its place, so that later messages to the same chat still wait behind it.
    const index = queue.findIndex((q) => q.seq > item.seq);
    queue.splice(index < 0 ? queue.length : index, 0, item);
  }

  async #tryOnce(message: OutboxMessage): Promise<DeliveryOutcome> {
    const conversation = await this.#o.store.getConversation(message.to, message.platform);
    if (!conversation) return { outcome: 'failed', reason: `no conversation is stored for ${message.to} on ${PLATFORM_NAME[message.platform]} any more` };
    try {
      return await this.#o.deliverers.get(message.platform)!.deliver(conversation, message);
    } catch (e) {
      return { outcome: 'retry', status: 0, detail: `no answer from ${PLATFORM_NAME[message.platform]}: ${(e as Error).message}` };
    }
  }

  async #fail(message: OutboxMessage, attempts: number, throttled: number | undefined, reason: string, writer: OutcomeWriter, report: DispatchReport): Promise<void> {
    report.failed++;
    // Leadership is told before the message is marked, so a crash in between repeats nothing (same key) and loses nothing.
    await this.#o.failures.report(message, reason).catch((e: unknown) => this.#o.log.warn(`outbox: could not tell leadership that ${message.idempotencyKey} failed: ${(e as Error).message}`));
    writer.record(message.id, { state: 'failed', attempts, lastError: reason, ...(throttled === undefined ? {} : { throttled }) });
    this.#o.onSettled?.(message.id, { status: 'failed', detail: reason });
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
