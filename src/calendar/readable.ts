/** Dates as people read them in a message: "Tue 5 Jan", with the year when it is not obvious. */
import { DateTime } from 'luxon';
import type { IsoDate } from './dates.js';

export function readableDate(date: IsoDate, options: { year?: boolean } = {}): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat(options.year ? 'ccc d LLL yyyy' : 'ccc d LLL');
}
