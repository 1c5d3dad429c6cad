/** When a message may go out: school days, in working hours, London wall-clock time. */
import { DateTime } from 'luxon';
import { LONDON } from './dates.js';
import { isSchoolDay, nextSchoolDay } from './days.js';
import { CalendarError } from './errors.js';
import type { Calendar } from './schema.js';

/** Wall-clock times in London, "HH:MM"; a message may go from `start` up to (not at) `end`. */
export interface WorkingHours {
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '08:30', end: '17:00' };

/**
 * The instant itself if it falls on a school day within working hours, else the start of
 * working hours on the next school day (today's, if it is a school day and still early).
 * Times are London's wall clock, so 08:30 is 07:30 UTC in summer time and 08:30 UTC in winter.
 */
export function nextSendTime(calendar: Calendar, instant: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new CalendarError('DATE_INVALID', `the instant "${String(instant)}" is not a valid date and time`);
  }
  const start = minutesOf(hours.start, 'start');
  const end = minutesOf(hours.end, 'end');
  if (start >= end) {
    throw new CalendarError('SETTING_INVALID', `working hours must start before they end: ${hours.start} to ${hours.end}`);
  }
  const local = DateTime.fromJSDate(instant, { zone: LONDON });
  const today = local.toISODate()!;
  const minute = local.hour * 60 + local.minute + (local.second + local.millisecond / 1000) / 60;
  if (isSchoolDay(calendar, today)) {
    if (minute < start) return wallClock(today, hours.start);
    if (minute < end) return new Date(instant.getTime());
  }
  return wallClock(nextSchoolDay(calendar, today), hours.start);
}

function minutesOf(time: string, which: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new CalendarError('SETTING_INVALID', `working hours ${which} "${time}" is not a time as HH:MM (24-hour)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function wallClock(date: string, time: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone: LONDON }).toJSDate();
}
