/**
 * How a button carries its action in Slack: the use-case's verb as the `action_id` (with a
 * `#n` suffix where one block has the verb more than once) and the same data object the Teams
 * card's Action.Execute carries, as JSON in the button's `value`.
 */
import { SLACK_LIMITS } from './limits.js';

/** Something the renderer cannot draw within Slack's limits without losing what a button means. */
export class SlackRenderError extends Error {
  readonly code = 'SLACK_RENDER';
  constructor(message: string) {
    super(`Slack cannot show this: ${message}`);
    this.name = 'SlackRenderError';
  }
}

/** The button's value: its data as JSON, which must fit Slack's 2,000 characters whole. */
export function actionValue(verb: string, data: Record<string, unknown>): string {
  const value = JSON.stringify(data);
  if (value.length > SLACK_LIMITS.buttonValue) {
    throw new SlackRenderError(`the "${verb}" button's data is ${value.length} characters; a button's value holds ${SLACK_LIMITS.buttonValue}`);
  }
  return value;
}

/** The verb an action id stands for: `status.show#2` is `status.show`. */
export function verbOf(actionId: string): string {
  return actionId.replace(/#\d+$/, '');
}
