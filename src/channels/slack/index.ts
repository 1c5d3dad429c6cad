/**
 * The Slack door (Bolt for JavaScript): `createSlackDoor` wires the receiver, the listeners and
 * the outbox's deliverer. Its pure parts: views to Block Kit (messages, modals, the Home tab),
 * and Slack's interaction payloads back to the use-cases' verbs and data.
 */
export { createSlackDoor, EVENTS_PATH, type SlackDoor, type SlackDoorOptions } from './door.js';
export { ACK_BUDGET_MS, saidText } from './app.js';
export { keepRosterAddresses, SlackAddress } from './addresses.js';
export { routeToTrust, slackTeamOf, type SlackTrusts } from './tenancy.js';
export { outboxClient, outcomeOfSlackError, SlackDeliverer, type SlackDelivererOptions } from './deliverer.js';
export { homeViews } from './home.js';
export { SlackSurfaces } from './surfaces.js';
export { renderBlocks, renderMessage, fallbackText, fit, type SlackMessage, type SlackRenderOptions } from './blocks.js';
export { modalView, modalAction, homeView } from './modal.js';
export { pressedAction, submittedAction, fieldErrors, inputValues, type SlackAction } from './payloads.js';
export { verbOf, SlackRenderError } from './actions.js';
export { fieldBlockId } from './views/review.js';
export { SLACK_LIMITS, blockBudget, type Surface } from './limits.js';
export type { Block } from './kit.js';
