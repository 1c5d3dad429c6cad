import { DateTime } from 'luxon';
import { LONDON } from '../calendar/dates.js';

/** Today's date in England, whatever the server's own time zone. */
export function londonDate(now: Date): string {
  return DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
}

/** A date as people read it in a card: "Fri 11 Dec" (the term's title names the year). */
export function dayAndDate(date: string): string {
  return DateTime.fromISO(date, { zone: LONDON }).toFormat('ccc d LLL');
}

/** "Tue 5 Jan 2027": a date as people read it, with its year. */
export function readableDate(date: string): string {
  return DateTime.fromISO(date, { zone: LONDON }).toFormat('ccc d LLL yyyy');
}
