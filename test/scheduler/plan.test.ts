/** The planner: the review calendar as dated jobs, from the term dates, the windows and the settings. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, isSchoolDay, LONDON, loadCalendar, reviewWindow, validateCalendar } from '../../src/calendar/index.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { DEFAULT_SCHEDULE, planJobs, reviewTermsOf, type ScheduleSettings } from '../../src/scheduler/index.js';

const calendar = loadCalendar();
const windows = calendar.academicYears.flatMap((y) => y.terms.map((t) => reviewWindow(calendar, y.id, t.term, DEFAULT_REVIEW_TIMING)));
const every = ['autumn', 'spring', 'summer'] as const;
const plan = (settings: Partial<ScheduleSettings> = {}, terms: readonly ('autumn' | 'spring' | 'summer')[] = every) =>
  planJobs({ calendar, windows, settings: { ...DEFAULT_SCHEDULE, ...settings }, reviewTerms: terms });
const london = (d: Date) => DateTime.fromJSDate(d, { zone: LONDON });

describe('the job plan', () => {
  it('lays out 2026-27: three windows of five steps and six half-termly reminders, on the right days', () => {
    const year = plan().jobs.filter((j) => j.id.startsWith('2026-27'));
    expect(year.map((j) => `${j.date} ${j.id}`)).toEqual([
      '2026-09-03 2026-27-h1:half-term',
      '2026-11-02 2026-27-h2:half-term',
      '2026-11-27 2026-27-autumn:open',
      '2026-12-04 2026-27-autumn:nudge-5',
      '2026-12-10 2026-27-autumn:nudge-1',
      '2026-12-14 2026-27-autumn:deadline',
      '2026-12-15 2026-27-autumn:close',
      '2027-01-04 2026-27-h3:half-term',
      '2027-02-22 2026-27-h4:half-term',
      '2027-03-04 2026-27-spring:open',
      '2027-03-11 2026-27-spring:nudge-5',
      '2027-03-17 2026-27-spring:nudge-1',
      '2027-03-19 2026-27-spring:deadline',
      '2027-03-22 2026-27-spring:close',
      '2027-04-12 2026-27-h5:half-term',
      '2027-06-07 2026-27-h6:half-term',
      '2027-06-30 2026-27-summer:open',
      '2027-07-07 2026-27-summer:nudge-5',
      '2027-07-13 2026-27-summer:nudge-1',
      '2027-07-15 2026-27-summer:deadline',
      '2027-07-16 2026-27-summer:close',
    ]);
    expect(plan().warnings).toEqual([]);
  });

  it('puts every job on a school day at 08:30 London time, in summer time and in winter alike', () => {
    const { jobs } = plan();
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    for (const job of jobs) {
      expect(isSchoolDay(calendar, job.date), job.id).toBe(true);
      expect(london(job.at).toFormat('yyyy-MM-dd HH:mm'), job.id).toBe(`${job.date} 08:30`);
    }
    const at = (id: string) => jobs.find((j) => j.id === id)!.at.toISOString();
    expect(at('2026-27-h1:half-term')).toBe('2026-09-03T07:30:00.000Z');
    expect(at('2026-27-autumn:open')).toBe('2026-11-27T08:30:00.000Z');
  });

  it('lets a job stand until the next step of its window falls due; an opening until the deadline; a closing always', () => {
    const { jobs } = plan();
    const job = (id: string) => jobs.find((j) => j.id === id)!;
    expect(job('2026-27-autumn:open').validUntil).toEqual(job('2026-27-autumn:deadline').at);
    expect(job('2026-27-autumn:nudge-5').validUntil).toEqual(job('2026-27-autumn:nudge-1').at);
    expect(job('2026-27-autumn:deadline').validUntil).toEqual(job('2026-27-autumn:close').at);
    expect(job('2026-27-autumn:close').validUntil).toBeNull();
    expect(job('2026-27-h2:half-term').validUntil).toEqual(job('2026-27-autumn:open').at);
    expect(job('2026-27-autumn:deadline').closeDate).toBe('2026-12-15');
  });

  it('follows the settings: other times, other reminder days, closing the morning of the report', () => {
    const { jobs } = plan({ openAt: '09:15', remindAt: '13:00', nudgeDays: [3, 0], closeAfterDays: 1 });
    const autumn = jobs.filter((j) => j.windowId === '2026-27-autumn' && j.kind !== 'half-term');
    expect(autumn.map((j) => `${london(j.at).toFormat('yyyy-MM-dd HH:mm')} ${j.id}`)).toEqual([
      '2026-11-27 09:15 2026-27-autumn:open',
      '2026-12-08 13:00 2026-27-autumn:nudge-3',
      '2026-12-11 13:00 2026-27-autumn:nudge-0',
      // Closing the morning after the deadline tells leadership who is missing: no separate report.
      '2026-12-14 08:30 2026-27-autumn:close',
    ]);
  });

  it('drops a reminder that would fall on or before the opening day', () => {
    const { jobs } = plan({ nudgeDays: [12, 10, 9] });
    expect(jobs.filter((j) => j.windowId === '2026-27-autumn' && j.kind === 'nudge').map((j) => j.id)).toEqual(['2026-27-autumn:nudge-9']);
  });

  it('plans only the autumn window for an annual review, every term for termly ones and termly monitoring', () => {
    const rubrics = loadRubrics();
    expect(reviewTermsOf(rubrics.get('ethos')!)).toEqual(['autumn', 'spring', 'summer']);
    expect(reviewTermsOf(rubrics.get('cmat')!)).toEqual(['autumn', 'spring', 'summer']);
    expect(reviewTermsOf({ cadence: 'annual' })).toEqual(['autumn']);
    const annual = plan({}, ['autumn']).jobs.filter((j) => j.id.startsWith('2026-27'));
    expect(annual.filter((j) => j.kind !== 'half-term').every((j) => j.windowId === '2026-27-autumn')).toBe(true);
    // Half-termly reminders after the autumn review speak of the next year's.
    expect(annual.find((j) => j.id === '2026-27-h3:half-term')!.windowId).toBe('2027-28-autumn');
  });

  it('names what it cannot place when the term dates end too soon, and places the rest', () => {
    const short = validateCalendar({ name: 'one year', academicYears: [calendar.academicYears[0]] }, 'test');
    const last = windows.filter((w) => w.academicYear === '2026-27');
    const result = planJobs({ calendar: short, windows: last, settings: { ...DEFAULT_SCHEDULE, closeAfterDays: 6 }, reviewTerms: every });
    expect(result.jobs.map((j) => j.id)).toContain('2026-27-summer:deadline');
    expect(result.jobs.map((j) => j.id)).not.toContain('2026-27-summer:close');
    expect(result.warnings).toEqual([expect.stringContaining('closing the 2026-27-summer window: the calendar has no school day 6 school days after 2027-07-14')]);
  });

  it('ignores windows of years the term dates do not hold (the demo trust\'s history)', () => {
    const result = planJobs({ calendar, windows: [...windows, { id: '2025-26-summer', academicYear: '2025-26', term: 'summer', opensOn: '2026-06-29', closesOn: '2026-07-10' }], settings: DEFAULT_SCHEDULE, reviewTerms: every });
    expect(result.jobs.some((j) => j.windowId === '2025-26-summer')).toBe(false);
  });
});
