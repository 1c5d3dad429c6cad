/**
 * The store held in memory, for tests and short-lived tools. It behaves as the file store does
 * (same validation, conflicts, idempotency, audit and copies) because both are the same DataStore
 * over the same indexed state.
 */
import { DataStore, type Plan } from './data-store.js';
import { issuesOf } from './file.js';
import { StoreRecordError } from './port.js';
import { StoreData } from './records.js';
import { opsOfDocument } from './document.js';
import { StoreState } from './state.js';

export class MemoryStore extends DataStore {
  readonly #state = new StoreState();
  #queue: Promise<unknown> = Promise.resolve();

  /** Starts empty, or from a document in the single-file layout (checked as a store file would be). */
  constructor(initial?: StoreData) {
    super();
    if (!initial) return;
    const parsed = StoreData.safeParse(structuredClone(initial), { reportInput: true });
    if (!parsed.success) throw new StoreRecordError('the initial store document', issuesOf(parsed.error));
    for (const op of opsOfDocument(parsed.data)) this.#state.apply(op);
  }

  protected async current(): Promise<StoreState> {
    return this.#state;
  }

  protected commit<T>(plan: (state: StoreState) => Plan<T>): Promise<T> {
    const run = this.#queue.then(() => {
      const { ops, result } = plan(this.#state);
      for (const op of ops) this.#state.apply(op);
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
