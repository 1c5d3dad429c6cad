/**
 * What Slack sends back when someone presses a button (`block_actions`) or submits a modal
 * (`view_submission`), read as the verb and data a Teams card's Action.Execute carries: the
 * button's (or modal's) data, with the inputs' values merged in under their ids. Values read as
 * Teams sends them: text as typed, a choice's value, several choices joined by commas, '' for
 * nothing. So `service.handleAction(identity, verb, data)` sees one shape from both doors.
 */
import type { ViewErrorsResponseAction } from '@slack/bolt';
import { z } from 'zod';
import type { View } from '../../review/index.js';
import { verbOf } from './actions.js';
import { SLACK_LIMITS } from './limits.js';
import { fieldBlockId } from './views/review.js';

export type SlackAction = { ok: true; verb: string; data: Record<string, unknown> } | { ok: false; message: string };

const Selected = z.looseObject({ value: z.string() });
const StateValue = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: Selected.nullish(),
  selected_options: z.array(Selected).nullish(),
});
const State = z.looseObject({ values: z.record(z.string(), z.record(z.string(), StateValue)) });

const Pressed = z.looseObject({
  actions: z.array(z.looseObject({ action_id: z.string().min(1), value: z.string().optional() })).min(1),
  state: State.optional(),
  view: z.looseObject({ state: State.optional() }).optional(),
});

const Submitted = z.looseObject({
  callback_id: z.string(),
  private_metadata: z.string().max(SLACK_LIMITS.privateMetadata),
  state: State,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each input's value under its action id (the input's id on the Teams card). */
export function inputValues(state: z.infer<typeof State> | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of Object.values(state?.values ?? {})) {
    for (const [id, input] of Object.entries(block)) {
      if (input.type === 'plain_text_input' || input.type === 'number_input') values[id] = input.value ?? '';
      else if (input.type === 'static_select' || input.type === 'radio_buttons') values[id] = input.selected_option?.value ?? '';
      else if (input.type === 'multi_static_select' || input.type === 'checkboxes') values[id] = (input.selected_options ?? []).map((o) => o.value).join(',');
    }
  }
  return values;
}

/** The data a button or a modal carries as JSON: an object, or nothing readable. */
function dataOf(json: string | undefined, what: string): Record<string, unknown> | string {
  if (json === undefined || json === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return `${what} carried data I cannot read`;
  }
  return isRecord(data) ? data : `${what} carried data I cannot read`;
}

const unreadable = (problem: string): SlackAction => ({ ok: false, message: `Sorry, ${problem}. Type "help" for what I can do.` });

/**
 * A `block_actions` payload: the first action's verb and data, with the values of the inputs
 * around it (the message's, or the modal's when the button is in one).
 */
export function pressedAction(body: unknown): SlackAction {
  const parsed = Pressed.safeParse(body);
  if (!parsed.success) return unreadable('that button sent nothing I can read');
  const action = parsed.data.actions[0]!;
  const data = dataOf(action.value, 'that button');
  if (typeof data === 'string') return unreadable(data);
  return { ok: true, verb: verbOf(action.action_id), data: { ...data, ...inputValues(parsed.data.view?.state ?? parsed.data.state) } };
}

/** A `view_submission` payload's `view`: the modal's action (its callback id) and data, with every input's value. */
export function submittedAction(view: unknown): SlackAction {
  const parsed = Submitted.safeParse(view);
  if (!parsed.success) return unreadable('that form sent nothing I can read');
  if (!parsed.data.callback_id) return unreadable('that form has no action to take');
  const data = dataOf(parsed.data.private_metadata, 'that form');
  if (typeof data === 'string') return unreadable(data);
  return { ok: true, verb: parsed.data.callback_id, data: { ...data, ...inputValues(parsed.data.state) } };
}

/**
 * A questionnaire step the use-case refused, as Slack's answer to the modal's submission: each
 * refused value's message on its own field (`response_action: errors`), nothing else changed.
 * Null when the view is not a refused step (the modal is then updated with the view instead).
 */
export function fieldErrors(view: View): ViewErrorsResponseAction | null {
  if (view.kind !== 'questionnaire' || Object.keys(view.errors).length === 0) return null;
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(view.errors)) errors[fieldBlockId(key, view.version)] = message;
  return { response_action: 'errors', errors };
}
