import { describeFileIssues, type RubricIssue } from '../rubric/errors.js';

/** One thing wrong in a calendar file: the path inside it, and what was expected. */
export type CalendarIssue = RubricIssue;

/** A term-dates file that cannot be used. The message names the file and every issue found. */
export class CalendarFileError extends Error {
  readonly code = 'CALENDAR_INVALID';
  constructor(
    readonly file: string,
    readonly issues: CalendarIssue[],
  ) {
    super(describeFileIssues(file, issues));
    this.name = 'CalendarFileError';
  }
}

export type CalendarErrorCode =
  /** A date, instant or time of day that is not well formed. */
  | 'DATE_INVALID'
  /** The answer lies outside the academic years the calendar holds. */
  | 'OUT_OF_RANGE'
  /** An academic year or term the calendar does not hold. */
  | 'TERM_UNKNOWN'
  /** Review-window timing or working hours that cannot work. */
  | 'SETTING_INVALID';

/** A question the calendar cannot answer; the message says which value and why. */
export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}
