/**
 * The review calendar as dated jobs: a pure function of the term calendar, the review windows
 * and the settings. Each job has an id that is also its idempotency key ("2026-27-autumn:open",
 * "2026-27-h2:half-term"): whatever runs the plan runs each id once.
 *
 * For each window of a term the rubric reviews in:
 *   open       its opening day: every head is messaged
 *   nudge-N    N school days before its last day (`closesOn`): heads who have not submitted
 *   deadline   the school day after `closesOn`: leadership is told who is missing
 *   close      `closeAfterDays` school days after `closesOn`: the window closes, leadership
 *              sees who is missing and which proposals await a decision
 * and on the first school day of each half-term, a half-termly reminder about the window in
 * progress or the next one.
 *
 * Every job falls on a school day, at a time inside working hours (London wall clock).
 */
import { DateTime } from 'luxon';
import {
  addSchoolDays, allHalfTerms, CalendarError, LONDON, type Calendar, type HalfTermNumber, type IsoDate,
} from '../calendar/index.js';
import type { Rubric, TermName } from '../rubric/schema.js';
import type { ReviewWindow } from '../store/records.js';
import type { ScheduleSettings } from './config.js';

export type JobKind = 'open' | 'nudge' | 'deadline' | 'close' | 'half-term';

export interface PlannedJob {
  /** The idempotency key: the same job is never run twice. */
  id: string;
  kind: JobKind;
  windowId: string;
  date: IsoDate;
  at: Date;
  /**
   * A job not run by then (the bot was not running) is not run late: later jobs cover it.
   * Null for a job that is always worth running late (closing a window).
   */
  validUntil: Date | null;
  /** nudge: school days left before the window's last day. */
  schoolDaysLeft?: number;
  /** half-term: which half-term begins. */
  halfTerm?: { academicYear: string; number: HalfTermNumber };
  /** deadline: the day the window closes for good. */
  closeDate?: IsoDate;
}

export type PlanWindow = Pick<ReviewWindow, 'id' | 'academicYear' | 'term' | 'opensOn' | 'closesOn'>;

export interface PlanInput {
  calendar: Calendar;
  windows: readonly PlanWindow[];
  settings: ScheduleSettings;
  /** The terms in which the rubric collects reviews (reviewTermsOf). */
  reviewTerms: readonly TermName[];
}

export interface Plan {
  jobs: PlannedJob[];
  /** Jobs that could not be placed (the calendar ends too soon), in words. */
  warnings: string[];
}

/** Same instant: a window closes before the next opens, and reminders come after both. */
const RANK: Record<JobKind, number> = { close: 0, deadline: 1, open: 2, nudge: 3, 'half-term': 4 };

/**
 * The terms a rubric reviews in. Termly rubrics, and annual ones with termly monitoring
 * (CMAT), collect every term. An annual review without monitoring is collected in the autumn
 * term: the audit comes first in the year, so the year's support follows its decision.
 */
export function reviewTermsOf(rubric: Pick<Rubric, 'cadence' | 'monitoring'>): TermName[] {
  return rubric.cadence === 'termly' || rubric.monitoring === 'termly' ? ['autumn', 'spring', 'summer'] : ['autumn'];
}

export function planJobs({ calendar, windows, settings, reviewTerms }: PlanInput): Plan {
  const warnings: string[] = [];
  const years = new Set(calendar.academicYears.map((y) => y.id));
  const place = (date: IsoDate, shift: number, what: string): IsoDate | null => {
    try {
      return addSchoolDays(calendar, date, shift);
    } catch (e) {
      if (e instanceof CalendarError && e.code === 'OUT_OF_RANGE') {
        warnings.push(`${what}: ${e.message}`);
        return null;
      }
      throw e;
    }
  };
  const at = (date: IsoDate, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: LONDON }).toJSDate();

  const byWindow = new Map<string, PlannedJob[]>();
  const reviewed = windows
    .filter((w) => years.has(w.academicYear) && reviewTerms.includes(w.term))
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn));
  for (const w of reviewed) {
    const jobs: PlannedJob[] = [];
    const opens = place(w.opensOn, 0, `opening the ${w.id} window`);
    if (!opens) continue;
    jobs.push({ id: `${w.id}:open`, kind: 'open', windowId: w.id, date: opens, at: at(opens, settings.openAt), validUntil: null });
    for (const n of settings.nudgeDays) {
      const day = place(w.closesOn, -n, `the reminder ${n} school days before ${w.id} closes`);
      // A reminder on or before the opening day would repeat what the opening message says.
      if (day && day > opens) {
        jobs.push({ id: `${w.id}:nudge-${n}`, kind: 'nudge', windowId: w.id, date: day, at: at(day, settings.remindAt), validUntil: null, schoolDaysLeft: n });
      }
    }
    const deadline = place(w.closesOn, 1, `the deadline report of ${w.id}`);
    const close = place(w.closesOn, settings.closeAfterDays, `closing the ${w.id} window`);
    // Closing the same morning reports who is missing too: one message, not two.
    if (deadline && deadline !== close) {
      jobs.push({ id: `${w.id}:deadline`, kind: 'deadline', windowId: w.id, date: deadline, at: at(deadline, settings.deadlineAt), validUntil: null, ...(close ? { closeDate: close } : {}) });
    }
    if (close) jobs.push({ id: `${w.id}:close`, kind: 'close', windowId: w.id, date: close, at: at(close, settings.closeAt), validUntil: null });
    jobs.sort(order);
    // An opening stands until the deadline (opening late still collects reviews); a reminder or
    // report until the next step of its window falls due; closing always stands.
    const end = jobs.find((j) => j.kind === 'deadline' || j.kind === 'close');
    jobs.forEach((job, i) => {
      job.validUntil = job.kind === 'close' ? null : job.kind === 'open' ? (end?.at ?? null) : (jobs[i + 1]?.at ?? null);
    });
    byWindow.set(w.id, jobs);
  }

  const halfTermJobs: PlannedJob[] = [];
  for (const half of allHalfTerms(calendar)) {
    const when = at(half.firstDay, settings.remindAt);
    // The window in progress then, else the next to open.
    const window = reviewed.find((w) => {
      const jobs = byWindow.get(w.id) ?? [];
      const last = jobs.at(-1);
      return jobs.length > 0 && (jobs[0]!.at <= when ? !!last && last.at > when : true);
    });
    if (!window) continue;
    const windowJobs = byWindow.get(window.id)!;
    if (windowJobs.some((j) => j.date === half.firstDay)) continue;
    const next = windowJobs.find((j) => j.at > when);
    const endOfHalf = at(half.lastDay, settings.workingHours.end);
    halfTermJobs.push({
      id: `${half.academicYear}-h${half.number}:half-term`,
      kind: 'half-term',
      windowId: window.id,
      date: half.firstDay,
      at: when,
      validUntil: next && next.at < endOfHalf ? next.at : endOfHalf,
      halfTerm: { academicYear: half.academicYear, number: half.number },
    });
  }

  const jobs = [...[...byWindow.values()].flat(), ...halfTermJobs].sort(order);
  return { jobs, warnings };
}

function order(a: PlannedJob, b: PlannedJob): number {
  return a.at.getTime() - b.at.getTime() || RANK[a.kind] - RANK[b.kind] || a.id.localeCompare(b.id);
}
