/**
 * Writing what the use-cases send into the store's outbox, before anything is sent. Sends that
 * arrive while a write is under way wait for it and then go together in one write: each write
 * takes the store's cross-process lock, so one write per message would make queueing a
 * trust's reminders wait on the lock once per message. Each send still answers only once its
 * own message is in the store.
 */
import { randomUUID } from 'node:crypto';
import type { Delivery, OutboundMessage } from '../review/outbound.js';
import { StoreRecordError, type Enqueued, type Store } from '../store/port.js';
import type { OutboxMessage, Platform } from '../store/records.js';
import type { WarnOnce } from './log.js';
import { toPayload } from './payload.js';
import { routeOf } from './recipients.js';
import type { SendTimes } from './send-time.js';

export interface EnqueuerOptions {
  store: Store;
  /** The connected platforms, preferred first. */
  platforms: readonly Platform[];
  sendTimes: SendTimes;
  now: () => Date;
  warnOnce: WarnOnce;
  /** Called after a write that added at least one message. */
  onAdded: () => void;
}

/** What a send is answered, with the stored message it names (none when nothing was stored). */
export interface Written {
  delivery: Delivery;
  messageId: string | null;
}

interface Waiting {
  message: OutboundMessage;
  resolve: (written: Written) => void;
  reject: (error: unknown) => void;
}

interface Prepared {
  waiting: Waiting;
  record: OutboxMessage;
}

export class Enqueuer {
  readonly #options: EnqueuerOptions;
  #waiting: Waiting[] = [];
  #writing: Promise<void> | null = null;

  constructor(options: EnqueuerOptions) {
    this.#options = options;
  }

  /** Writes the message (once per idempotency key) and answers: queued, already sent or failed, or unreachable. */
  send(message: OutboundMessage): Promise<Delivery> {
    return this.write(message).then((written) => written.delivery);
  }

  /** As send(), naming the stored message too. */
  write(message: OutboundMessage): Promise<Written> {
    return new Promise<Written>((resolve, reject) => {
      this.#waiting.push({ message, resolve, reject });
      this.#pump();
    });
  }

  /** Resolves once every send made so far has been written (or refused). */
  async idle(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  #pump(): void {
    if (this.#writing || this.#waiting.length === 0) return;
    const group = this.#waiting.splice(0);
    this.#writing = this.#write(group).finally(() => {
      this.#writing = null;
      this.#pump();
    });
  }

  /** Never throws: each send in the group is answered or refused on its own. */
  async #write(group: Waiting[]): Promise<void> {
    let prepared: Prepared[];
    try {
      prepared = await this.#prepare(group);
    } catch (e) {
      for (const waiting of group) waiting.reject(e);
      return;
    }
    if (prepared.length === 0) return;
    const { store } = this.#options;
    try {
      this.#answer(prepared, await store.enqueueMany(prepared.map((p) => p.record)));
    } catch (e) {
      if (!(e instanceof StoreRecordError) || prepared.length === 1) {
        for (const { waiting } of prepared) waiting.reject(e);
        return;
      }
      // One message the store refuses must not refuse the others sent beside it: each is
      // written on its own, and only the bad one fails.
      await Promise.all(prepared.map(async (p) => {
        try {
          this.#answer([p], [await store.enqueue(p.record)]);
        } catch (error) {
          p.waiting.reject(error);
        }
      }));
    }
  }

  /** The records to write; a recipient who cannot be reached is answered now and nothing is stored for them. */
  async #prepare(group: Waiting[]): Promise<Prepared[]> {
    const { store, platforms, sendTimes, now: clock, warnOnce } = this.#options;
    const trust = await store.getTrust();
    const now = clock();
    const from = sendTimes.from(now);
    if (!from) warnOnce('calendar', 'outbox: the term dates hold no school day ahead, so queued messages wait until the next academic year is added to the calendar');
    const prepared: Prepared[] = [];
    for (const waiting of group) {
      const { message } = waiting;
      try {
        const route = await routeOf(store, platforms, message.to, trust);
        if ('unreachable' in route) {
          waiting.resolve({ delivery: { status: 'unreachable', detail: route.unreachable }, messageId: null });
          continue;
        }
        prepared.push({
          waiting,
          record: {
            id: randomUUID(),
            idempotencyKey: message.idempotencyKey,
            platform: route.platform,
            to: route.key,
            payload: toPayload(message.view, message.to, trust),
            // Already in front of its reader (the answer to their own request): kept as sent, never posted.
            state: message.shownInReply ? 'sent' : 'pending',
            attempts: 0,
            createdAt: now.toISOString(),
            ...(message.shownInReply ? { sentAt: now.toISOString() } : {}),
            ...(from && from.getTime() > now.getTime() ? { notBefore: from.toISOString() } : {}),
          },
        });
      } catch (e) {
        waiting.reject(e);
      }
    }
    return prepared;
  }

  #answer(prepared: Prepared[], kept: Enqueued[]): void {
    if (kept.some((k) => k.added)) this.#options.onAdded();
    prepared.forEach(({ waiting }, i) => {
      const { message } = kept[i]!;
      const messageId = message.id;
      if (message.state === 'sent') waiting.resolve({ delivery: { status: 'sent' }, messageId });
      else if (message.state === 'failed') waiting.resolve({ delivery: { status: 'failed', detail: message.lastError ?? 'not delivered' }, messageId });
      else waiting.resolve({ delivery: { status: 'queued' }, messageId });
    });
  }
}
