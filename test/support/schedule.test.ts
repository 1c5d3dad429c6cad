import { describe, expect, it } from 'vitest';
import { isSchoolDay, loadCalendar } from '../../src/calendar/index.js';
import { terms } from '../../src/calendar/days.js';
import { buildSchedule, ScheduleError, type Occurrence } from '../../src/support/index.js';
import { activity, fixtureRubric } from './fixture.js';

const calendar = loadCalendar();
const YEAR = { from: '2026-09-01', to: '2027-08-31' };

function dates(occurrences: Occurrence[], id: string): string[] {
  return occurrences.filter((o) => o.activity === id).map((o) => o.date);
}

function scheduleOf(cadence: Parameters<typeof activity>[1], range = YEAR, lastDone?: Record<string, string>) {
  const rubric = fixtureRubric([{ category: 'basic', activities: [activity('it', cadence)] }]);
  const { occurrences } = buildSchedule({ rubric, category: 'basic', calendar, ...range, ...(lastDone ? { lastDone } : {}) });
  for (const o of occurrences) expect(isSchoolDay(calendar, o.date), `${o.date} is a school day`).toBe(true);
  return occurrences;
}

describe('dating each cadence over 2026-27', () => {
  it('weekly: every Monday in school, the bank holiday Monday and holidays skipped', () => {
    const mondays = dates(scheduleOf({ every: 'week', weekday: 'monday' }), 'it');
    // Autumn 14, spring 11, summer 13 (early May bank holiday and half-terms have none).
    expect(mondays).toHaveLength(38);
    expect(mondays).not.toContain('2027-05-03');
    expect(mondays.filter((d) => d.startsWith('2026-10'))).toEqual(['2026-10-05', '2026-10-12', '2026-10-19']);
    expect(mondays.slice(0, 2)).toEqual(['2026-09-07', '2026-09-14']);
  });

  it('weekly on Friday: 38, none on Good Friday or in half-terms', () => {
    const fridays = dates(scheduleOf({ every: 'week', weekday: 'friday' }), 'it');
    expect(fridays).toHaveLength(38);
    expect(fridays).not.toContain('2027-03-26');
    expect(fridays.at(-1)).toBe('2027-07-16');
  });

  it('monthly: the first school day of each month that has one', () => {
    expect(dates(scheduleOf({ every: 'month', schoolDay: 1 }), 'it')).toEqual([
      '2026-09-03', '2026-10-01', '2026-11-02', '2026-12-01', '2027-01-04', '2027-02-01',
      '2027-03-01', '2027-04-12', '2027-05-04', '2027-06-07', '2027-07-01',
    ]);
  });

  it('half-termly: the second school day of each of the six half-terms', () => {
    expect(dates(scheduleOf({ every: 'half_term', schoolDay: 2 }), 'it')).toEqual([
      '2026-09-04', '2026-11-03', '2027-01-05', '2027-02-23', '2027-04-13', '2027-06-08',
    ]);
  });

  it('termly and yearly: the first school day of each term, and of the spring term', () => {
    expect(dates(scheduleOf({ every: 'term', schoolDay: 1 }), 'it')).toEqual(['2026-09-03', '2027-01-04', '2027-04-12']);
    expect(dates(scheduleOf({ every: 'year', term: 'spring', schoolDay: 1 }), 'it')).toEqual(['2027-01-04']);
  });

  it('falls back to the last school day of a period shorter than the school day asked for', () => {
    // December 2026 has 14 school days.
    expect(dates(scheduleOf({ every: 'month', schoolDay: 20 }), 'it')).toContain('2026-12-18');
  });

  it('allocation per term: 2 one-day occurrences in each term, mid-way through each half of its school days', () => {
    const occurrences = scheduleOf({ allocation: { days: 2, per: 'term' } });
    expect(occurrences.map((o) => [o.date, o.days])).toEqual([
      ['2026-09-29', 1], ['2026-11-25', 1], // 19th and 55th of 72 school days
      ['2027-01-21', 1], ['2027-03-08', 1], // 14th and 41st of 54
      ['2027-05-05', 1], ['2027-06-29', 1], // 17th and 51st of 67
    ]);
  });

  it('allocation per year: a third per term in halves of a day, the odd halves to the earlier terms', () => {
    const occurrences = scheduleOf({ allocation: { days: 10, per: 'year' } });
    const term = (from: string, to: string) => occurrences.filter((o) => o.date >= from && o.date <= to).map((o) => o.days);
    // 10 days: 3½ in autumn, 3½ in spring, 3 in summer; never 3.33.
    expect(term('2026-09-01', '2026-12-31')).toEqual([1, 1, 1, 0.5]);
    expect(term('2027-01-01', '2027-03-31')).toEqual([1, 1, 1, 0.5]);
    expect(term('2027-04-01', '2027-08-31')).toEqual([1, 1, 1]);
    expect(occurrences.reduce((sum, o) => sum + (o.days ?? 0), 0)).toBe(10);
    expect(new Set(occurrences.map((o) => o.date)).size).toBe(11);
    // 5 days: 2, 1½, 1½.
    const five = scheduleOf({ allocation: { days: 5, per: 'year' } }).map((o) => o.days);
    expect(five).toEqual([1, 1, 1, 0.5, 1, 0.5]);
  });

  it('marks the days of an "up to" allocation as the most on offer', () => {
    const occurrences = scheduleOf({ allocation: { days: 10, per: 'year', upTo: true } });
    expect(occurrences.every((o) => o.upTo)).toBe(true);
    expect(scheduleOf({ allocation: { days: 2, per: 'term' } }).some((o) => o.upTo)).toBe(false);
  });
});

