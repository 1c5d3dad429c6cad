import { describe, expect, it } from 'vitest';
import { loadCalendar, nextSendTime } from '../../src/calendar/index.js';

const calendar = loadCalendar();
const at = (iso: string) => new Date(iso);
const send = (iso: string) => nextSendTime(calendar, at(iso), { start: '08:30', end: '17:00' }).toISOString();

describe('when a message may be sent (London wall clock)', () => {
  // The clocks go forward on Sunday 26 March 2028; both the Friday before and the Monday after are school days.
  it('starts at 08:30 GMT = 08:30 UTC on the Friday before the clocks go forward', () => {
    expect(send('2028-03-24T06:00:00Z')).toBe('2028-03-24T08:30:00.000Z');
    expect(send('2028-03-24T10:00:00Z')).toBe('2028-03-24T10:00:00.000Z');
  });

  it('moves an evening send on that Friday to 08:30 BST = 07:30 UTC on the Monday', () => {
    expect(send('2028-03-24T17:30:00Z')).toBe('2028-03-27T07:30:00.000Z');
  });

  it('reads working hours in summer time on the Monday after', () => {
    expect(send('2028-03-27T06:00:00Z')).toBe('2028-03-27T07:30:00.000Z'); // 07:00 BST: too early
    expect(send('2028-03-27T07:45:00Z')).toBe('2028-03-27T07:45:00.000Z'); // 08:45 BST: now
    expect(send('2028-03-27T15:59:00Z')).toBe('2028-03-27T15:59:00.000Z'); // 16:59 BST: now
    expect(send('2028-03-27T16:00:00Z')).toBe('2028-03-28T07:30:00.000Z'); // 17:00 BST: closed
  });

  it('waits out the October half-term and the clocks going back', () => {
    // Friday 23 October 2026, 17:30 BST; the clocks go back on Sunday 25 October.
    expect(send('2026-10-23T16:30:00Z')).toBe('2026-11-02T08:30:00.000Z');
    // Monday 1 November 2027, the first school day after the clocks went back on 31 October.
    expect(send('2027-11-01T08:00:00Z')).toBe('2027-11-01T08:30:00.000Z');
  });

  it('never sends on a weekend or a bank holiday', () => {
    expect(send('2027-01-16T12:00:00Z')).toBe('2027-01-18T08:30:00.000Z'); // Saturday → Monday
    expect(send('2027-05-03T09:00:00Z')).toBe('2027-05-04T07:30:00.000Z'); // early May bank holiday → Tuesday, BST
    expect(send('2027-03-26T09:00:00Z')).toBe('2027-04-12T07:30:00.000Z'); // Good Friday → first day of summer term
  });

  it('refuses working hours that are not HH:MM or end before they start', () => {
    expect(() => nextSendTime(calendar, at('2027-01-18T09:00:00Z'), { start: '8:30', end: '17:00' })).toThrow('working hours start "8:30" is not a time as HH:MM (24-hour)');
    expect(() => nextSendTime(calendar, at('2027-01-18T09:00:00Z'), { start: '17:00', end: '08:30' })).toThrow('working hours must start before they end: 17:00 to 08:30');
    expect(() => nextSendTime(calendar, new Date('not a date'))).toThrow('is not a valid date and time');
  });

  it('says so when no school day is left in the calendar', () => {
    expect(() => send('2028-07-21T17:00:00Z')).toThrow(/no school day 1 school day after 2028-07-21/);
  });
});
