/**
 * When a message may go. In production: school days in working hours, from the trust's
 * calendar. In local mode: at once, so that someone trying the bot at 8pm, or in the holidays,
 * sees what it sends straight away.
 */
import { CalendarError, nextSendTime, type Calendar, type WorkingHours } from '../calendar/index.js';

export interface SendTimes {
  /** The first instant from `now` when a message may go; null when none is left (no school day ahead). */
  from(now: Date): Date | null;
  /** Whether a message may go at this instant (epoch ms). */
  isOpen(now: number): boolean;
}

export class SchoolDaySendTimes implements SendTimes {
  constructor(private readonly calendar: Calendar, private readonly hours: WorkingHours) {}

  from(now: Date): Date | null {
    try {
      return nextSendTime(this.calendar, now, this.hours);
    } catch (e) {
      if (e instanceof CalendarError && e.code === 'OUT_OF_RANGE') return null;
      throw e;
    }
  }

  isOpen(now: number): boolean {
    return this.from(new Date(now))?.getTime() === now;
  }
}

/** Every instant is a time to send. */
export const AT_ONCE: SendTimes = {
  from: (now) => now,
  isOpen: () => true,
};
