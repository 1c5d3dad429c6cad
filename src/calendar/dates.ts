/**
 * ISO calendar dates ("YYYY-MM-DD") as plain strings: they sort and compare as text, and
 * survive JSON. Arithmetic goes through luxon in UTC so no clock change can shift a day.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

/** England's school calendar and every wall-clock time the bot uses. */
export const LONDON = 'Europe/London';

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, 'a real calendar date');
export type IsoDate = string;

export function isIsoDate(value: string): boolean {
  return IsoDate.safeParse(value).success;
}

function parse(date: IsoDate): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' });
}

const DAY_MS = 86_400_000;

/** Midnight UTC of a date: UTC has no clock changes, so whole days are exact (and far cheaper than luxon). */
function utcMs(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(utcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday (ISO). */
export function isoWeekday(date: IsoDate): number {
  return new Date(utcMs(date)).getUTCDay() || 7;
}

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

export function weekdayName(date: IsoDate): string {
  return parse(date).setLocale('en-GB').toFormat('cccc');
}

/** Every date from `from` to `to`, both included. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The academic year a date belongs to, "2026-27", counting 1 September to 31 August as
 * the Department for Education does: a date in the summer holiday belongs to the year
 * that has just ended.
 */
export function academicYearOf(date: IsoDate): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
  return academicYearId(start);
}

/** 2026 → "2026-27". */
export function academicYearId(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** "2026-27" → 2026. */
export function academicYearStart(id: string): number {
  return Number(id.slice(0, 4));
}
