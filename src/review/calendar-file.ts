/**
 * A decision's support schedule, and its calendar file. The decision card shows the schedule
 * and links to the file; the file is rebuilt from the stored decision whenever the link is
 * followed, so a link keeps working for as long as the decision is kept.
 */
import { readableDate } from '../calendar/readable.js';
import { categoryName } from '../evaluator/explain.js';
import type { Rubric } from '../rubric/schema.js';
import type { Decision, ReviewWindow, School } from '../store/records.js';
import { amountWords, buildSchedule, daysWords, scheduleToIcs, summariseSchedule, type Schedule } from '../support/index.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { nextTerm } from './terms.js';
import type { SupportSchedule } from './views.js';

export interface CalendarFile {
  filename: string;
  content: string;
}

export interface DecisionSupport {
  schedule: SupportSchedule;
  ics: CalendarFile;
}

/** The support the decided category brings in the term after the window, as shown and as a calendar file. */
export async function supportSchedule(
  ctx: ReviewContext, rubric: Rubric, school: School, window: ReviewWindow, decision: Decision,
): Promise<DecisionSupport> {
  const term = nextTerm(ctx.calendar, window);
  const lastDone = Object.fromEntries((await ctx.store.listLastDone(school.id)).map((l) => [l.activityId, l.date]));
  const schedule: Schedule = term && rubric.support
    ? buildSchedule({ rubric, category: decision.category, calendar: ctx.calendar, from: term.firstDay, to: term.lastDay, lastDone })
    : { occurrences: [], undated: [] };
  return {
    schedule: supportView(rubric, decision.category, schedule, term
      ? { title: `${term.term[0]!.toUpperCase()}${term.term.slice(1)} term ${term.academicYear}`, from: term.firstDay, to: term.lastDay }
      : null),
    ics: {
      filename: `${school.id}-${term ? `${term.academicYear}-${term.term}` : window.id}-support.ics`,
      content: scheduleToIcs(schedule.occurrences, { school: { id: school.id, name: school.name }, category: categoryName(rubric, decision.category), strands: rubric.support?.strands ?? [] }),
    },
  };
}

/**
 * A term's schedule as a person reads it: one line per activity (what, how often, who, first
 * date, how much this term), every dated occurrence, and what is offered on request.
 */
export function supportView(rubric: Rubric, category: string, schedule: Schedule, term: { title: string; from: string; to: string } | null): SupportSchedule {
  const strands = new Map(rubric.support?.strands.map((s) => [s.id, s.name]) ?? []);
  const strand = (id: string) => strands.get(id) ?? id;
  const summary = rubric.support ? summariseSchedule(rubric, category, schedule) : { dated: [], onRequest: [] };
  return {
    term: term?.title ?? 'no next term in the calendar',
    from: term?.from ?? '',
    to: term?.to ?? '',
    fromText: term ? readableDate(term.from) : '',
    toText: term ? readableDate(term.to) : '',
    summary: summary.dated.map((a) => ({
      title: a.title, owner: a.owner, strand: strand(a.strand), often: a.often, first: readableDate(a.first), amount: amountWords(a, 'this term'),
    })),
    items: schedule.occurrences.map((o) => ({
      date: o.date,
      when: readableDate(o.date),
      title: o.title,
      owner: o.owner,
      strand: strand(o.strand),
      days: o.days,
      daysText: o.days !== null ? daysWords(o.days, o.upTo) : null,
    })),
    onRequest: summary.onRequest.map((a) => ({ title: a.title, owner: a.owner, strand: strand(a.strand) })),
  };
}

/**
 * The calendar file of a stored decision, as its decision card offered it. Null when there is
 * no such decision, or its school or review window is no longer in the store.
 */
export async function decisionCalendar(ctx: ReviewContext, decisionId: string): Promise<CalendarFile | null> {
  const decision = await ctx.store.getDecision(decisionId);
  if (!decision) return null;
  const trust = await ctx.store.getTrust();
  const school = trust?.schools.find((s) => s.id === decision.schoolId);
  const window = (await ctx.store.listWindows()).find((w) => w.id === decision.windowId);
  if (!trust || !school || !window) return null;
  return (await supportSchedule(ctx, rubricOf(ctx, trust), school, window, decision)).ics;
}
