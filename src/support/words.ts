/**
 * Support in the words a trust uses: days in halves ("1½ days", never "1.67 days"), cadences as
 * people say them ("half-termly", "up to 10 days a year"). Shared by every door and the CLI.
 */
import type { Cadence } from '../rubric/schema.js';

/** 0.5 → "½", 1.5 → "1½", 3 → "3": whole and half days, the way a plan is written. */
export function halves(days: number): string {
  const rounded = Math.round(days * 2) / 2;
  const whole = Math.floor(rounded);
  const half = rounded > whole ? '½' : '';
  return whole === 0 && half ? half : `${whole}${half}`;
}

/** "½ day", "1 day", "3½ days", "up to 10 days". */
export function daysWords(days: number, upTo = false): string {
  const rounded = Math.round(days * 2) / 2;
  return `${upTo ? 'up to ' : ''}${halves(rounded)} ${rounded <= 1 ? 'day' : 'days'}`;
}

const WEEKDAY_PLURAL = { monday: 'Mondays', tuesday: 'Tuesdays', wednesday: 'Wednesdays', thursday: 'Thursdays', friday: 'Fridays' } as const;

/** How often, as a trust says it: "weekly (Tuesdays)", "half-termly", "2 days a term", "up to 10 days a year". */
export function oftenWords(cadence: Cadence, minutes: number | null = null): string {
  const length = minutes ? `, ${minutes} minutes` : '';
  if ('allocation' in cadence) {
    const { days, per, upTo } = cadence.allocation;
    return `${daysWords(days, upTo)} a ${per}`;
  }
  switch (cadence.every) {
    case 'week': return `weekly (${WEEKDAY_PLURAL[cadence.weekday]})${length}`;
    case 'month': return `monthly${length}`;
    case 'half_term': return `half-termly${length}`;
    case 'term': return `termly${length}`;
    case 'year': return `once a year (${cadence.term} term)${length}`;
    case 'years': return `every ${cadence.years} years (${cadence.term} term)${length}`;
    case 'on_request': return 'on request';
  }
}
