/**
 * The store held in memory, for tests and short-lived tools. It behaves as the file store does
 * (same validation, conflicts, idempotency, audit and copies) because both are the same DataStore
 * over the same indexed state.
 */
import { DataStore, type Plan } from './data-store.js';
import { issuesOf } from './file.js';
import { StoreRecordError } from './port.js';
import { STORE_SCHEMA_VERSION, StoreData, type EvaluationRecord } from './records.js';
import { opsOfDocument } from './document.js';
import { StoreState, type Op } from './state.js';

export class MemoryStore extends DataStore {
  readonly #state = new StoreState();
  /** Every change kept, in order: the whole store as a document can be read back from it. */
  readonly #applied: Op[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  /** Starts empty, or from a document in the single-file layout (checked as a store file would be). */
  constructor(initial?: StoreData) {
    super();
    if (!initial) return;
    const parsed = StoreData.safeParse(structuredClone(initial), { reportInput: true });
    if (!parsed.success) throw new StoreRecordError('the initial store document', issuesOf(parsed.error));
    for (const op of opsOfDocument(parsed.data)) this.#apply(op);
  }

  #apply(op: Op): void {
    this.#state.apply(op);
    this.#applied.push(op);
  }

  /** How many records and audit entries have been written: unchanged means nothing was written. */
  get recordsWritten(): number {
    return this.#applied.length;
  }

  /**
   * The whole store in the single-file layout: every record as kept, older evaluations
   * included. A new MemoryStore opened on it is a copy (tests seed once and copy the store).
   */
  async document(): Promise<StoreData> {
    const data: StoreData = {
      schemaVersion: STORE_SCHEMA_VERSION, trust: null, windows: [], submissions: [], evaluations: [], decisions: [],
      conversations: [], lastDone: [], outbox: [], audit: [], jobRuns: [], pairings: [],
    };
    const upsert = <T>(list: T[], record: T, same: (x: T) => boolean) => {
      const i = list.findIndex(same);
      if (i < 0) list.push(record);
      else list[i] = record;
    };
    for (const op of this.#applied) {
      switch (op.kind) {
        case 'trust': data.trust = op.record; break;
        case 'window': upsert(data.windows, op.record, (w) => w.id === op.record.id); break;
        case 'submission': upsert(data.submissions, op.record, (x) => x.schoolId === op.record.schoolId && x.windowId === op.record.windowId); break;
        case 'evaluation': data.evaluations.push(op.record); break;
        case 'decision': data.decisions.push(op.record); break;
        case 'conversation': upsert(data.conversations, op.record, (c) => c.key === op.record.key && c.platform === op.record.platform); break;
        case 'lastDone': upsert(data.lastDone, op.record, (l) => l.schoolId === op.record.schoolId && l.activityId === op.record.activityId); break;
        case 'outbox': upsert(data.outbox, op.record, (m) => m.id === op.record.id); break;
        case 'jobRun': upsert(data.jobRuns!, op.record, (r) => r.id === op.record.id); break;
        case 'pairing': upsert(data.pairings!, op.record, (p) => p.decisionId === op.record.decisionId && p.area === op.record.area); break;
        case 'audit': data.audit.push(op.record); break;
      }
    }
    return structuredClone(data);
  }

  protected async allEvaluations(): Promise<EvaluationRecord[]> {
    return this.#applied.flatMap((op) => (op.kind === 'evaluation' ? [op.record] : []));
  }

  protected async current(): Promise<StoreState> {
    return this.#state;
  }

  protected commit<T>(plan: (state: StoreState) => Plan<T>): Promise<T> {
    const run = this.#queue.then(() => {
      const { ops, result } = plan(this.#state);
      for (const op of ops) this.#apply(op);
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
