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
 * - allocations: days of someone's time, in whole and half days. "Per year" gives each term a
 *   third, in halves of a day (10 days: 3½, 3½, 3; the odd halves to the earlier terms). A
 *   term's days become one-day occurrences and, for a half, one last half-day occurrence.
 *   All the package's allocations in a term are laid out together: their occurrences are
 *   interleaved, each activity's spread through the term, and the term's school days cut into
 *   as many equal slices as there are occurrences, each on the middle school day of its
 *   slice. So two allocations (SIP days and enhanced days, improvement-professional days and
 *   HR days) never land on the same date.
 * - on request: never dated; listed in `undated`.
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
  /** For an allocation of days: the days this occurrence stands for (1, or 0.5 for a half day). */
  days: number | null;
  /** The allocation is the most on offer ("up to 10 days"). */
  upTo: boolean;
  /** Length of the meeting, where the rubric gives one. */
  minutes: number | null;
}

export interface Schedule {
  /** Sorted by date, then activity id. */
  occurrences: Occurrence[];
  /** Activities offered on request or when needed: part of the package, never dated. */
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

  const activities = packageActivities(rubric, category);
  const allocated = allocate(activities.filter(isAllocated), terms(calendar));
  const occurrences: Occurrence[] = [];
  const undated: Activity[] = [];
  for (const activity of activities) {
    const { cadence } = activity;
    if ('every' in cadence && cadence.every === 'on_request') {
      undated.push(activity);
      continue;
    }
    const dated = 'allocation' in cadence ? allocated.get(activity.id) ?? [] : datesOf(cadence, calendar, from, to, lastDone[activity.id]);
    for (const { date, days } of dated) {
      if (date < from || date > to) continue;
      occurrences.push({
        activity: activity.id,
        title: activity.title,
        strand: activity.strand,
        owner: activity.owner,
        date,
        days,
        upTo: 'allocation' in cadence && cadence.allocation.upTo,
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

type Allocated = Activity & { cadence: Extract<Cadence, { allocation: unknown }> };
const isAllocated = (activity: Activity): activity is Allocated => 'allocation' in activity.cadence;

function datesOf(cadence: Exclude<Cadence, { allocation: unknown }>, calendar: Calendar, from: IsoDate, to: IsoDate, lastDone: IsoDate | undefined): Dated[] {
  const once = (date: IsoDate): Dated => ({ date, days: null });
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
    case 'on_request':
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

/**
 * Every allocation of a package, term by term: each term's one-day and half-day occurrences
 * of all the allocations together, interleaved by where each falls in its own activity's
 * spread (the activity listed first going first on a tie), then one to a slice of the term.
 */
function allocate(activities: Allocated[], spans: TermSpan[]): Map<string, Dated[]> {
  const out = new Map<string, Dated[]>(activities.map((a) => [a.id, []]));
  for (const span of spans) {
    const pieces: { activity: string; order: number; at: number; days: number }[] = [];
    let total = 0;
    activities.forEach((activity, order) => {
      const share = termShare(activity.cadence.allocation, span.term);
      const whole = Math.floor(share);
      const count = whole + (share > whole ? 1 : 0);
      total += share;
      for (let i = 0; i < count; i++) pieces.push({ activity: activity.id, order, at: (i + 0.5) / count, days: i < whole ? 1 : share - whole });
    });
    const days = span.schoolDays;
    if (pieces.length > days.length) {
      const names = activities.map((a) => `"${a.id}"`);
      const who = names.length === 1 ? `${names[0]} allocates` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} together allocate`;
      throw new ScheduleError('ALLOCATION_TOO_LARGE', `${who} ${total} days to the ${span.term} term of ${span.academicYear}, which has only ${days.length} school days`);
    }
    pieces.sort((a, b) => a.at - b.at || a.order - b.order);
    pieces.forEach((piece, k) => {
      out.get(piece.activity)!.push({ date: days[Math.floor(((k + 0.5) * days.length) / pieces.length)]!, days: piece.days });
    });
  }
  return out;
}

const TERM_ORDER = { autumn: 0, spring: 1, summer: 2 } as const;

/**
 * A term's days. "Per year" is split in halves of a day, a third to each term as near as halves
 * allow, the odd halves going to the earlier terms (10 days: 3½, 3½, 3; 5 days: 2, 1½, 1½).
 */
function termShare(allocation: { days: number; per: 'term' | 'year' }, term: keyof typeof TERM_ORDER): number {
  if (allocation.per === 'term') return allocation.days;
  const halves = Math.round(allocation.days * 2);
  const base = Math.floor(halves / 3);
  return (base + (TERM_ORDER[term] < halves - base * 3 ? 1 : 0)) / 2;
}
