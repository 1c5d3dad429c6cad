/** The school calendar: term dates as data, and pure questions over them. */
export { academicYearOf, LONDON, type IsoDate } from './dates.js';
export { CalendarError, CalendarFileError, type CalendarErrorCode, type CalendarIssue } from './errors.js';
export { Calendar, type CalendarInput, type Closure, type Term } from './schema.js';
export { CALENDAR_FILE, loadCalendar, parseCalendar, validateCalendar } from './load.js';
export {
  addSchoolDays,
  allHalfTerms,
  allSchoolDays,
  coverage,
  halfTermOf,
  halfTerms,
  isSchoolDay,
  nextSchoolDay,
  schoolDaysBetween,
  termOf,
  terms,
  termSpan,
  type HalfTerm,
  type HalfTermNumber,
  type TermRef,
  type TermSpan,
} from './days.js';
export { DEFAULT_REVIEW_TIMING, reviewWindow, windowsBetween, type ReviewTiming, type ReviewWindowDates } from './windows.js';
export { DEFAULT_WORKING_HOURS, nextSendTime, type WorkingHours } from './send.js';
