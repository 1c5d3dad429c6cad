/**
 * A schedule summarised by activity, the way leadership reads a support package: what, how
 * often, who, first date, and how much in the period (days for an allocation, times for a
 * meeting), then what is offered on request. Pure, like the schedule it reads.
 */
import type { IsoDate } from '../calendar/dates.js';
import type { Rubric } from '../rubric/schema.js';
import { packageActivities } from './package.js';
import type { Schedule } from './schedule.js';
import { daysWords, oftenWords } from './words.js';

export interface ActivitySummary {
  activity: string;
  title: string;
  strand: string;
  owner: string;
  /** "weekly (Tuesdays), 30 minutes", "2 days a term", "up to 10 days a year". */
  often: string;
  first: IsoDate;
  /** Dated occurrences in the period. */
  times: number;
  /** For an allocation: the days in the period, in halves; null for a meeting or review. */
  days: number | null;
  upTo: boolean;
}

export interface OnRequest {
  activity: string;
  title: string;
  strand: string;
  owner: string;
}

export interface ScheduleSummary {
  /** One per dated activity, in the package's order. */
  dated: ActivitySummary[];
  onRequest: OnRequest[];
}

export function summariseSchedule(rubric: Rubric, category: string, schedule: Schedule): ScheduleSummary {
  const dated: ActivitySummary[] = [];
  for (const activity of packageActivities(rubric, category)) {
    const own = schedule.occurrences.filter((o) => o.activity === activity.id);
    if (own.length === 0) continue;
    const allocated = own.some((o) => o.days !== null);
    dated.push({
      activity: activity.id,
      title: activity.title,
      strand: activity.strand,
      owner: activity.owner,
      often: oftenWords(activity.cadence, activity.minutes ?? null),
      first: own.reduce((first, o) => (o.date < first ? o.date : first), own[0]!.date),
      times: own.length,
      days: allocated ? own.reduce((sum, o) => sum + (o.days ?? 0), 0) : null,
      upTo: own[0]!.upTo,
    });
  }
  return {
    dated,
    onRequest: schedule.undated.map((a) => ({ activity: a.id, title: a.title, strand: a.strand, owner: a.owner })),
  };
}

/** "2 days this term", "up to 3½ days this term", "once this term", "11 times this term". */
export function amountWords(summary: Pick<ActivitySummary, 'days' | 'upTo' | 'times'>, period: string): string {
  if (summary.days !== null) return `${daysWords(summary.days, summary.upTo)} ${period}`;
  return `${summary.times === 1 ? 'once' : summary.times === 2 ? 'twice' : `${summary.times} times`} ${period}`;
}
