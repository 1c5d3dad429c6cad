/**
 * The Ethos support packages (DOMAIN decision 6) laid onto the shipped 2026-27 calendar.
 * Expected counts are worked out by hand from the term dates:
 *   school days: autumn 72, spring 54, summer 67; 11 months with school days (September–July);
 *   Tuesdays in school 14 + 11 + 14 = 39; Thursdays 15 + 11 + 13 = 39;
 *   termly = 3; half-termly = 6; "n days per term" = 3n one-day occurrences;
 *   "n days per year" = n/3 per term in halves of a day (odd halves to the earlier terms):
 *   12 → 4 a term; 6 → 2 a term; 10 → 3½, 3½, 3 (4 + 4 + 3 occurrences); 5 → 2, 1½, 1½ (2 + 2 + 2);
 *   STABILISE's enhanced "additional 2 days" → 1, ½, ½ (1 + 1 + 1).
 */
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/index.js';
import { loadRubricFile, rubricFile } from '../../src/rubric/load.js';
import { buildSchedule, type Schedule } from '../../src/support/index.js';

const calendar = loadCalendar();
const rubric = loadRubricFile(rubricFile('ethos'));
const YEAR = { from: '2026-09-01', to: '2027-08-31' };

function scheduleFor(category: string, lastDone?: Record<string, string>): Schedule {
  return buildSchedule({ rubric, category, calendar, ...YEAR, ...(lastDone ? { lastDone } : {}) });
}

function counts(schedule: Schedule): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of schedule.occurrences) out[o.activity] = (out[o.activity] ?? 0) + 1;
  return out;
}

function daysOf(schedule: Schedule, activity: string): number {
  return schedule.occurrences.filter((o) => o.activity === activity).reduce((sum, o) => sum + (o.days ?? 0), 0);
}

describe('Ethos support over the 2026-27 academic year', () => {
  it('STABILISE: termly review, 2 SIP days a term, an additional 2 enhanced days, weekly HR and finance catch-ups', () => {
    const schedule = scheduleFor('stabilise');
    expect(counts(schedule)).toEqual({
      termly_review: 3,
      sip_days: 6,
      enhanced_days: 3,
      ceo_wellbeing: 6,
      hr_catchup: 39,
      scr_review: 6,
      hr_days: 11,
      finance_catchup: 39,
      budget_risk_catchup: 6,
      finance_monthly_call: 11,
    });
    expect(daysOf(schedule, 'sip_days')).toBe(6);
    // "An additional 2 days": 2 in the year, not 2 a term.
    expect(daysOf(schedule, 'enhanced_days')).toBe(2);
    expect(daysOf(schedule, 'hr_days')).toBe(10);
    expect(schedule.occurrences.filter((o) => o.activity === 'hr_days').every((o) => o.upTo)).toBe(true);
    expect(schedule.occurrences.filter((o) => o.activity === 'hr_catchup').every((o) => o.minutes === 30)).toBe(true);
  });

  it('REPAIR: 12 EIP days, termly QA, an annual governance review; HR and finance as STABILISE', () => {
    const schedule = scheduleFor('repair');
    expect(counts(schedule)).toEqual({
      termly_review: 3,
      eip_days: 12,
      pupil_progress_qa: 3,
      ceo_wellbeing: 6,
      governance_review: 1,
      hr_catchup: 39,
      scr_review: 6,
      hr_days: 11,
      finance_catchup: 39,
      budget_risk_catchup: 6,
      finance_monthly_call: 11,
    });
    expect(daysOf(schedule, 'eip_days')).toBe(12);
  });

  it('IMPROVE: 6 EIP days, governance review due this year when never done, no weekly finance catch-up', () => {
    const schedule = scheduleFor('improve');
    expect(counts(schedule)).toEqual({
      termly_review: 3,
      eip_days: 6,
      pupil_progress_qa: 3,
      ceo_wellbeing: 6,
      governance_review: 1,
      hr_catchup: 39,
      scr_review: 6,
      hr_days: 6,
      budget_risk_catchup: 6,
      finance_monthly_call: 11,
    });
    expect(daysOf(schedule, 'eip_days')).toBe(6);
    expect(daysOf(schedule, 'hr_days')).toBe(5);
  });

  it('SUSTAIN: as IMPROVE, with the governance review every 4 years instead of 2', () => {
    expect(counts(scheduleFor('sustain'))).toEqual(counts(scheduleFor('improve')));
    const doneIn2024 = { governance_review: '2024-10-15' };
    expect(counts(scheduleFor('improve', doneIn2024)).governance_review).toBe(1);
    expect(counts(scheduleFor('sustain', doneIn2024)).governance_review).toBeUndefined();
  });

  it('dates the termly review on the sixth school day of each term and the governance review on the twentieth of autumn', () => {
    const schedule = scheduleFor('repair');
    const on = (id: string) => schedule.occurrences.filter((o) => o.activity === id).map((o) => o.date);
    expect(on('termly_review')).toEqual(['2026-09-10', '2027-01-11', '2027-04-19']);
    expect(on('governance_review')).toEqual(['2026-09-30']);
  });

  it('lists what the seed gives no date as on request, never dated', () => {
    const undated = (category: string) => scheduleFor(category).undated.map((a) => a.title);
    expect(undated('stabilise')).toEqual(expect.arrayContaining([
      'Access to professional coaching for the senior leadership team',
      'HR input into termly reviews led by the Director of Education',
      'Any budgetary changes to be discussed',
      'Bespoke: appointment of an Executive Headteacher to strengthen the leadership team',
      'Bespoke: offer of various audit tools (e.g. recruitment, HR processes, appraisals)',
      'Prepayments/Accruals training',
    ]));
    expect(undated('repair')).toEqual(expect.arrayContaining([
      'External reviews if required',
      'Possibility of Executive Headteacher support in place to secure rapid improvement',
    ]));
    expect(undated('sustain')).toEqual(['HR input into termly reviews led by the Director of Education', 'Any budgetary changes to be discussed', 'Phone call support from central BSO at any time']);
  });

  it('meets every head for a wellbeing 1:1 with the CEO each half-term, whatever the category', () => {
    for (const category of ['stabilise', 'repair', 'improve', 'sustain']) {
      expect(scheduleFor(category).occurrences.filter((o) => o.activity === 'ceo_wellbeing' && o.owner === 'CEO'), category).toHaveLength(6);
    }
  });

  it('never puts two allocations of days on one date: SIP and enhanced days, improvement-professional and HR days', () => {
    for (const [category, pair] of [['stabilise', ['sip_days', 'enhanced_days', 'hr_days']], ['repair', ['eip_days', 'hr_days']], ['improve', ['eip_days', 'hr_days']]] as const) {
      const days = scheduleFor(category).occurrences.filter((o) => (pair as readonly string[]).includes(o.activity)).map((o) => o.date);
      expect(new Set(days).size, category).toBe(days.length);
    }
  });
});
