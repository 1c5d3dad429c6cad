/**
 * Records send outcomes in groups: at most one store write each `intervalMs` (and never two at
 * once); the outcomes that arrive meanwhile go together in the next. Each write takes the
 * store's cross-process lock and appends to its journal, so one write per message would make
 * the sender wait on the lock for every message and stall the pacing.
 *
 * The price, stated: if the process dies, the outcomes of the last interval may not be kept, and
 * those messages are sent again after the restart (at least once; never lost).
 */
import type { OutboxChange, Store } from '../store/port.js';

export const DEFAULT_WRITE_INTERVAL_MS = 200;

export class OutcomeWriter {
  readonly #store: Store;
  readonly #onError: (error: Error, lost: number) => void;
  readonly #intervalMs: number;
  #waiting: { id: string; change: OutboxChange }[] = [];
  #writing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lastWrite = -Infinity;

  constructor(store: Store, onError: (error: Error, lost: number) => void, intervalMs = DEFAULT_WRITE_INTERVAL_MS) {
    this.#store = store;
    this.#onError = onError;
    this.#intervalMs = intervalMs;
  }

  record(id: string, change: OutboxChange): void {
    this.#waiting.push({ id, change });
    this.#pump();
  }

  /** Writes what is waiting now, and resolves once every outcome recorded so far is written (or reported as not written). */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lastWrite = -Infinity;
    this.#pump();
    while (this.#writing) await this.#writing;
  }

  #pump(): void {
    if (this.#writing || this.#timer || this.#waiting.length === 0) return;
    // Real time, not the outbox's clock: this paces the disk, not the messages.
    const wait = this.#lastWrite + this.#intervalMs - performance.now();
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#pump();
      }, wait);
      return;
    }
    const group = this.#waiting.splice(0);
    this.#lastWrite = performance.now();
    this.#writing = this.#store.updateOutboxMany(group)
      // The messages stay pending in the store and are tried again: never lost.
      .catch((e: unknown) => this.#onError(e as Error, group.length))
      .finally(() => {
        this.#writing = null;
        this.#pump();
      });
  }
}
