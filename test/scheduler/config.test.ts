/** The scheduler's settings from the environment, and the cron pattern that drives it. */
import nodeCron from 'node-cron';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LONDON } from '../../src/calendar/index.js';
import { DEFAULT_SCHEDULE, loadSchedulerConfig, SchedulerConfigError, startScheduler, tickPattern } from '../../src/scheduler/index.js';
import { demoHarness } from './harness.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadSchedulerConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(SchedulerConfigError);
    return (e as SchedulerConfigError).problems;
  }
  throw new Error('expected the settings to be refused');
}

describe('the scheduler settings', () => {
  it('default to 08:30 every step, reminders 5 and 1 school days before the deadline, closing two days after', () => {
    expect(loadSchedulerConfig({})).toEqual({ enabled: true, tickMinutes: 5, schedule: DEFAULT_SCHEDULE });
    expect(DEFAULT_SCHEDULE).toMatchObject({ openAt: '08:30', nudgeDays: [5, 1], closeAfterDays: 2, workingHours: { start: '08:30', end: '17:00' } });
  });

  it('read every variable', () => {
    const config = loadSchedulerConfig({
      TERMLY_SCHEDULER: 'off', TERMLY_WORKING_HOURS: '08:00-16:30', TERMLY_OPEN_AT: '09:00', TERMLY_REMIND_AT: '10:15',
      TERMLY_DEADLINE_AT: '08:00', TERMLY_CLOSE_AT: '16:00', TERMLY_NUDGE_DAYS: '1, 3', TERMLY_CLOSE_AFTER_DAYS: '3', TERMLY_TICK_MINUTES: '10',
    });
    expect(config).toEqual({
      enabled: false,
      tickMinutes: 10,
      schedule: { workingHours: { start: '08:00', end: '16:30' }, openAt: '09:00', remindAt: '10:15', deadlineAt: '08:00', closeAt: '16:00', nudgeDays: [3, 1], closeAfterDays: 3 },
    });
    expect(loadSchedulerConfig({ TERMLY_NUDGE_DAYS: 'none' }).schedule.nudgeDays).toEqual([]);
  });

  it('refuse a bad value, naming the variable, what was expected and what was found', () => {
    expect(problems({ TERMLY_REMIND_AT: '8.30' })).toEqual(['TERMLY_REMIND_AT: expected a time as HH:MM (24-hour), e.g. 08:30, found "8.30"']);
    expect(problems({ TERMLY_WORKING_HOURS: '17:00-08:30' })).toEqual(['TERMLY_WORKING_HOURS: the start must come before the end, found "17:00-08:30"']);
    expect(problems({ TERMLY_OPEN_AT: '07:45' })).toEqual(['TERMLY_OPEN_AT: 07:45 is outside working hours (08:30 to 17:00); choose a time from 08:30 up to 17:00']);
    expect(problems({ TERMLY_NUDGE_DAYS: '5,5' })).toEqual(['TERMLY_NUDGE_DAYS: a day is listed twice in "5,5"']);
    expect(problems({ TERMLY_NUDGE_DAYS: 'monday' })[0]).toContain('TERMLY_NUDGE_DAYS: expected school days as a list such as "5,1", or "none", found "monday"');
    expect(problems({ TERMLY_CLOSE_AFTER_DAYS: '0' })).toEqual(['TERMLY_CLOSE_AFTER_DAYS: expected a whole number of school days from 1 to 10, found "0"']);
    expect(problems({ TERMLY_SCHEDULER: 'sometimes', TERMLY_TICK_MINUTES: '90' })).toHaveLength(2);
  });
});

describe('the cron that drives the scheduler', () => {
  it('ticks every few minutes through the working day, Monday to Friday, London time', () => {
    const config = loadSchedulerConfig({});
    expect(tickPattern(config)).toBe('*/5 8-16 * * 1-5');
    expect(tickPattern(loadSchedulerConfig({ TERMLY_WORKING_HOURS: '09:00-15:30', TERMLY_OPEN_AT: '09:00', TERMLY_REMIND_AT: '09:00', TERMLY_DEADLINE_AT: '09:00', TERMLY_CLOSE_AT: '09:00', TERMLY_TICK_MINUTES: '15' }))).toBe('*/15 9-15 * * 1-5');
    // node-cron agrees: the coming ticks fall on weekdays, inside the day, at 08:30 among them.
    const task = nodeCron.createTask(tickPattern(config), () => undefined, { timezone: LONDON });
    const runs = task.getNextRuns(400).map((d) => DateTime.fromJSDate(d, { zone: LONDON }));
    expect(runs.every((r) => r.weekday <= 5 && r.hour >= 8 && r.hour <= 16 && r.minute % 5 === 0)).toBe(true);
    expect(runs.some((r) => r.toFormat('HH:mm') === '08:30')).toBe(true);
    void task.destroy();
  });

  it('catches up once at start, then leaves each tick to cron', async () => {
    const h = await demoHarness('2026-11-27T08:30:00Z');
    const scheduled: { pattern: string; timezone: string | undefined; run: () => Promise<unknown> }[] = [];
    let stopped = false;
    const running = await startScheduler({
      ctx: h.ctx,
      config: loadSchedulerConfig({}),
      cron: {
        schedule: (pattern, run, options) => {
          scheduled.push({ pattern, timezone: options.timezone, run });
          return { stop: () => { stopped = true; }, destroy: () => undefined, getNextRun: () => null };
        },
      },
    });
    expect(running.caughtUp.jobs.map((j) => j.id)).toEqual(['2026-27-h1:half-term', '2026-27-h2:half-term', '2026-27-autumn:open']);
    expect(scheduled).toEqual([{ pattern: '*/5 8-16 * * 1-5', timezone: 'Europe/London', run: expect.any(Function) }]);

    h.clock.set('2026-12-04T08:30:00Z');
    await scheduled[0]!.run();
    expect((await h.store.listJobRuns()).find((r) => r.id === '2026-27-autumn:nudge-5')).toMatchObject({ state: 'done' });
    await running.stop();
    expect(stopped).toBe(true);
  });
});