describe('two allocations in one package', () => {
  function paired(first: { days: number; per: 'term' | 'year' }, second: { days: number; per: 'term' | 'year' }) {
    const rubric = fixtureRubric([{
      category: 'basic',
      activities: [
        activity('sip_days', { allocation: first }),
        activity('enhanced_days', { allocation: second }, { owner: 'School Improvement Team' }),
      ],
    }]);
    return buildSchedule({ rubric, category: 'basic', calendar, ...YEAR }).occurrences;
  }

  it('SIP days and enhanced days, 2 a term each, land on four different dates a term, taking turns', () => {
    const occurrences = paired({ days: 2, per: 'term' }, { days: 2, per: 'term' });
    const autumn = occurrences.filter((o) => o.date < '2027-01-01');
    expect(autumn.map((o) => o.activity)).toEqual(['sip_days', 'enhanced_days', 'sip_days', 'enhanced_days']);
    expect(new Set(occurrences.map((o) => o.date)).size).toBe(occurrences.length);
    // Autumn's 72 school days cut into four slices of 18, each day mid-slice: the 10th, 28th,
    // 46th and 64th school days. Each activity keeps one day in each half of the term.
    const autumnDays = terms(calendar)[0]!.schoolDays;
    const nth = (n: number) => autumnDays[n - 1];
    expect(dates(occurrences, 'sip_days').filter((d) => d < '2027-01-01')).toEqual([nth(10), nth(46)]);
    expect(dates(occurrences, 'enhanced_days').filter((d) => d < '2027-01-01')).toEqual([nth(28), nth(64)]);
  });

  it('improvement-professional days and "up to" HR days never share a date, and keep their totals', () => {
    const occurrences = paired({ days: 12, per: 'year' }, { days: 10, per: 'year' });
    expect(new Set(occurrences.map((o) => o.date)).size).toBe(occurrences.length);
    const total = (id: string) => occurrences.filter((o) => o.activity === id).reduce((sum, o) => sum + (o.days ?? 0), 0);
    expect([total('sip_days'), total('enhanced_days')]).toEqual([12, 10]);
    for (const o of occurrences) expect(isSchoolDay(calendar, o.date), `${o.date} is a school day`).toBe(true);
  });

  it('refuses allocations that together need more days than a term has', () => {
    expect(() => paired({ days: 30, per: 'term' }, { days: 30, per: 'term' }))
      .toThrow('"sip_days" and "enhanced_days" together allocate 60 days to the spring term of 2026-27, which has only 54 school days');
  });
});

describe('every N years', () => {
  const TWO_YEARS = { from: '2026-09-01', to: '2028-08-31' };
  const cadence = { every: 'years', years: 2, term: 'autumn', schoolDay: 1 } as const;

  it('with no last-done date: due in the first matching term of the range', () => {
    expect(dates(scheduleOf(cadence, TWO_YEARS), 'it')).toEqual(['2026-09-03']);
    expect(dates(scheduleOf(cadence, { from: '2026-10-01', to: '2028-08-31' }), 'it')).toEqual(['2027-09-02']);
  });

  it('counts from the academic year it was last done in', () => {
    expect(dates(scheduleOf(cadence, TWO_YEARS, { it: '2025-11-20' }), 'it')).toEqual(['2027-09-02']);
    expect(dates(scheduleOf(cadence, TWO_YEARS, { it: '2026-09-03' }), 'it')).toEqual([]);
    // Done in August 2025: still 2024-25, so due in 2026-27.
    expect(dates(scheduleOf(cadence, TWO_YEARS, { it: '2025-08-20' }), 'it')).toEqual(['2026-09-03']);
  });

  it('brings an overdue activity to the first matching term of the range', () => {
    expect(dates(scheduleOf(cadence, TWO_YEARS, { it: '2022-10-01' }), 'it')).toEqual(['2026-09-03']);
  });
});

