import { describe, expect, it } from 'vitest';
import { CalendarError, halfTermOf, loadCalendar, reviewWindow, schoolDaysBetween, windowsBetween } from '../../src/calendar/index.js';

const calendar = loadCalendar();

describe('review windows', () => {
  it('opens 15 and closes 5 school days before the last school day of the term, by default', () => {
    expect(reviewWindow(calendar, '2026-27', 'autumn')).toEqual({
      id: '2026-27-autumn',
      academicYear: '2026-27',
      term: 'autumn',
      opensOn: '2026-11-27',
      closesOn: '2026-12-11',
    });
    // Summer 2027 ends on a Wednesday.
    expect(reviewWindow(calendar, '2026-27', 'summer')).toMatchObject({ opensOn: '2027-06-30', closesOn: '2027-07-14' });
  });

  it('counts school days only, so a long window stretches over the half-term holiday', () => {
    const window = reviewWindow(calendar, '2026-27', 'spring', { opensBeforeEnd: 30, closesBeforeEnd: 5 });
    expect(window).toMatchObject({ opensOn: '2027-02-04', closesOn: '2027-03-18' });
    expect(halfTermOf(calendar, window.opensOn)).toBe(3);
    expect(halfTermOf(calendar, window.closesOn)).toBe(4);
    const open = schoolDaysBetween(calendar, window.opensOn, window.closesOn);
    expect(open).toHaveLength(26);
    expect(open.filter((d) => d >= '2027-02-15' && d <= '2027-02-19')).toEqual([]);
  });

  it('lists the windows open on any day of a range', () => {
    expect(windowsBetween(calendar, '2026-12-01', '2027-03-10').map((w) => w.id)).toEqual(['2026-27-autumn', '2026-27-spring']);
    expect(windowsBetween(calendar, '2026-12-12', '2027-03-03')).toEqual([]);
    expect(windowsBetween(calendar, '2026-09-01', '2028-08-31')).toHaveLength(6);
  });

  it.each([
    [{ opensBeforeEnd: 5, closesBeforeEnd: 15 }, 'a review window must open before it closes: opensBeforeEnd (5) is less than closesBeforeEnd (15)'],
    [{ opensBeforeEnd: 54, closesBeforeEnd: 5 }, 'the spring term of 2026-27 has 54 school days; a window cannot open 54 school days before its end'],
    [{ opensBeforeEnd: 10, closesBeforeEnd: -1 }, 'review timing closesBeforeEnd must be a whole number of school days, 0 or more; found -1'],
  ])('refuses timing %o', (timing, message) => {
    expect(() => reviewWindow(calendar, '2026-27', 'spring', timing)).toThrow(new CalendarError('SETTING_INVALID', message));
  });
});
