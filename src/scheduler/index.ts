/** The review calendar running itself: a pure plan of dated jobs, a tick that runs what is due, cron to call it. */
export { DEFAULT_SCHEDULE, loadSchedulerConfig, SchedulerConfigError, type ScheduleSettings, type SchedulerConfig } from './config.js';
export { planJobs, reviewTermsOf, type JobKind, type Plan, type PlanInput, type PlannedJob, type PlanWindow } from './plan.js';
export { createScheduler, type JobReport, type Scheduler, type SchedulerLog, type SchedulerOptions, type TickReport } from './scheduler.js';
export { startScheduler, tickPattern, type RunningScheduler, type StartSchedulerOptions } from './cron.js';
