import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/index.js';
import { buildSchedule, scheduleToIcs } from '../../src/support/index.js';
import { activity, fixtureRubric } from './fixture.js';

const calendar = loadCalendar();
const rubric = fixtureRubric([
  {
    category: 'basic',
    activities: [
      activity('review', { every: 'term', schoolDay: 1 }),
      activity('catch_up', { every: 'week', weekday: 'monday' }, { strand: 'hr', owner: 'HR Team', minutes: 30 }),
      activity('hr_days', { allocation: { days: 10, per: 'year' } }, { strand: 'hr', owner: 'People and Culture Lead' }),
    ],
  },
]);
const { occurrences } = buildSchedule({ rubric, category: 'basic', calendar, from: '2026-09-01', to: '2026-12-31' });
const options = { school: { id: 'reach', name: 'Reach Academy' }, category: 'STABILISE', strands: rubric.support!.strands };

/** Events with folded lines (RFC 5545 wraps at 75 octets) joined back. */
const events = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('BEGIN:VEVENT').slice(1);
const field = (event: string, name: string) => event.match(new RegExp(`^${name}[;:](.*)$`, 'm'))?.[1];

describe('exporting a schedule to a calendar file', () => {
  const ics = scheduleToIcs(occurrences, options);

  it('writes one all-day event per occurrence', () => {
    expect(occurrences).toHaveLength(1 + 14 + 4);
    expect(events(ics)).toHaveLength(occurrences.length);
    expect(events(ics).map((e) => field(e, 'DTSTART'))).toEqual(occurrences.map((o) => `VALUE=DATE:${o.date.replace(/-/g, '')}`));
    expect(ics).toContain('X-WR-TIMEZONE:Europe/London');
  });

  it('gives the same UIDs, one per school, activity and date, every time it is exported', () => {
    const uids = events(ics).map((e) => field(e, 'UID'));
    expect(new Set(uids).size).toBe(occurrences.length);
    expect(uids[0]).toBe('reach.review.2026-09-03@termly');
    expect(events(scheduleToIcs(occurrences, options)).map((e) => field(e, 'UID'))).toEqual(uids);
    expect(scheduleToIcs(occurrences, options)).toBe(ics);
    const otherSchool = events(scheduleToIcs(occurrences, { ...options, school: { id: 'engage', name: 'Engage Academy' } })).map((e) => field(e, 'UID'));
    expect(otherSchool.filter((uid) => uids.includes(uid))).toEqual([]);
  });

  it('names the school and activity, and says who owns it and which strand it serves', () => {
    const catchUp = events(ics).find((e) => e.includes('UID:reach.catch_up.2026-09-07@termly'))!;
    expect(field(catchUp, 'SUMMARY')).toBe('Reach Academy: Title of catch_up');
    expect(field(catchUp, 'DESCRIPTION')).toBe('Owner: HR Team\\nStrand: HR\\nCategory: STABILISE\\nLength: 30 minutes');
  });

  it('writes a half day as "½ day" and an "up to" day as "up to 1 day", never a raw fraction', () => {
    const summaries = events(ics).map((e) => field(e, 'SUMMARY'));
    expect(summaries).toContain('Reach Academy: Title of hr_days (½ day)');
    expect(field(events(ics).find((e) => e.includes('(½ day)'))!, 'DESCRIPTION')).toContain('Time: ½ day');
    expect(summaries.filter((t) => t === 'Reach Academy: Title of hr_days')).toHaveLength(3);
    expect(events(ics).flatMap((e) => [field(e, 'SUMMARY'), field(e, 'DESCRIPTION')]).join('\n')).not.toMatch(/\d\.\d/);
    const upTo = fixtureRubric([{ category: 'basic', activities: [activity('hr_days', { allocation: { days: 10, per: 'year', upTo: true } }, { strand: 'hr' })] }]);
    const offered = buildSchedule({ rubric: upTo, category: 'basic', calendar, from: '2026-09-01', to: '2026-12-31' }).occurrences;
    expect(events(scheduleToIcs(offered, options)).map((e) => field(e, 'SUMMARY'))).toEqual([
      'Reach Academy: Title of hr_days (up to 1 day)', 'Reach Academy: Title of hr_days (up to 1 day)',
      'Reach Academy: Title of hr_days (up to 1 day)', 'Reach Academy: Title of hr_days (up to ½ day)',
    ]);
  });

  it('stamps events with the time given, in UTC', () => {
    const stamped = scheduleToIcs(occurrences, { ...options, generatedAt: new Date('2026-08-20T09:15:00Z') });
    expect(events(stamped).every((e) => field(e, 'DTSTAMP') === '20260820T091500Z')).toBe(true);
  });
});
