export type ScheduleErrorCode =
  /** The rubric has no support packages (CAT's benchmarks, for example). */
  | 'NO_SUPPORT'
  /** The category is not one of the rubric's categories. */
  | 'CATEGORY_UNKNOWN'
  /** Packages that include each other in a circle. */
  | 'INCLUDES_CYCLE'
  /** A date range or last-done date that cannot be used. */
  | 'RANGE_INVALID'
  /** More days allocated to a term than it has school days. */
  | 'ALLOCATION_TOO_LARGE';

/** A schedule that cannot be built; the message names the value at fault. */
export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}
