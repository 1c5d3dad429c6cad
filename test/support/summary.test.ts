/** The support a term brings, summarised by activity in the words a trust would use. */
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/index.js';
import { readableDate } from '../../src/calendar/readable.js';
import { loadRubricFile, rubricFile } from '../../src/rubric/load.js';
import { amountWords, buildSchedule, daysWords, oftenWords, summariseSchedule } from '../../src/support/index.js';

const calendar = loadCalendar();
const ethos = loadRubricFile(rubricFile('ethos'));
const SPRING = { from: '2027-01-04', to: '2027-03-26' };

describe('days and cadences in words', () => {
  it.each([
    [0.5, false, '½ day'],
    [1, false, '1 day'],
    [1.5, false, '1½ days'],
    [3, false, '3 days'],
    [3.5, true, 'up to 3½ days'],
    [10, true, 'up to 10 days'],
    // Rounded to the nearest half, whatever is passed in.
    [1.67, false, '1½ days'],
    [0.33, false, '½ day'],
  ])('%d days (up to: %s) → "%s"', (days, upTo, words) => {
    expect(daysWords(days, upTo)).toBe(words);
  });

  it.each([
    [{ every: 'week', weekday: 'tuesday' }, 30, 'weekly (Tuesdays), 30 minutes'],
    [{ every: 'half_term', schoolDay: 2 }, null, 'half-termly'],
    [{ every: 'month', schoolDay: 5 }, null, 'monthly'],
    [{ every: 'term', schoolDay: 6 }, null, 'termly'],
    [{ every: 'year', term: 'autumn', schoolDay: 20 }, null, 'once a year (autumn term)'],
    [{ every: 'years', years: 4, term: 'autumn', schoolDay: 20 }, null, 'every 4 years (autumn term)'],
    [{ allocation: { days: 2, per: 'term', upTo: false } }, null, '2 days a term'],
    [{ allocation: { days: 10, per: 'year', upTo: true } }, null, 'up to 10 days a year'],
    [{ every: 'on_request' }, null, 'on request'],
  ] as const)('%j → "%s"', (cadence, minutes, words) => {
    expect(oftenWords(cadence, minutes)).toBe(words);
  });

  it('writes dates as people read them', () => {
    expect(readableDate('2027-01-05')).toBe('Tue 5 Jan');
    expect(readableDate('2027-03-26', { year: true })).toBe('Fri 26 Mar 2027');
  });
});

describe('an Ethos term summarised by activity', () => {
  const summary = summariseSchedule(ethos, 'stabilise', buildSchedule({ rubric: ethos, category: 'stabilise', calendar, ...SPRING }));
  const line = (activity: string) => {
    const found = summary.dated.find((a) => a.activity === activity);
    if (!found) throw new Error(`no line for ${activity}`);
    return { often: found.often, owner: found.owner, first: readableDate(found.first), amount: amountWords(found, 'this term') };
  };

  it('says how often, who, from when and how much this term', () => {
    expect(line('sip_days')).toMatchObject({ often: '2 days a term', owner: 'Director of Education', amount: '2 days this term' });
    expect(line('hr_days')).toMatchObject({ often: 'up to 10 days a year', owner: 'HR professionals', amount: 'up to 3½ days this term' });
    expect(line('enhanced_days')).toMatchObject({ often: '2 days a year', owner: 'School Improvement Team', amount: '½ day this term' });
    expect(line('hr_catchup')).toEqual({ often: 'weekly (Tuesdays), 30 minutes', owner: 'HR Team', first: 'Tue 5 Jan', amount: '11 times this term' });
    expect(line('termly_review')).toEqual({ often: 'termly', owner: 'Director of Education', first: 'Mon 11 Jan', amount: 'once this term' });
    expect(line('ceo_wellbeing')).toMatchObject({ often: 'half-termly', owner: 'CEO', amount: 'twice this term' });
  });

  it('keeps the package\'s order, one line per dated activity, and lists what is on request', () => {
    expect(summary.dated.map((a) => a.activity)).toEqual([
      'termly_review', 'sip_days', 'enhanced_days', 'ceo_wellbeing', 'hr_catchup', 'scr_review', 'hr_days',
      'finance_catchup', 'budget_risk_catchup', 'finance_monthly_call',
    ]);
    expect(summary.onRequest.find((a) => a.activity === 'executive_headteacher')).toMatchObject({ strand: 'school_improvement', owner: 'School Improvement Team' });
    expect(summary.onRequest.map((a) => a.activity)).not.toContain('sip_days');
  });
});
