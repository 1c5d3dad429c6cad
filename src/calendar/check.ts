/**
 * Checks across a calendar's fields, after the schema has checked each field: terms in
 * order without overlaps, each inside its academic year, the half-term inside its term,
 * first and last days that are school days, closures on weekdays in term time.
 */
import { TermName } from '../rubric/schema.js';
import { academicYearId, academicYearStart, isWeekend, weekdayName } from './dates.js';
import type { CalendarIssue } from './errors.js';
import type { Calendar, Term } from './schema.js';

export function checkCalendar(calendar: Calendar): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  let previous: { term: Term; at: string } | null = null;

  calendar.academicYears.forEach((year, y) => {
    const at = `academicYears[${y}]`;
    const start = academicYearStart(year.id);
    if (year.id !== academicYearId(start)) {
      add(`${at}.id`, `"${year.id}" is not an academic year: expected "${academicYearId(start)}"`);
      return;
    }
    const before = calendar.academicYears[y - 1];
    if (before && start !== academicYearStart(before.id) + 1) {
      add(`${at}.id`, `academic years must be consecutive, earliest first: "${year.id}" follows "${before.id}"`);
    }
    const yearFirst = `${start}-09-01`;
    const yearLast = `${start + 1}-08-31`;

    year.terms.forEach((term, t) => {
      const tat = `${at}.terms[${t}]`;
      const expected = TermName.options[t]!;
      if (term.term !== expected) add(`${tat}.term`, `the terms go autumn, spring, summer: expected "${expected}" here, found "${term.term}"`);
      if (term.firstDay > term.lastDay) {
        add(`${tat}.lastDay`, `the term ends (${term.lastDay}) before it starts (${term.firstDay})`);
        return;
      }
      if (term.firstDay < yearFirst || term.lastDay > yearLast) {
        add(tat, `the ${term.term} term (${term.firstDay} to ${term.lastDay}) must lie within ${year.id} (${yearFirst} to ${yearLast})`);
      }
      for (const end of ['firstDay', 'lastDay'] as const) {
        if (isWeekend(term[end])) add(`${tat}.${end}`, `${term[end]} is a ${weekdayName(term[end])}; a term's ${end === 'firstDay' ? 'first' : 'last'} day must be a school day`);
      }
      if (previous && term.firstDay <= previous.term.lastDay) {
        add(`${tat}.firstDay`, `the ${term.term} term starts (${term.firstDay}) before the previous term ends (${previous.term.lastDay} at ${previous.at})`);
      }
      previous = { term, at: tat };
      checkHalfTerm(term, tat, add);
      checkClosures(term, tat, add);
    });
  });
  return issues;
}

function checkHalfTerm(term: Term, at: string, add: (path: string, message: string) => void): void {
  const { firstDay, lastDay } = term.halfTerm;
  if (firstDay > lastDay) {
    add(`${at}.halfTerm.lastDay`, `the half-term holiday ends (${lastDay}) before it starts (${firstDay})`);
    return;
  }
  if (firstDay <= term.firstDay || lastDay >= term.lastDay) {
    add(`${at}.halfTerm`, `the half-term holiday (${firstDay} to ${lastDay}) must fall inside the ${term.term} term (${term.firstDay} to ${term.lastDay}), with school days before and after it`);
  }
}

function checkClosures(term: Term, at: string, add: (path: string, message: string) => void): void {
  const seen = new Set<string>();
  term.closures.forEach((closure, c) => {
    const cat = `${at}.closures[${c}].date`;
    const { date, name } = closure;
    if (seen.has(date)) add(cat, `${date} is listed twice`);
    seen.add(date);
    if (date < term.firstDay || date > term.lastDay) {
      add(cat, `${name} (${date}) is outside the ${term.term} term (${term.firstDay} to ${term.lastDay}); list only closures in term time`);
    } else if (date >= term.halfTerm.firstDay && date <= term.halfTerm.lastDay) {
      add(cat, `${name} (${date}) falls in the half-term holiday, when the school is closed anyway`);
    } else if (isWeekend(date)) {
      add(cat, `${name} (${date}) is a ${weekdayName(date)}, when the school is closed anyway`);
    } else if (date === term.firstDay || date === term.lastDay) {
      add(cat, `${name} (${date}) is the term's ${date === term.firstDay ? 'first' : 'last'} day, which must be a school day; move the term's ${date === term.firstDay ? 'firstDay' : 'lastDay'} instead`);
    }
  });
}
