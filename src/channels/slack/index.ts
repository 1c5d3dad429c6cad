/**
 * The Slack door's pure parts: views to Block Kit (messages, modals, the Home tab), and Slack's
 * interaction payloads back to the use-cases' verbs and data.
 */
export { renderBlocks, renderMessage, fallbackText, fit, type SlackMessage, type SlackRenderOptions } from './blocks.js';
export { modalView, modalAction, homeView } from './modal.js';
export { pressedAction, submittedAction, fieldErrors, inputValues, type SlackAction } from './payloads.js';
export { verbOf, SlackRenderError } from './actions.js';
export { fieldBlockId } from './views/review.js';
export { SLACK_LIMITS, blockBudget, type Surface } from './limits.js';
export type { Block } from './kit.js';
