/**
 * A decision's support schedule, and its calendar file. The decision card shows the schedule
 * and links to the file; the file is rebuilt from the stored decision whenever the link is
 * followed, so a link keeps working for as long as the decision is kept.
 */
import { categoryName } from '../evaluator/explain.js';
import type { Rubric } from '../rubric/schema.js';
import type { Decision, ReviewWindow, School } from '../store/records.js';
import { buildSchedule, scheduleToIcs } from '../support/index.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { nextTerm } from './terms.js';
import type { DecisionView } from './views.js';

export interface CalendarFile {
  filename: string;
  content: string;
}

export interface SupportSchedule {
  schedule: DecisionView['schedule'];
  ics: CalendarFile;
}

/** The support the decided category brings in the term after the window, as shown and as a calendar file. */
export async function supportSchedule(
  ctx: ReviewContext, rubric: Rubric, school: School, window: ReviewWindow, decision: Decision,
): Promise<SupportSchedule> {
  const term = nextTerm(ctx.calendar, window);
  const lastDone = Object.fromEntries((await ctx.store.listLastDone(school.id)).map((l) => [l.activityId, l.date]));
  const schedule = term && rubric.support
    ? buildSchedule({ rubric, category: decision.category, calendar: ctx.calendar, from: term.firstDay, to: term.lastDay, lastDone })
    : { occurrences: [], undated: [] };
  const strands = new Map(rubric.support?.strands.map((s) => [s.id, s.name]) ?? []);
  return {
    schedule: {
      term: term ? `${term.term[0]!.toUpperCase()}${term.term.slice(1)} term ${term.academicYear}` : 'no next term in the calendar',
      from: term?.firstDay ?? '',
      to: term?.lastDay ?? '',
      items: schedule.occurrences.map((o) => ({ date: o.date, title: o.title, owner: o.owner, strand: strands.get(o.strand) ?? o.strand, days: o.days })),
      undated: schedule.undated.map((a) => `${a.title} (${a.owner})`),
    },
    ics: {
      filename: `${school.id}-${term ? `${term.academicYear}-${term.term}` : window.id}-support.ics`,
      content: scheduleToIcs(schedule.occurrences, { school: { id: school.id, name: school.name }, category: categoryName(rubric, decision.category), strands: rubric.support?.strands ?? [] }),
    },
  };
}

/**
 * The calendar file of a stored decision, as its decision card offered it. Null when there is
 * no such decision, or its school or review window is no longer in the store.
 */
export async function decisionCalendar(ctx: ReviewContext, decisionId: string): Promise<CalendarFile | null> {
  const decision = (await ctx.store.listDecisions()).find((d) => d.id === decisionId);
  if (!decision) return null;
  const trust = await ctx.store.getTrust();
  const school = trust?.schools.find((s) => s.id === decision.schoolId);
  const window = (await ctx.store.listWindows()).find((w) => w.id === decision.windowId);
  if (!trust || !school || !window) return null;
  return (await supportSchedule(ctx, rubricOf(ctx, trust), school, window, decision)).ics;
}
