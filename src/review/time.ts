import { DateTime } from 'luxon';
import { LONDON } from '../calendar/dates.js';

// Made once: building a formatter (or a luxon DateTime in a zone) costs more than formatting with it.
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in England, whatever the server's own time zone. */
export function londonDate(now: Date): string {
  const parts = Object.fromEntries(LONDON_DAY.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Dates are shown over and over in every card (terms, decisions, support): each is formatted once. */
const shown = new Map<string, string>();
function remembered(date: string, format: string): string {
  const key = `${format}|${date}`;
  let text = shown.get(key);
  if (text === undefined) {
    text = DateTime.fromISO(date, { zone: LONDON }).toFormat(format);
    if (shown.size >= 5000) shown.clear();
    shown.set(key, text);
  }
  return text;
}

/** A date as people read it in a card: "Fri 11 Dec" (the term's title names the year). */
export function dayAndDate(date: string): string {
  return remembered(date, 'ccc d LLL');
}

/** "Tue 5 Jan 2027": a date as people read it, with its year. */
export function readableDate(date: string): string {
  return remembered(date, 'ccc d LLL yyyy');
}
