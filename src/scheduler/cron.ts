/**
 * The clock that drives the scheduler: node-cron calls `tick` every few minutes in working
 * hours on weekdays (Europe/London), and `startScheduler` ticks once at start, so that jobs
 * that fell due while the bot was down run then (once). All the rules live in the planner
 * and in `tick`; cron only says "look now".
 */
import nodeCron, { type ScheduledTask, type TaskOptions } from 'node-cron';
import { LONDON } from '../calendar/index.js';
import type { ReviewContext } from '../review/context.js';
import type { SchedulerConfig } from './config.js';
import { createScheduler, type Scheduler, type SchedulerLog, type TickReport } from './scheduler.js';

export interface StartSchedulerOptions {
  ctx: ReviewContext;
  config: SchedulerConfig;
  log?: SchedulerLog;
  /** node-cron, or a stand-in with the same `schedule`. */
  cron?: { schedule(expression: string, task: () => Promise<unknown>, options: TaskOptions): Pick<ScheduledTask, 'stop' | 'destroy' | 'getNextRun'> };
}

export interface RunningScheduler {
  scheduler: Scheduler;
  /** The start-up tick's report: what was caught up. */
  caughtUp: TickReport;
  /** The cron pattern in use, e.g. "*\/5 8-16 * * 1-5". */
  pattern: string;
  nextTickAt(): Date | null;
  /** Stops the cron task and waits for a tick under way. */
  stop(): Promise<void>;
}

/** Every `minutes` minutes through the working day, Monday to Friday. */
export function tickPattern(config: SchedulerConfig): string {
  const { start, end } = config.schedule.workingHours;
  const first = Number(start.slice(0, 2));
  // The last tick falls before the end: 17:00 ends with the 16:xx ticks.
  const endMinutes = Number(end.slice(0, 2)) * 60 + Number(end.slice(3, 5));
  const last = Math.floor((endMinutes - 1) / 60);
  return `*/${config.tickMinutes} ${first === last ? first : `${first}-${last}`} * * 1-5`;
}

export async function startScheduler(options: StartSchedulerOptions): Promise<RunningScheduler> {
  const log = options.log ?? { info: () => undefined, warn: () => undefined };
  const scheduler = createScheduler({ ctx: options.ctx, settings: options.config.schedule, log });
  const tick = async () => {
    try {
      return await scheduler.tick();
    } catch (e) {
      log.warn(`scheduler: tick failed, trying again at the next: ${(e as Error).message}`);
      return null;
    }
  };
  const caughtUp = await scheduler.tick();
  const pattern = tickPattern(options.config);
  const cron = options.cron ?? nodeCron;
  let current: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(pattern, () => (current = tick()), { timezone: LONDON, noOverlap: true, name: 'termly-scheduler' });
  return {
    scheduler,
    caughtUp,
    pattern,
    nextTickAt: () => task.getNextRun(),
    async stop() {
      await task.stop();
      await task.destroy();
      await current;
    },
  };
}
