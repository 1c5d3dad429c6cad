/**
 * The trust overview's words and its moves between pages, the same on every door: a Teams card
 * and a Slack message read them from here.
 */
import type { OverviewView } from './views.js';

/** The line above the list of schools: which schools it holds, and why. */
export function overviewListLine(view: OverviewView): string {
  const { shown } = view;
  if (shown.kind === 'all') return 'Every school:';
  if (shown.kind === 'page') return `Every school, page ${shown.page} of ${shown.pages}:`;
  if (view.schools.length === 0) return 'No school needs attention: no proposal awaits a decision, none is late, none is in the category with the most support.';
  return `Needing attention (awaiting a decision, late, or in the category with the most support)${shown.more > 0 ? `: the first ${view.schools.length}, and ${shown.more} more in the full list` : ''}:`;
}

/** A button that redraws the overview at `page` (0 is the summary). */
export interface OverviewMove {
  title: string;
  page: number;
}

/** Where the overview can go from here: the full list a page at a time, and back; null where it cannot. */
export function overviewMoves(view: OverviewView): Record<'all' | 'previous' | 'next' | 'back', OverviewMove | null> {
  const { shown } = view;
  const page = shown.kind === 'page' ? shown.page : 0;
  const pages = shown.kind === 'page' ? shown.pages : 1;
  const schools = view.summary.total;
  return {
    all: shown.kind === 'attention' ? { title: `Show every school (${schools} ${schools === 1 ? 'school' : 'schools'})`, page: 1 } : null,
    previous: page > 1 ? { title: 'Previous page', page: page - 1 } : null,
    next: page > 0 && page < pages ? { title: `Next page (${page + 1} of ${pages})`, page: page + 1 } : null,
    back: page > 0 ? { title: 'Back to the summary', page: 0 } : null,
  };
}
