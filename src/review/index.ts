/** The review use-cases: one place, called by every door (Teams, Slack, CLI, scheduler). */
export { identify, canSee, systemActor, type Actor, type Identity } from './actor.js';
export type { ReviewContext } from './context.js';
export { conversationKey, type Delivery, type Outbound, type OutboundMessage, type Recipient } from './outbound.js';
export { createReviewService, ACTIONS, type ActionVerb, type RequestRef, type ReviewService } from './service.js';
export { COMMANDS, helpView, slackSlashCommands, slashCommandText, teamsCommandLists, type Command, type SlackSlashCommand, type TeamsCommandList } from './commands.js';
export { keys as fieldKeys, questionnaireSteps, AREAS_PER_STEP, FIGURES_PER_STEP } from './questionnaire.js';
export { sendReminders, lateSchools, remindNow } from './reminders.js';
export { ensureWindows, openWindow, closeWindow, openWindowOf, windowRef } from './windows.js';
export { schoolStatus, trustOverview } from './status.js';
export { decide, MIN_RATIONALE } from './decide.js';
export { decisionCalendar, type CalendarFile } from './calendar-file.js';
export { findSchool } from './schools.js';
export type * from './views.js';
export { moderate } from './moderate.js';
export { setSchoolContext, parseContextCommand, contextLines } from './school-context.js';
