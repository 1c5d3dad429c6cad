/**
 * School days: which dates pupils are in school, which term and half-term a date is in,
 * and counting in school days. Pure functions of a validated Calendar.
 */
import type { TermName } from '../rubric/schema.js';
import { academicYearStart, addDays, eachDay, isIsoDate, isWeekend, type IsoDate } from './dates.js';
import { CalendarError } from './errors.js';
import type { Calendar } from './schema.js';

export type HalfTermNumber = 1 | 2 | 3 | 4 | 5 | 6;

export interface TermRef {
  academicYear: string;
  term: TermName;
}

/** One term as the calendar lays it out, with the school days it holds. */
export interface TermSpan extends TermRef {
  firstDay: IsoDate;
  lastDay: IsoDate;
  halfTerm: { firstDay: IsoDate; lastDay: IsoDate };
  /** Every school day of the term, in order. */
  schoolDays: readonly IsoDate[];
}

/** One of the six half-terms of an academic year: autumn 1 and 2, spring 3 and 4, summer 5 and 6. */
export interface HalfTerm extends TermRef {
  number: HalfTermNumber;
  firstDay: IsoDate;
  lastDay: IsoDate;
  schoolDays: readonly IsoDate[];
}

interface Index {
  terms: TermSpan[];
  halves: HalfTerm[];
  /** Every school day of the calendar, in order. */
  schoolDays: IsoDate[];
  schoolDaySet: Set<IsoDate>;
}

const indexes = new WeakMap<Calendar, Index>();

/** Calendars are immutable once validated, so each is laid out once. */
function indexOf(calendar: Calendar): Index {
  const cached = indexes.get(calendar);
  if (cached) return cached;
  const terms: TermSpan[] = [];
  const halves: HalfTerm[] = [];
  for (const year of calendar.academicYears) {
    year.terms.forEach((term, t) => {
      const closed = new Set(term.closures.map((c) => c.date));
      const schoolDays = eachDay(term.firstDay, term.lastDay).filter(
        (d) => !isWeekend(d) && !closed.has(d) && (d < term.halfTerm.firstDay || d > term.halfTerm.lastDay),
      );
      const span = { academicYear: year.id, term: term.term, firstDay: term.firstDay, lastDay: term.lastDay, halfTerm: { ...term.halfTerm }, schoolDays };
      terms.push(span);
      const first = schoolDays.filter((d) => d < term.halfTerm.firstDay);
      const second = schoolDays.filter((d) => d > term.halfTerm.lastDay);
      [first, second].forEach((days, h) => {
        halves.push({
          academicYear: year.id,
          term: term.term,
          number: (t * 2 + h + 1) as HalfTermNumber,
          firstDay: days[0]!,
          lastDay: days[days.length - 1]!,
          schoolDays: days,
        });
      });
    });
  }
  const schoolDays = terms.flatMap((t) => t.schoolDays);
  const index = { terms, halves, schoolDays, schoolDaySet: new Set(schoolDays) };
  indexes.set(calendar, index);
  return index;
}

export function requireDate(date: string, what = 'date'): IsoDate {
  if (typeof date !== 'string' || !isIsoDate(date)) throw new CalendarError('DATE_INVALID', `the ${what} "${String(date)}" is not a date as YYYY-MM-DD`);
  return date;
}

/**
 * The dates the calendar can answer for: 1 September of its first academic year to
 * 31 August of its last. Outside them, school days are unknown.
 */
export function coverage(calendar: Calendar): { from: IsoDate; to: IsoDate } {
  const years = calendar.academicYears;
  return {
    from: `${academicYearStart(years[0]!.id)}-09-01`,
    to: `${academicYearStart(years[years.length - 1]!.id) + 1}-08-31`,
  };
}

/**
 * Whether pupils are in school: a weekday in term, outside the half-term holiday, not a
 * bank holiday, INSET day or other closure. False outside the calendar's years, so
 * nothing is ever sent on a day the calendar does not know.
 */
export function isSchoolDay(calendar: Calendar, date: IsoDate): boolean {
  return indexOf(calendar).schoolDaySet.has(requireDate(date));
}

