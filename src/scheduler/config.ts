/**
 * The scheduler's settings from the environment, checked once at start. A wrong value is
 * named with what was expected and what was found; nothing starts until every value is right.
 *
 *   TERMLY_SCHEDULER          on | off                      (on)
 *   TERMLY_WORKING_HOURS      HH:MM-HH:MM, London time      (08:30-17:00)
 *   TERMLY_OPEN_AT            HH:MM a window opens          (08:30)
 *   TERMLY_REMIND_AT          HH:MM reminders go            (08:30)
 *   TERMLY_DEADLINE_AT        HH:MM the deadline report     (08:30)
 *   TERMLY_CLOSE_AT           HH:MM a window closes         (08:30)
 *   TERMLY_NUDGE_DAYS         school days before the deadline to remind, e.g. "5,1"; "none" for none
 *   TERMLY_CLOSE_AFTER_DAYS   school days after the deadline the window closes (2)
 *   TERMLY_TICK_MINUTES       how often the scheduler looks for due jobs in working hours (5)
 */
import { z } from 'zod';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../calendar/index.js';

/** When the scheduler's jobs fall, relative to each review window. Pure data: the planner's input. */
export interface ScheduleSettings {
  workingHours: WorkingHours;
  openAt: string;
  remindAt: string;
  deadlineAt: string;
  closeAt: string;
  /** School days before the window's last day (`closesOn`) on which heads who have not submitted are reminded; 0 is the last day itself. Largest first. */
  nudgeDays: number[];
  /** The deadline report goes the school day after `closesOn`; the window closes this many school days after it (1 = the same morning). */
  closeAfterDays: number;
}

export interface SchedulerConfig {
  enabled: boolean;
  /** Minutes between ticks in working hours, on weekdays. */
  tickMinutes: number;
  schedule: ScheduleSettings;
}

export const DEFAULT_SCHEDULE: ScheduleSettings = {
  workingHours: DEFAULT_WORKING_HOURS,
  openAt: '08:30',
  remindAt: '08:30',
  deadlineAt: '08:30',
  closeAt: '08:30',
  nudgeDays: [5, 1],
  closeAfterDays: 2,
};

export class SchedulerConfigError extends Error {
  readonly code = 'SCHEDULER_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`The scheduler settings are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SchedulerConfigError';
  }
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const time = z.preprocess(blank, z.string().regex(TIME, 'a time as HH:MM (24-hour), e.g. 08:30').optional());
const whole = (min: number, max: number, what: string) =>
  z.preprocess(blank, z.coerce.number({ error: what }).int(what).min(min, what).max(max, what).optional());

const Env = z.object({
  TERMLY_SCHEDULER: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no', ''], { error: '"on" or "off"' }).optional(),
  ),
  TERMLY_WORKING_HOURS: z.preprocess(blank, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'working hours as HH:MM-HH:MM, e.g. 08:30-17:00').optional()),
  TERMLY_OPEN_AT: time,
  TERMLY_REMIND_AT: time,
  TERMLY_DEADLINE_AT: time,
  TERMLY_CLOSE_AT: time,
  TERMLY_NUDGE_DAYS: z.preprocess(blank, z.string().regex(/^(none|\d{1,2}(\s*,\s*\d{1,2})*)$/i, 'school days as a list such as "5,1", or "none"').optional()),
  TERMLY_CLOSE_AFTER_DAYS: whole(1, 10, 'a whole number of school days from 1 to 10'),
  TERMLY_TICK_MINUTES: whole(1, 30, 'a whole number of minutes from 1 to 30'),
});

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export function loadSchedulerConfig(env: Record<string, string | undefined>): SchedulerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new SchedulerConfigError(parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return `${name}: expected ${i.message}, found ${JSON.stringify(env[name])}`;
    }));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const [start, end] = (e.TERMLY_WORKING_HOURS ?? `${DEFAULT_WORKING_HOURS.start}-${DEFAULT_WORKING_HOURS.end}`).split('-') as [string, string];
  if (minutes(start) >= minutes(end)) {
    throw new SchedulerConfigError([`TERMLY_WORKING_HOURS: the start must come before the end, found ${JSON.stringify(env.TERMLY_WORKING_HOURS)}`]);
  }

  const times = {
    openAt: ['TERMLY_OPEN_AT', e.TERMLY_OPEN_AT ?? DEFAULT_SCHEDULE.openAt],
    remindAt: ['TERMLY_REMIND_AT', e.TERMLY_REMIND_AT ?? DEFAULT_SCHEDULE.remindAt],
    deadlineAt: ['TERMLY_DEADLINE_AT', e.TERMLY_DEADLINE_AT ?? DEFAULT_SCHEDULE.deadlineAt],
    closeAt: ['TERMLY_CLOSE_AT', e.TERMLY_CLOSE_AT ?? DEFAULT_SCHEDULE.closeAt],
  } as const;
  for (const [name, value] of Object.values(times)) {
    // A job outside working hours would only wait for the next morning: say so now instead.
    if (minutes(value) < minutes(start) || minutes(value) >= minutes(end)) {
      problems.push(`${name}: ${value} is outside working hours (${start} to ${end}); choose a time from ${start} up to ${end}`);
    }
  }

  let nudgeDays = DEFAULT_SCHEDULE.nudgeDays;
  if (e.TERMLY_NUDGE_DAYS !== undefined) {
    nudgeDays = e.TERMLY_NUDGE_DAYS.toLowerCase() === 'none' ? [] : e.TERMLY_NUDGE_DAYS.split(',').map((d) => Number(d.trim()));
    if (new Set(nudgeDays).size !== nudgeDays.length) problems.push(`TERMLY_NUDGE_DAYS: a day is listed twice in ${JSON.stringify(env.TERMLY_NUDGE_DAYS)}`);
    if (nudgeDays.some((d) => d > 30)) problems.push(`TERMLY_NUDGE_DAYS: at most 30 school days before the deadline, found ${JSON.stringify(env.TERMLY_NUDGE_DAYS)}`);
    nudgeDays = [...nudgeDays].sort((a, b) => b - a);
  }
  if (problems.length) throw new SchedulerConfigError(problems);

  const enabled = !['off', 'false', '0', 'no'].includes(e.TERMLY_SCHEDULER ?? '');
  return {
    enabled,
    tickMinutes: e.TERMLY_TICK_MINUTES ?? 5,
    schedule: {
      workingHours: { start, end },
      openAt: times.openAt[1],
      remindAt: times.remindAt[1],
      deadlineAt: times.deadlineAt[1],
      closeAt: times.closeAt[1],
      nudgeDays,
      closeAfterDays: e.TERMLY_CLOSE_AFTER_DAYS ?? DEFAULT_SCHEDULE.closeAfterDays,
    },
  };
}
