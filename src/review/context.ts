import type { Calendar, ReviewTiming } from '../calendar/index.js';
import type { Rubric } from '../rubric/schema.js';
import type { Store } from '../store/port.js';
import type { Outbound } from './outbound.js';

/** Everything a use-case needs, passed in: no use-case reaches for a global or the clock. */
export interface ReviewContext {
  store: Store;
  /** Every shipped rubric by id; the trust's record says which one it runs. */
  rubrics: ReadonlyMap<string, Rubric>;
  calendar: Calendar;
  windowConfig: ReviewTiming;
  now: () => Date;
  outbound: Outbound;
}
