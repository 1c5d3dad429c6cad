import type { Calendar } from '../calendar/index.js';
import type { ReviewWindow } from '../store/records.js';

export interface TermRef {
  academicYear: string;
  term: 'autumn' | 'spring' | 'summer';
  firstDay: string;
  lastDay: string;
}

/** The term after a window: when the support a decision brings takes effect. */
export function nextTerm(calendar: Calendar, window: Pick<ReviewWindow, 'closesOn'>): TermRef | null {
  for (const year of calendar.academicYears) {
    for (const t of year.terms) {
      if (t.firstDay > window.closesOn) return { academicYear: year.id, term: t.term, firstDay: t.firstDay, lastDay: t.lastDay };
    }
  }
  return null;
}
