/**
 * What Slack sends when a person uses blocks: the `state` of the inputs they filled in (each
 * input under its block id and action id, as Slack reports it), the `view` of a submitted modal,
 * and the `block_actions` body of a pressed button. A person can only choose what is offered and
 * type a number into a number input, so anything else is an error in the test, not a payload.
 */
import type { types } from '@slack/bolt';
import type { Block } from '../../../src/channels/slack/index.js';

type Option = types.PlainTextOption;
type StateValue = { type: string; value?: string | null; selected_option?: Option | null; selected_options?: Option[] };
export type State = { values: Record<string, Record<string, StateValue>> };

/** The state of every input, as filled in: `answers` by input id; an input not answered keeps what it showed. */
export function stateOf(blocks: Block[], answers: Record<string, string> = {}): State {
  const values: State['values'] = {};
  for (const block of blocks) {
    if (block.type !== 'input') continue;
    const element = block.element as unknown as { type: string; action_id: string; options?: Option[]; initial_option?: Option; initial_options?: Option[]; initial_value?: string };
    const answer = answers[element.action_id];
    const pick = (value: string) => {
      const option = element.options?.find((o) => o.value === value);
      if (!option) throw new Error(`"${element.action_id}" offers no choice "${value}" (it offers ${element.options?.map((o) => o.value).join(', ')})`);
      return option;
    };
    let state: StateValue;
    switch (element.type) {
      case 'radio_buttons':
      case 'static_select':
        state = { type: element.type, selected_option: answer !== undefined ? (answer === '' ? null : pick(answer)) : element.initial_option ?? null };
        break;
      case 'checkboxes':
      case 'multi_static_select':
        state = { type: element.type, selected_options: answer !== undefined ? answer.split(',').filter(Boolean).map(pick) : element.initial_options ?? [] };
        break;
      case 'number_input':
        if (answer !== undefined && answer !== '' && !/^-?\d+(\.\d+)?$/.test(answer)) throw new Error(`Slack lets no one type "${answer}" into the number input "${element.action_id}"`);
        state = { type: element.type, value: answer ?? element.initial_value ?? null };
        break;
      default:
        state = { type: element.type, value: answer ?? element.initial_value ?? null };
    }
    values[block.block_id!] = { [element.action_id]: state };
  }
  return { values };
}

/** The `view` of a `view_submission`: the modal as opened, with what was filled in. */
export function submitted(modal: types.ModalView, answers: Record<string, string> = {}, id = 'V0000001') {
  return {
    id, type: 'modal', hash: '1.1', title: modal.title, blocks: modal.blocks,
    callback_id: modal.callback_id ?? '', private_metadata: modal.private_metadata ?? '',
    state: stateOf(modal.blocks as Block[], answers),
  };
}

/** The button titled `title` in these blocks, as the element Slack reports pressed. */
function button(blocks: Block[], title: string) {
  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    const found = block.elements.find((e): e is types.Button => e.type === 'button' && e.text.text === title);
    if (found) return { type: 'button', block_id: block.block_id ?? 'actions', action_id: found.action_id!, value: found.value, text: found.text };
  }
  throw new Error(`no button "${title}"; the buttons are ${blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => (e as types.Button).text.text) : [])).join(', ')}`);
}

/** A `block_actions` body: the button titled `title` pressed in a message, with its inputs' state. */
export function pressInMessage(blocks: Block[], title: string, answers: Record<string, string> = {}) {
  return { type: 'block_actions', actions: [button(blocks, title)], state: stateOf(blocks, answers), container: { type: 'message' } };
}

/** A `block_actions` body: a button pressed inside a modal, whose inputs Slack sends as the view's state. */
export function pressInModal(modal: types.ModalView, title: string, answers: Record<string, string> = {}) {
  const blocks = modal.blocks as Block[];
  return { type: 'block_actions', actions: [button(blocks, title)], view: submitted(modal, answers), container: { type: 'view' } };
}
