import type { Calendar, ReviewTiming } from '../calendar/index.js';
import type { Rubric } from '../rubric/schema.js';
import type { Store } from '../store/port.js';
import type { Outbound } from './outbound.js';

/**
 * A deployment serving several trusts (src/tenancy/): the trusts, and a way to run work for one
 * within its scope, where `store` is that trust's store.
 */
export interface TrustRunner {
  ids(): Promise<string[]>;
  within<T>(trustId: string, work: () => T): T;
}

/** Everything a use-case needs, passed in: no use-case reaches for a global or the clock. */
export interface ReviewContext {
  store: Store;
  /** Every shipped rubric by id; the trust's record says which one it runs. */
  rubrics: ReadonlyMap<string, Rubric>;
  calendar: Calendar;
  windowConfig: ReviewTiming;
  now: () => Date;
  outbound: Outbound;
  /**
   * Set when the deployment serves several trusts: `store` is then the store of the trust in
   * scope, and work started by no request (the scheduler's) is run for each trust within its scope.
   */
  trusts?: TrustRunner;
}
