/** When a message may go: school days in working hours, from the trust's calendar. */
import { CalendarError, nextSendTime, type Calendar, type WorkingHours } from '../calendar/index.js';

export class SendTimes {
  constructor(private readonly calendar: Calendar, private readonly hours: WorkingHours) {}

  /** The first instant from `now` when a message may go; null when the calendar has no school day left. */
  from(now: Date): Date | null {
    try {
      return nextSendTime(this.calendar, now, this.hours);
    } catch (e) {
      if (e instanceof CalendarError && e.code === 'OUT_OF_RANGE') return null;
      throw e;
    }
  }

  /** Whether a message may go at this instant (epoch ms). */
  isOpen(now: number): boolean {
    return this.from(new Date(now))?.getTime() === now;
  }
}
