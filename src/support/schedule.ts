/**
 * A support package laid onto the term calendar: each activity's cadence becomes dated
 * occurrences on school days. Pure: the same rubric, category, calendar, range and
 * last-done dates always give the same schedule.
 *
 * How each cadence is dated:
 * - weekly: every school day that is the named weekday. A week whose day is a holiday,
 *   bank holiday or closure has no occurrence: the meeting is skipped, not moved, because
 *   moving it would put two of the same catch-up in one week when school resumes.
 * - monthly / half-termly / termly: the Nth school day of each calendar month / half-term
 *   / term, or its last school day when it has fewer than N (a month with no school days,
 *   August, has none).
 * - yearly: the Nth school day of the named term, each academic year.
 * - every N years: the Nth school day of the named term in the academic year N years
 *   after the one it was last done in (1 September – 31 August), then every N years. With
 *   no last-done date, or when that year is already past (overdue), it is due in the
 *   first such term that falls in the range.
 * - allocations: "per year" gives each term a third of the days. A term's days become
 *   one-day occurrences (days = 1) and, for a fractional remainder, one last occurrence
 *   carrying the fraction; a yearly allocation is split in hundredths so the terms add up exactly. The term's school days are cut
 *   into as many equal slices as there are occurrences, and each occurrence sits on the
 *   middle school day of its slice, so support is spread through the term.
 * - as needed: never dated; listed in `undated`.
 * Periods are laid out whole, then clipped to [from, to]: a range that starts mid-term
 * keeps the dates the full term would have, so the schedule never shifts with the range.
 */
import { academicYearOf, academicYearStart, isIsoDate, isoWeekday, type IsoDate } from '../calendar/dates.js';
import { allHalfTerms, allSchoolDays, coverage, terms, type TermSpan } from '../calendar/days.js';
import type { Calendar } from '../calendar/schema.js';
import type { Activity, Cadence, Rubric } from '../rubric/schema.js';
import { ScheduleError } from './errors.js';
import { packageActivities } from './package.js';

export interface Occurrence {
  /** The activity's id in the rubric. */
  activity: string;
  title: string;
  strand: string;
  owner: string;
  date: IsoDate;
  /** For an allocation of days: the share of a day this occurrence stands for (1, or a remainder such as 0.33). */
  days: number | null;
  /** Length of the meeting, where the rubric gives one. */
  minutes: number | null;
}

export interface Schedule {
  /** Sorted by date, then activity id. */
  occurrences: Occurrence[];
  /** Activities available when needed: part of the package, never dated. */
  undated: Activity[];
}

export interface ScheduleRequest {
  rubric: Rubric;
  /** The decided category's id. */
  category: string;
  calendar: Calendar;
  /** First and last dates of the schedule, both included. */
  from: IsoDate;
  to: IsoDate;
  /** When multi-year activities (e.g. a governance review every 2 years) were last done, by activity id. */
  lastDone?: Record<string, IsoDate>;
}

interface Dated {
  date: IsoDate;
  days: number | null;
}

export function buildSchedule(request: ScheduleRequest): Schedule {
  const { rubric, category, calendar, from, to } = request;
  const lastDone = request.lastDone ?? {};
  checkRange(calendar, from, to);
  for (const [activity, date] of Object.entries(lastDone)) {
    if (!isIsoDate(date)) throw new ScheduleError('RANGE_INVALID', `the last-done date of "${activity}", "${date}", is not a date as YYYY-MM-DD`);
  }

  const occurrences: Occurrence[] = [];
  const undated: Activity[] = [];
  for (const activity of packageActivities(rubric, category)) {
    const { cadence } = activity;
    if ('every' in cadence && cadence.every === 'as_needed') {
      undated.push(activity);
      continue;
    }
    for (const { date, days } of datesOf(cadence, activity, calendar, from, to, lastDone[activity.id])) {
      if (date < from || date > to) continue;
      occurrences.push({
        activity: activity.id,
        title: activity.title,
        strand: activity.strand,
        owner: activity.owner,
        date,
        days,
        minutes: activity.minutes ?? null,
      });
    }
  }
  occurrences.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.activity < b.activity ? -1 : a.activity > b.activity ? 1 : 0));
  return { occurrences, undated };
}

function checkRange(calendar: Calendar, from: IsoDate, to: IsoDate): void {
  for (const [name, value] of [['start', from], ['end', to]] as const) {
    if (typeof value !== 'string' || !isIsoDate(value)) throw new ScheduleError('RANGE_INVALID', `the schedule's ${name} date "${String(value)}" is not a date as YYYY-MM-DD`);
  }
  if (from > to) throw new ScheduleError('RANGE_INVALID', `the schedule's start date ${from} is after its end date ${to}`);
  const known = coverage(calendar);
  if (from < known.from || to > known.to) {
    throw new ScheduleError(
      'RANGE_INVALID',
      `the schedule runs ${from} to ${to}, but the calendar "${calendar.name}" holds term dates only from ${known.from} to ${known.to}; add the academic years needed`,
    );
  }
}

