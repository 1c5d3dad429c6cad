/**
 * A deployment serving every trust a PostgreSQL database holds: the use-cases are given one
 * store (`store`), which is at each call the store of the trust in scope (scope.ts); a request is
 * routed to its trust by its tenant (routing.ts) and run within its scope; the scheduler and
 * the outbox do each trust's work within its scope.
 */
import type { TrustRunner } from '../review/context.js';
import type { Store } from '../store/port.js';
import type { PostgresDatabase } from '../store/postgres/database.js';
import type { Platform } from '../store/records.js';
import { routeRequest, type Route, type TrustEntry } from './routing.js';
import { scopedStore, TrustScope } from './scope.js';

export class Deployment implements TrustRunner {
  readonly scope = new TrustScope();
  /** The store the use-cases are given: the store of the trust in scope; refused outside any. */
  readonly store: Store;
  readonly #stores = new Map<string, Store>();

  constructor(readonly database: PostgresDatabase) {
    this.store = scopedStore(this.scope, (trustId) => this.storeOf(trustId));
  }

  /** One store per trust, kept: each keeps its copy of its trust between changes. */
  storeOf(trustId: string): Store {
    let store = this.#stores.get(trustId);
    if (!store) {
      store = this.database.store(trustId);
      this.#stores.set(trustId, store);
    }
    return store;
  }

  /** The trusts served, read afresh: one added by `db copy` is served from its first request. */
  trusts(): Promise<TrustEntry[]> {
    return this.database.listTrusts();
  }

  async ids(): Promise<string[]> {
    return (await this.trusts()).map((t) => t.id);
  }

  async route(platform: Platform, tenant: string | null): Promise<Route> {
    return routeRequest(await this.trusts(), platform, tenant);
  }

  /** Runs `work` as work for the trust. */
  within<T>(trustId: string, work: () => T): T {
    return this.scope.run(trustId, work);
  }

  /** The trust the work under way is for, or null. */
  current(): string | null {
    return this.scope.current();
  }
}