describe('the package', () => {
  const rubric = fixtureRubric([
    {
      category: 'basic',
      activities: [
        activity('review', { every: 'term', schoolDay: 1 }),
        activity('catch_up', { every: 'week', weekday: 'monday' }, { strand: 'hr', owner: 'HR Team', minutes: 30 }),
        activity('coaching', { every: 'on_request' }),
      ],
    },
    {
      category: 'extra',
      includes: ['basic'],
      activities: [
        activity('review', { every: 'half_term', schoolDay: 1 }, { title: 'Half-termly review' }),
        activity('advice', { every: 'on_request' }),
      ],
    },
  ]);

  it('resolves "as category X plus…": included activities, the later definition replacing the same id', () => {
    const { occurrences, undated } = buildSchedule({ rubric, category: 'extra', calendar, ...YEAR });
    expect(dates(occurrences, 'review')).toHaveLength(6);
    expect(occurrences.find((o) => o.activity === 'review')?.title).toBe('Half-termly review');
    expect(dates(occurrences, 'catch_up')).toHaveLength(38);
    expect(undated.map((a) => a.id)).toEqual(['coaching', 'advice']);
  });

  it('carries title, strand, owner and minutes, sorted by date then activity', () => {
    const { occurrences } = buildSchedule({ rubric, category: 'basic', calendar, from: '2026-09-01', to: '2026-09-14' });
    expect(occurrences).toEqual([
      { activity: 'review', title: 'Title of review', strand: 'school_improvement', owner: 'Director of Education', date: '2026-09-03', days: null, upTo: false, minutes: null },
      { activity: 'catch_up', title: 'Title of catch_up', strand: 'hr', owner: 'HR Team', date: '2026-09-07', days: null, upTo: false, minutes: 30 },
      { activity: 'catch_up', title: 'Title of catch_up', strand: 'hr', owner: 'HR Team', date: '2026-09-14', days: null, upTo: false, minutes: 30 },
    ]);
    const sameDay = buildSchedule({ rubric, category: 'extra', calendar, from: '2027-01-04', to: '2027-01-04' }).occurrences;
    expect(sameDay.map((o) => o.activity)).toEqual(['catch_up', 'review']);
  });

  it('keeps the dates a whole period gives when the range starts mid-term', () => {
    const whole = buildSchedule({ rubric, category: 'extra', calendar, ...YEAR }).occurrences;
    const part = buildSchedule({ rubric, category: 'extra', calendar, from: '2026-11-15', to: '2027-02-01' }).occurrences;
    expect(part).toEqual(whole.filter((o) => o.date >= '2026-11-15' && o.date <= '2027-02-01'));
  });

  it('gives a known category without a package no support', () => {
    const bare = fixtureRubric([{ category: 'basic', activities: [activity('review', { every: 'term', schoolDay: 1 })] }]);
    expect(buildSchedule({ rubric: bare, category: 'extra', calendar, ...YEAR })).toEqual({ occurrences: [], undated: [] });
  });
});

describe('inputs that cannot be scheduled', () => {
  const rubric = fixtureRubric([{ category: 'basic', activities: [activity('review', { every: 'term', schoolDay: 1 })] }]);
  const attempt = (request: Partial<Parameters<typeof buildSchedule>[0]>) => {
    try {
      buildSchedule({ rubric, category: 'basic', calendar, ...YEAR, ...request });
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleError);
      return { code: (e as ScheduleError).code, message: (e as ScheduleError).message };
    }
    throw new Error('the schedule was built but should not have been');
  };

  it.each([
    [{ category: 'sustain' }, 'CATEGORY_UNKNOWN', '"sustain" is not a category of the rubric "fixture": expected one of basic, extra'],
    [{ from: '2026-09-31' }, 'RANGE_INVALID', 'the schedule\'s start date "2026-09-31" is not a date as YYYY-MM-DD'],
    [{ from: '2027-01-01', to: '2026-12-31' }, 'RANGE_INVALID', "the schedule's start date 2027-01-01 is after its end date 2026-12-31"],
    [{ to: '2028-12-31' }, 'RANGE_INVALID', 'the schedule runs 2026-09-01 to 2028-12-31, but the calendar "England (typical local-authority dates)" holds term dates only from 2026-09-01 to 2028-08-31; add the academic years needed'],
    [{ lastDone: { review: 'last year' } }, 'RANGE_INVALID', 'the last-done date of "review", "last year", is not a date as YYYY-MM-DD'],
  ])('refuses %o', (request, code, message) => {
    expect(attempt(request)).toEqual({ code, message });
  });

  it('refuses a rubric without support, an allocation larger than a term, and packages that include each other', () => {
    const { support: _, ...rest } = rubric;
    expect(attempt({ rubric: rest })).toEqual({ code: 'NO_SUPPORT', message: 'the rubric "fixture" has no support packages' });
    const big = fixtureRubric([{ category: 'basic', activities: [activity('days', { allocation: { days: 60, per: 'term' } })] }]);
    expect(attempt({ rubric: big })).toEqual({
      code: 'ALLOCATION_TOO_LARGE',
      message: '"days" allocates 60 days to the spring term of 2026-27, which has only 54 school days',
    });
    const circle = fixtureRubric([
      { category: 'basic', includes: ['extra'], activities: [] },
      { category: 'extra', includes: ['basic'], activities: [] },
    ]);
    expect(attempt({ rubric: circle })).toEqual({ code: 'INCLUDES_CYCLE', message: 'support packages include each other in a circle: basic → extra → basic' });
  });
});
