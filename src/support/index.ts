/** Support schedules: a category's support package laid onto the term calendar. */
export { ScheduleError, type ScheduleErrorCode } from './errors.js';
export { packageActivities } from './package.js';
export { buildSchedule, type Occurrence, type Schedule, type ScheduleRequest } from './schedule.js';
export { amountWords, summariseSchedule, type ActivitySummary, type OnRequest, type ScheduleSummary } from './summary.js';
export { daysWords, halves, oftenWords } from './words.js';
export { eventUid, scheduleToIcs, type IcsOptions } from './ics.js';
