/** A schedule as an iCalendar file, for leadership to import into Outlook or Google Calendar. */
import ical from 'ical-generator';
import { DateTime } from 'luxon';
import { LONDON } from '../calendar/dates.js';
import type { Occurrence } from './schedule.js';
import { daysWords } from './words.js';

export interface IcsOptions {
  school: { id: string; name: string };
  /** The category the schedule follows from, as shown to people (e.g. "STABILISE"). */
  category: string;
  /** The rubric's support strands, to print a strand's name rather than its id. */
  strands?: { id: string; name: string }[];
  /**
   * When the file is made (DTSTAMP). Pass the current time so calendar apps see a
   * re-export as newer; left out, each event is stamped with its own date, and the same
   * schedule always gives the same bytes.
   */
  generatedAt?: Date;
}

/**
 * One all-day event per occurrence. Each event's UID is made from the school, the activity
 * and the date, so importing a re-export updates events rather than duplicating them.
 */
export function scheduleToIcs(occurrences: readonly Occurrence[], options: IcsOptions): string {
  const { school, category } = options;
  const strandNames = new Map((options.strands ?? []).map((s) => [s.id, s.name]));
  const calendar = ical({ name: `${school.name}: support (${category})`, prodId: { company: 'termly', product: 'support-schedule', language: 'EN' } });
  // The calendar-level timezone option would also write DTSTAMP as local time, which
  // RFC 5545 forbids; declaring the zone by X-WR-TIMEZONE keeps DTSTAMP in UTC.
  calendar.x([{ key: 'X-WR-TIMEZONE', value: LONDON }]);

  for (const o of occurrences) {
    const start = DateTime.fromISO(o.date, { zone: LONDON });
    // A whole day needs no note; a half day, or a day that is the most on offer, does.
    const share = o.days !== null && (o.days !== 1 || o.upTo) ? ` (${daysWords(o.days, o.upTo)})` : '';
    calendar.createEvent({
      id: eventUid(school.id, o.activity, o.date),
      start,
      end: start.plus({ days: 1 }),
      allDay: true,
      timezone: LONDON,
      stamp: options.generatedAt ? DateTime.fromJSDate(options.generatedAt, { zone: 'utc' }) : start.toUTC(),
      summary: `${school.name}: ${o.title}${share}`,
      description: [
        `Owner: ${o.owner}`,
        `Strand: ${strandNames.get(o.strand) ?? o.strand}`,
        `Category: ${category}`,
        ...(o.minutes !== null ? [`Length: ${o.minutes} minutes`] : []),
        ...(o.days !== null ? [`Time: ${daysWords(o.days, o.upTo)}`] : []),
      ].join('\n'),
    });
  }
  return calendar.toString();
}

/** Stable across exports: the same school, activity and date always give the same UID. */
export function eventUid(schoolId: string, activity: string, date: string): string {
  return `${encodeURIComponent(schoolId)}.${activity}.${date}@termly`;
}
