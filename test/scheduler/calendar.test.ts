/** `/calendar`: leadership sees the windows ahead and the scheduler's coming steps, with dates and times. */
import { describe, expect, it } from 'vitest';
import { createReviewService } from '../../src/review/service.js';
import { loadSchedulerConfig } from '../../src/scheduler/index.js';
import { CEO, demoHarness, REACH_HEAD, service } from './harness.js';

describe('/calendar', () => {
  it('lists the coming windows and the next steps of the review calendar, in London time', async () => {
    const h = await demoHarness('2026-11-24T10:00:00Z');
    const view = await service(h).handleText(CEO, '/calendar');
    expect(view).toMatchObject({ kind: 'notice', title: 'Review calendar' });
    const lines = (view as { lines: string[] }).lines;
    expect(lines.slice(0, 4)).toEqual([
      'Autumn term 2026-27 review: Fri 27 Nov 2026 to Fri 11 Dec 2026',
      'Spring term 2026-27 review: Thu 4 Mar 2027 to Thu 18 Mar 2027',
      'Summer term 2026-27 review: Wed 30 Jun 2027 to Wed 14 Jul 2027',
      'Autumn term 2027-28 review: Fri 26 Nov 2027 to Fri 10 Dec 2027',
    ]);
    const coming = lines.slice(lines.indexOf('Coming up (London time):') + 1);
    expect(coming.slice(0, 6)).toEqual([
      'Fri 27 Nov 2026 08:30: Autumn term 2026-27 review opens; every head is messaged',
      'Fri 4 Dec 2026 08:30: reminder to heads who have not submitted the Autumn term 2026-27 review (5 school days before it closes on Fri 11 Dec)',
      'Thu 10 Dec 2026 08:30: reminder to heads who have not submitted the Autumn term 2026-27 review (1 school day before it closes on Fri 11 Dec)',
      'Mon 14 Dec 2026 08:30: leadership told who missed the Autumn term 2026-27 review deadline',
      'Tue 15 Dec 2026 08:30: Autumn term 2026-27 review closes; leadership sees who is missing and what awaits a decision',
      'Mon 4 Jan 2027 08:30: half-termly reminder to heads about the Spring term 2026-27 review',
    ]);
    expect(coming).toHaveLength(10);
  });

  it('shows the times the scheduler is set to use', async () => {
    const h = await demoHarness('2026-11-24T10:00:00Z');
    const schedule = loadSchedulerConfig({ TERMLY_OPEN_AT: '09:45', TERMLY_NUDGE_DAYS: '2' }).schedule;
    const lines = ((await createReviewService(h.ctx, { schedule }).handleText(CEO, '/calendar')) as { lines: string[] }).lines;
    expect(lines).toContain('Fri 27 Nov 2026 09:45: Autumn term 2026-27 review opens; every head is messaged');
    expect(lines).toContain('Wed 9 Dec 2026 08:30: reminder to heads who have not submitted the Autumn term 2026-27 review (2 school days before it closes on Fri 11 Dec)');
  });

  it('is for leadership only', async () => {
    const h = await demoHarness('2026-11-24T10:00:00Z');
    expect(await service(h).handleText(REACH_HEAD, '/calendar')).toEqual({ kind: 'refusal', message: 'Sorry, the review calendar is for trust leadership only.' });
  });
});
