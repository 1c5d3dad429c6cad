/**
 * Which trust the work under way is for, in a deployment serving several. A request is routed
 * to its trust once, where it comes in (routing.ts), and everything it then does (every store
 * call, every card and link it makes, every message it queues) runs within that trust's scope:
 * Node's AsyncLocalStorage carries the trust through the awaits and timers the work starts, as a
 * request context does. The scheduler and the outbox run each trust's work within its scope too.
 *
 * The store the use-cases are given in such a deployment is `scopedStore`: at each call, the
 * store of the trust in scope. Outside any scope it refuses (NoTrustChosenError), so nothing is
 * ever read from or written to a trust by default.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from '../store/port.js';

export class NoTrustChosenError extends Error {
  readonly code = 'NO_TRUST_CHOSEN';
  constructor(method: string) {
    super(`the store was asked to ${method} outside any trust's scope: in a deployment serving several trusts every request must be routed to its trust first`);
    this.name = 'NoTrustChosenError';
  }
}

export class TrustScope {
  readonly #current = new AsyncLocalStorage<string>();

  /** Runs `work`, and all it starts, as work for the trust. */
  run<T>(trustId: string, work: () => T): T {
    return this.#current.run(trustId, work);
  }

  /** Runs `work` outside any trust (a request routed nowhere). */
  outside<T>(work: () => T): T {
    return this.#current.exit(work);
  }

  /** The trust the work under way is for, or null. */
  current(): string | null {
    return this.#current.getStore() ?? null;
  }
}

/** A Store that is, at each call, the store of the trust in scope (`storeOf` keeps one per trust). */
export function scopedStore(scope: TrustScope, storeOf: (trustId: string) => Store): Store {
  return new Proxy({} as Store, {
    get(_target, method) {
      // Not a promise: awaiting the store itself must not call it.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (...args: unknown[]) => {
        const trustId = scope.current();
        if (trustId === null) return Promise.reject(new NoTrustChosenError(method));
        const store = storeOf(trustId) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return store[method]!(...args);
      };
    },
  });
}