function datesOf(cadence: Cadence, activity: Activity, calendar: Calendar, from: IsoDate, to: IsoDate, lastDone: IsoDate | undefined): Dated[] {
  const once = (date: IsoDate): Dated => ({ date, days: null });
  if ('allocation' in cadence) return allocate(activity, cadence.allocation, terms(calendar));
  switch (cadence.every) {
    case 'week': {
      const weekday = WEEKDAYS.indexOf(cadence.weekday) + 1;
      return allSchoolDays(calendar).filter((d) => isoWeekday(d) === weekday).map(once);
    }
    case 'month':
      return [...byMonth(allSchoolDays(calendar)).values()].map((days) => once(nth(days, cadence.schoolDay)));
    case 'half_term':
      return allHalfTerms(calendar).map((h) => once(nth(h.schoolDays, cadence.schoolDay)));
    case 'term':
      return terms(calendar).map((t) => once(nth(t.schoolDays, cadence.schoolDay)));
    case 'year':
      return terms(calendar).filter((t) => t.term === cadence.term).map((t) => once(nth(t.schoolDays, cadence.schoolDay)));
    case 'years':
      return everyNYears(cadence.years, terms(calendar).filter((t) => t.term === cadence.term), cadence.schoolDay, from, to, lastDone).map(once);
    case 'as_needed':
      return [];
  }
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/** The Nth school day (1-based), or the last when there are fewer than N. */
function nth(days: readonly IsoDate[], n: number): IsoDate {
  return days[Math.min(n, days.length) - 1]!;
}

function byMonth(days: readonly IsoDate[]): Map<string, IsoDate[]> {
  const months = new Map<string, IsoDate[]>();
  for (const day of days) {
    const key = day.slice(0, 7);
    const list = months.get(key);
    if (list) list.push(day);
    else months.set(key, [day]);
  }
  return months;
}

function everyNYears(years: number, candidates: TermSpan[], schoolDay: number, from: IsoDate, to: IsoDate, lastDone: IsoDate | undefined): IsoDate[] {
  const dated = candidates.map((t) => ({ start: academicYearStart(t.academicYear), date: nth(t.schoolDays, schoolDay) }));
  let first: number | undefined;
  if (lastDone !== undefined) {
    const due = academicYearStart(academicYearOf(lastDone)) + years;
    const dueTerm = dated.find((d) => d.start === due);
    const overdue = dueTerm ? dueTerm.date < from : due < (dated[0]?.start ?? due);
    if (!overdue) first = due;
  }
  first ??= dated.find((d) => d.date >= from && d.date <= to)?.start;
  if (first === undefined) return [];
  const start = first;
  return dated.filter((d) => d.start >= start && (d.start - start) % years === 0).map((d) => d.date);
}

function allocate(activity: Activity, allocation: { days: number; per: 'term' | 'year' }, spans: TermSpan[]): Dated[] {
  return spans.flatMap((span) => {
    const share = termShare(allocation, span.term);
    const whole = Math.floor(share + 1e-9);
    const fraction = Math.round((share - whole) * 100) / 100;
    const count = whole + (fraction > 0 ? 1 : 0);
    const days = span.schoolDays;
    if (count > days.length) {
      throw new ScheduleError(
        'ALLOCATION_TOO_LARGE',
        `"${activity.id}" allocates ${share} days to the ${span.term} term of ${span.academicYear}, which has only ${days.length} school days`,
      );
    }
    return Array.from({ length: count }, (_, i) => ({
      date: days[Math.floor(((i + 0.5) * days.length) / count)]!,
      days: i < whole ? 1 : fraction,
    }));
  });
}

const TERM_ORDER = { autumn: 0, spring: 1, summer: 2 } as const;

/**
 * A term's days. "Per year" is split in hundredths of a day so the three terms add up to the
 * year exactly (10 days: 3.34, 3.33, 3.33), the odd hundredths going to the earlier terms.
 */
function termShare(allocation: { days: number; per: 'term' | 'year' }, term: keyof typeof TERM_ORDER): number {
  if (allocation.per === 'term') return allocation.days;
  const hundredths = Math.round(allocation.days * 100);
  const base = Math.floor(hundredths / 3);
  return (base + (TERM_ORDER[term] < hundredths - base * 3 ? 1 : 0)) / 100;
}