/** The term whose first-to-last-day span holds the date (its half-term holiday included), or null. */
export function termOf(calendar: Calendar, date: IsoDate): TermRef | null {
  requireDate(date);
  const span = indexOf(calendar).terms.find((t) => t.firstDay <= date && date <= t.lastDay);
  return span ? { academicYear: span.academicYear, term: span.term } : null;
}

/**
 * Which of the six half-terms the date is in: a half-term runs from its first school day
 * to its last (weekends between included). Null in a holiday or outside the calendar.
 */
export function halfTermOf(calendar: Calendar, date: IsoDate): HalfTermNumber | null {
  requireDate(date);
  return indexOf(calendar).halves.find((h) => h.firstDay <= date && date <= h.lastDay)?.number ?? null;
}

/** The school days from `from` to `to`, both included, in order. */
export function schoolDaysBetween(calendar: Calendar, from: IsoDate, to: IsoDate): IsoDate[] {
  requireDate(from, 'start date');
  requireDate(to, 'end date');
  const days = indexOf(calendar).schoolDays;
  return days.slice(firstIndexAtOrAfter(days, from), firstIndexAtOrAfter(days, addDays(to, 1)));
}

/**
 * Count n school days from a date. n > 0: the n-th school day after it (1 is the next
 * school day); n < 0: the |n|-th school day before it; n = 0: the date itself if it is a
 * school day, else the next one. Throws when the answer lies beyond the calendar.
 */
export function addSchoolDays(calendar: Calendar, date: IsoDate, n: number): IsoDate {
  requireDate(date);
  if (!Number.isInteger(n)) throw new CalendarError('SETTING_INVALID', `a number of school days must be a whole number, not ${n}`);
  const days = indexOf(calendar).schoolDays;
  const at = firstIndexAtOrAfter(days, date);
  const onDay = days[at] === date;
  const target = n > 0 ? at + (onDay ? 1 : 0) + n - 1 : n < 0 ? at + n : at;
  const found = days[target];
  if (found === undefined) {
    const which = n === 0 ? `on or after ${date}` : `${Math.abs(n)} school day${Math.abs(n) === 1 ? '' : 's'} ${n > 0 ? 'after' : 'before'} ${date}`;
    throw new CalendarError('OUT_OF_RANGE', `the calendar has no school day ${which}: it holds school days from ${days[0]} to ${days[days.length - 1]}; add the term dates of the academic year needed`);
  }
  return found;
}

/** The first school day after the date (never the date itself). */
export function nextSchoolDay(calendar: Calendar, date: IsoDate): IsoDate {
  return addSchoolDays(calendar, date, 1);
}

/** The terms of the calendar, in order; of one academic year when given. */
export function terms(calendar: Calendar, academicYear?: string): TermSpan[] {
  const all = indexOf(calendar).terms;
  if (academicYear === undefined) return [...all];
  requireYear(calendar, academicYear);
  return all.filter((t) => t.academicYear === academicYear);
}

export function termSpan(calendar: Calendar, academicYear: string, term: TermName): TermSpan {
  requireYear(calendar, academicYear);
  const span = indexOf(calendar).terms.find((t) => t.academicYear === academicYear && t.term === term);
  if (!span) throw new CalendarError('TERM_UNKNOWN', `"${String(term)}" is not a term: expected autumn, spring or summer`);
  return span;
}

/** The six half-terms of an academic year, with their first and last school days. */
export function halfTerms(calendar: Calendar, academicYear: string): HalfTerm[] {
  requireYear(calendar, academicYear);
  return indexOf(calendar).halves.filter((h) => h.academicYear === academicYear);
}

/** Every half-term of the calendar, in order. */
export function allHalfTerms(calendar: Calendar): HalfTerm[] {
  return [...indexOf(calendar).halves];
}

/** Every school day of the calendar, in order. */
export function allSchoolDays(calendar: Calendar): readonly IsoDate[] {
  return indexOf(calendar).schoolDays;
}

function requireYear(calendar: Calendar, academicYear: string): void {
  const known = calendar.academicYears.map((y) => y.id);
  if (!known.includes(academicYear)) {
    throw new CalendarError('TERM_UNKNOWN', `the calendar has no academic year "${academicYear}": it holds ${known.join(', ')}`);
  }
}

/** Binary search: the index of the first entry >= date (days.length when none). */
function firstIndexAtOrAfter(days: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
