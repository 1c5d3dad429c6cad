import type { Calendar } from '../calendar/index.js';
import type { ReviewWindow } from '../store/records.js';

export interface TermRef {
  academicYear: string;
  term: 'autumn' | 'spring' | 'summer';
  firstDay: string;
  lastDay: string;
}

/** Every term in the calendar, in order. */
export function allTerms(calendar: Calendar): TermRef[] {
  return calendar.academicYears.flatMap((y) => y.terms.map((t) => ({ academicYear: y.id, term: t.term, firstDay: t.firstDay, lastDay: t.lastDay })));
}

/** The term after a window's term: when the support a decision brings takes effect. */
export function nextTerm(calendar: Calendar, window: Pick<ReviewWindow, 'academicYear' | 'term'>): TermRef | null {
  const terms = allTerms(calendar);
  const i = terms.findIndex((t) => t.academicYear === window.academicYear && t.term === window.term);
  return i >= 0 ? terms[i + 1] ?? null : null;
}
