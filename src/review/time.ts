import { DateTime } from 'luxon';
import { LONDON } from '../calendar/dates.js';

/** Today's date in England, whatever the server's own time zone. */
export function londonDate(now: Date): string {
  return DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
}
