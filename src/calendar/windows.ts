/** Review windows: the school days near a term's end when each school's review is collected. */
import type { TermName } from '../rubric/schema.js';
import type { IsoDate } from './dates.js';
import { requireDate, termSpan, terms } from './days.js';
import { CalendarError } from './errors.js';
import type { Calendar } from './schema.js';

/**
 * When a window opens and closes, counted in school days before the term's last school
 * day (0 = the last school day itself). Both days are included in the window.
 */
export interface ReviewTiming {
  opensBeforeEnd: number;
  closesBeforeEnd: number;
}

/**
 * Opens three school weeks before the end of term and closes one school week before it,
 * leaving the last week for leadership to moderate and decide before the holiday.
 */
export const DEFAULT_REVIEW_TIMING: ReviewTiming = { opensBeforeEnd: 15, closesBeforeEnd: 5 };

export interface ReviewWindowDates {
  /** "2026-27-autumn": one window per term. */
  id: string;
  academicYear: string;
  term: TermName;
  opensOn: IsoDate;
  closesOn: IsoDate;
}

export function reviewWindow(
  calendar: Calendar,
  academicYear: string,
  term: TermName,
  timing: ReviewTiming = DEFAULT_REVIEW_TIMING,
): ReviewWindowDates {
  const span = termSpan(calendar, academicYear, term);
  const { opensBeforeEnd: opens, closesBeforeEnd: closes } = timing;
  const days = span.schoolDays;
  for (const [name, value] of [['opensBeforeEnd', opens], ['closesBeforeEnd', closes]] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new CalendarError('SETTING_INVALID', `review timing ${name} must be a whole number of school days, 0 or more; found ${value}`);
    }
  }
  if (opens < closes) {
    throw new CalendarError('SETTING_INVALID', `a review window must open before it closes: opensBeforeEnd (${opens}) is less than closesBeforeEnd (${closes})`);
  }
  if (opens >= days.length) {
    throw new CalendarError('SETTING_INVALID', `the ${term} term of ${academicYear} has ${days.length} school days; a window cannot open ${opens} school days before its end`);
  }
  return {
    id: `${academicYear}-${term}`,
    academicYear,
    term,
    opensOn: days[days.length - 1 - opens]!,
    closesOn: days[days.length - 1 - closes]!,
  };
}

/** The windows of every term of the calendar that are open on at least one day from `from` to `to`. */
export function windowsBetween(
  calendar: Calendar,
  from: IsoDate,
  to: IsoDate,
  timing: ReviewTiming = DEFAULT_REVIEW_TIMING,
): ReviewWindowDates[] {
  requireDate(from, 'start date');
  requireDate(to, 'end date');
  return terms(calendar)
    .map((t) => reviewWindow(calendar, t.academicYear, t.term, timing))
    .filter((w) => w.opensOn <= to && w.closesOn >= from);
}
