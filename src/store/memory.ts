/**
 * The store held in memory, for tests and short-lived tools. It behaves as the lowdb store does
 * (same validation, conflicts, idempotency, audit and copies) because both are the same DataStore.
 */
import { DataStore } from './data-store.js';
import { emptyStoreData, issuesOf } from './file.js';
import { StoreRecordError } from './port.js';
import { StoreData } from './records.js';

export class MemoryStore extends DataStore {
  #data: StoreData;
  #queue: Promise<unknown> = Promise.resolve();

  /** Starts empty, or from a document (checked as a store file would be). */
  constructor(initial?: StoreData) {
    super();
    if (!initial) {
      this.#data = emptyStoreData();
      return;
    }
    const parsed = StoreData.safeParse(structuredClone(initial), { reportInput: true });
    if (!parsed.success) throw new StoreRecordError('the initial store document', issuesOf(parsed.error));
    this.#data = parsed.data;
  }

  protected async snapshot(): Promise<StoreData> {
    return this.#data;
  }

  protected mutate<T>(change: (data: StoreData) => T): Promise<T> {
    const run = this.#queue.then(() => {
      const draft = structuredClone(this.#data);
      const result = change(draft);
      this.#data = draft;
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
