import { describe, expect, it } from 'vitest';
import {
  addSchoolDays,
  CalendarError,
  halfTermOf,
  halfTerms,
  isSchoolDay,
  loadCalendar,
  nextSchoolDay,
  schoolDaysBetween,
  termOf,
  validateCalendar,
  type CalendarInput,
} from '../../src/calendar/index.js';

const calendar = loadCalendar();

function calendarError(run: () => unknown): CalendarError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarError);
    return e as CalendarError;
  }
  throw new Error('expected a CalendarError');
}

describe('school days', () => {
  it.each([
    ['2026-09-03', true, 'first day of the autumn term'],
    ['2026-09-02', false, 'the day before term starts'],
    ['2026-09-05', false, 'a Saturday in term'],
    ['2026-09-06', false, 'a Sunday in term'],
    ['2026-10-28', false, 'autumn half-term'],
    ['2026-12-18', true, 'last day of the autumn term'],
    ['2026-12-25', false, 'Christmas holiday'],
    ['2027-03-26', false, 'Good Friday 2027, after the spring term ends'],
    ['2027-05-03', false, 'early May bank holiday, in term'],
    ['2027-05-04', true, 'the day after the bank holiday'],
    ['2027-05-31', false, 'spring bank holiday, in the summer half-term'],
    ['2028-01-03', false, 'New Year bank holiday (substitute day)'],
    ['2028-04-17', false, 'Easter Monday 2028'],
    ['2028-05-01', false, 'early May bank holiday 2028'],
    ['2029-01-08', false, 'a Monday beyond the calendar'],
  ])('%s is a school day: %s (%s)', (date, expected) => {
    expect(isSchoolDay(calendar, date)).toBe(expected);
  });

  it('keeps pupils at home on an INSET day a trust adds', () => {
    const data = structuredClone(calendar) as CalendarInput;
    data.academicYears[0]!.terms[0]!.closures = [{ date: '2026-11-27', kind: 'inset', name: 'Training day' }];
    const withInset = validateCalendar(data, 'trust calendar');
    expect(isSchoolDay(calendar, '2026-11-27')).toBe(true);
    expect(isSchoolDay(withInset, '2026-11-27')).toBe(false);
    expect(nextSchoolDay(withInset, '2026-11-26')).toBe('2026-11-30');
  });

  it('refuses a date that is not YYYY-MM-DD, naming it', () => {
    const error = calendarError(() => isSchoolDay(calendar, '03/09/2026'));
    expect(error.code).toBe('DATE_INVALID');
    expect(error.message).toBe('the date "03/09/2026" is not a date as YYYY-MM-DD');
  });
});

describe('terms and half-terms', () => {
  it('places a date in its term, half-term holidays included, holidays between terms not', () => {
    expect(termOf(calendar, '2026-10-28')).toEqual({ academicYear: '2026-27', term: 'autumn' });
    expect(termOf(calendar, '2027-07-21')).toEqual({ academicYear: '2026-27', term: 'summer' });
    expect(termOf(calendar, '2027-09-02')).toEqual({ academicYear: '2027-28', term: 'autumn' });
    expect(termOf(calendar, '2026-12-25')).toBeNull();
    expect(termOf(calendar, '2027-08-10')).toBeNull();
  });

  it('numbers the six half-terms and leaves the breaks between them out', () => {
    expect(halfTermOf(calendar, '2026-10-23')).toBe(1);
    expect(halfTermOf(calendar, '2026-10-24')).toBeNull();
    expect(halfTermOf(calendar, '2026-10-28')).toBeNull();
    expect(halfTermOf(calendar, '2026-11-02')).toBe(2);
    expect(halfTermOf(calendar, '2027-01-04')).toBe(3);
    expect(halfTermOf(calendar, '2027-03-25')).toBe(4);
    expect(halfTermOf(calendar, '2027-05-03')).toBe(5);
    expect(halfTermOf(calendar, '2027-07-21')).toBe(6);
    expect(halfTermOf(calendar, '2028-04-12')).toBeNull();
  });

  it('lists the half-terms of a year with their first and last school days', () => {
    expect(halfTerms(calendar, '2026-27').map((h) => [h.number, h.term, h.firstDay, h.lastDay, h.schoolDays.length])).toEqual([
      [1, 'autumn', '2026-09-03', '2026-10-23', 37],
      [2, 'autumn', '2026-11-02', '2026-12-18', 35],
      [3, 'spring', '2027-01-04', '2027-02-12', 30],
      [4, 'spring', '2027-02-22', '2027-03-25', 24],
      [5, 'summer', '2027-04-12', '2027-05-28', 34],
      [6, 'summer', '2027-06-07', '2027-07-21', 33],
    ]);
    expect(halfTerms(calendar, '2027-28').map((h) => h.firstDay)).toEqual(['2027-09-02', '2027-11-01', '2028-01-04', '2028-02-21', '2028-04-24', '2028-06-05']);
  });

  it('refuses an academic year it does not hold, listing those it does', () => {
    const error = calendarError(() => halfTerms(calendar, '2030-31'));
    expect(error.code).toBe('TERM_UNKNOWN');
    expect(error.message).toBe('the calendar has no academic year "2030-31": it holds 2026-27, 2027-28');
  });
});

describe('counting school days', () => {
  it('lists school days between two dates, both included, skipping weekends and half-term', () => {
    expect(schoolDaysBetween(calendar, '2026-10-22', '2026-11-03')).toEqual(['2026-10-22', '2026-10-23', '2026-11-02', '2026-11-03']);
    expect(schoolDaysBetween(calendar, '2026-09-05', '2026-09-06')).toEqual([]);
    expect(schoolDaysBetween(calendar, '2026-09-01', '2026-12-31')).toHaveLength(72);
    expect(schoolDaysBetween(calendar, '2027-04-30', '2027-05-04')).toEqual(['2027-04-30', '2027-05-04']);
  });

  it('adds and subtracts school days across weekends, bank holidays and holidays', () => {
    expect(addSchoolDays(calendar, '2026-09-03', 5)).toBe('2026-09-10');
    expect(addSchoolDays(calendar, '2026-10-23', 1)).toBe('2026-11-02');
    expect(addSchoolDays(calendar, '2026-11-02', -1)).toBe('2026-10-23');
    expect(addSchoolDays(calendar, '2026-10-28', 1)).toBe('2026-11-02');
    expect(addSchoolDays(calendar, '2026-10-28', -1)).toBe('2026-10-23');
    expect(addSchoolDays(calendar, '2026-10-28', 0)).toBe('2026-11-02');
    expect(addSchoolDays(calendar, '2026-10-23', 0)).toBe('2026-10-23');
    expect(addSchoolDays(calendar, '2027-04-30', 1)).toBe('2027-05-04');
    expect(nextSchoolDay(calendar, '2026-12-18')).toBe('2027-01-04');
    expect(nextSchoolDay(calendar, '2027-07-21')).toBe('2027-09-02');
  });

  it('says so when the answer lies beyond the calendar', () => {
    const error = calendarError(() => nextSchoolDay(calendar, '2028-07-21'));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toBe(
      'the calendar has no school day 1 school day after 2028-07-21: it holds school days from 2026-09-03 to 2028-07-21; add the term dates of the academic year needed',
    );
    expect(calendarError(() => addSchoolDays(calendar, '2026-09-03', -1)).code).toBe('OUT_OF_RANGE');
    expect(calendarError(() => addSchoolDays(calendar, '2026-09-03', 1.5)).message).toBe('a number of school days must be a whole number, not 1.5');
  });
});
