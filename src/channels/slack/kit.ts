/**
 * Block Kit building blocks that keep Slack's limits (limits.ts): each returns the blocks it
 * makes (none for an empty text), shortening with "…" or splitting into more blocks where a
 * limit would be passed, so no renderer has to count characters.
 */
import type { types } from '@slack/bolt';
import { SLACK_LIMITS as L, type Surface } from './limits.js';
import { actionValue, SlackRenderError } from './actions.js';
import { bold, clip, clipMrkdwn, escapeMrkdwn, packLines } from './text.js';

export type Block = types.KnownBlock;
type Option = types.PlainTextOption;

const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: clip(text, max), emoji: true });
const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text });

/** A header: large, bold, plain text. */
export function header(text: string): Block[] {
  return text.trim() ? [{ type: 'header', text: plain(text, L.headerText) }] : [];
}

/** Lines of mrkdwn (escaped by the caller) as sections, one line per row, as few sections as fit. */
export function section(lines: string[]): Block[] {
  return packLines(lines, L.sectionText).map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

/** Plain lines of text: escaped, then as `section`. */
export function paragraphs(lines: string[]): Block[] {
  return section(lines.map(escapeMrkdwn));
}

/** Titled facts side by side, two columns: as many sections of ten as the facts need. */
export function fields(facts: { title: string; value: string }[]): Block[] {
  const shown = facts.filter((f) => f.title.trim() || f.value.trim());
  const out: Block[] = [];
  for (let i = 0; i < shown.length; i += L.sectionFields) {
    out.push({
      type: 'section',
      fields: shown.slice(i, i + L.sectionFields).map((f) =>
        mrkdwn(clipMrkdwn([f.title.trim() ? bold(f.title) : '', escapeMrkdwn(f.value)].filter(Boolean).join('\n'), L.fieldText))),
    });
  }
  return out;
}

/** Small grey text under what it qualifies: mrkdwn, escaped by the caller. */
export function context(lines: string[]): Block[] {
  const texts = packLines(lines, L.contextText);
  const out: Block[] = [];
  for (let i = 0; i < texts.length; i += L.contextElements) {
    out.push({ type: 'context', elements: texts.slice(i, i + L.contextElements).map(mrkdwn) });
  }
  return out;
}

export const divider = (): Block => ({ type: 'divider' });

/** A picture by its address; Slack fetches it, so only an https address is drawn. */
export function image(url: string, altText: string): Block[] {
  if (!url.startsWith('https://') || url.length > L.url) return [];
  return [{ type: 'image', image_url: url, alt_text: clip(altText || 'Picture', L.imageAltText) }];
}

/** A button: its verb and the data it carries, as the Teams card's Action.Execute. */
export interface ButtonSpec {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: 'primary' | 'danger';
}

/**
 * Buttons in actions blocks of at most 25. Slack needs action ids unique within a block, so a
 * verb pressed from several buttons of one block is told apart by a suffix (`status.show#2`).
 */
export function buttons(specs: ButtonSpec[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < specs.length; i += L.actionsElements) {
    const seen = new Map<string, number>();
    const elements: types.Button[] = specs.slice(i, i + L.actionsElements).map((spec) => {
      const n = (seen.get(spec.verb) ?? 0) + 1;
      seen.set(spec.verb, n);
      return {
        type: 'button',
        text: plain(spec.title, L.buttonText),
        action_id: n === 1 ? spec.verb : `${spec.verb}#${n}`,
        value: actionValue(spec.verb, spec.data),
        ...(spec.style ? { style: spec.style } : {}),
      };
    });
    out.push({ type: 'actions', elements });
  }
  return out;
}

export interface Choice {
  value: string;
  title: string;
}

interface InputCommon {
  /** What the use-cases read the value as: the Teams card's input id. */
  id: string;
  /** Unique in the message or view; defaults to `id`. */
  blockId?: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

function inputBlock(common: InputCommon, element: types.InputBlockElement, hint?: string): types.InputBlock {
  const note = [common.hint, hint].filter((h): h is string => !!h && h.trim() !== '').join('\n');
  const blockId = common.blockId ?? common.id;
  if (blockId.length > L.blockId) throw new SlackRenderError(`the input "${common.id}" has a block id of ${blockId.length} characters (at most ${L.blockId})`);
  return {
    type: 'input',
    block_id: blockId,
    label: plain(common.label || common.id, L.inputLabel),
    element,
    optional: common.optional ?? true,
    ...(note ? { hint: plain(note, L.inputHint) } : {}),
  };
}

function option(choice: Choice): Option {
  if (choice.value.length > L.optionValue) throw new SlackRenderError(`the choice "${choice.value}" is ${choice.value.length} characters long; an option's value holds ${L.optionValue}`);
  return { text: plain(choice.title || choice.value, L.optionText), value: choice.value };
}

export interface ChoiceInput extends InputCommon {
  choices: Choice[];
  /** The chosen value(s); '' or [] for none. */
  value: string | string[];
  /** Expanded (radio buttons or checkboxes) or compact (a menu), as the card's ChoiceSet style. */
  style: 'expanded' | 'compact';
  multi?: boolean;
  placeholder?: string;
}

/**
 * A choice: radio buttons or checkboxes while there are few enough, otherwise a menu (up to 100
 * options; more are left out with a note in the hint). A choice whose title is too long for an
 * option is shortened there and shown in full in a section just above.
 */
export function choiceInput(input: ChoiceInput): Block[] {
  // Slack refuses a choice of nothing; there is then nothing to choose, so no input is drawn.
  if (input.choices.length === 0) return [];
  const chosen = new Set(Array.isArray(input.value) ? input.value : input.value ? [input.value] : []);
  const menu = input.style === 'compact' || input.choices.length > (input.multi ? L.checkboxOptions : L.radioOptions);
  const offered = menu ? input.choices.slice(0, L.selectOptions) : input.choices;
  const left = input.choices.length - offered.length;
  const options = offered.map(option);
  const initial = options.filter((o) => chosen.has(o.value!));
  const placeholder = plain(input.placeholder ?? 'Choose', L.placeholder);
  const action_id = input.id;
  let element: types.InputBlockElement;
  if (input.multi) {
    element = menu
      ? { type: 'multi_static_select', action_id, options, placeholder, ...(initial.length ? { initial_options: initial } : {}) }
      : { type: 'checkboxes', action_id, options, ...(initial.length ? { initial_options: initial } : {}) };
  } else {
    element = menu
      ? { type: 'static_select', action_id, options, placeholder, ...(initial[0] ? { initial_option: initial[0] } : {}) }
      : { type: 'radio_buttons', action_id, options, ...(initial[0] ? { initial_option: initial[0] } : {}) };
  }
  const shortened = offered.filter((c) => c.title.length > L.optionText);
  const full = shortened.length ? section([`${bold(input.label)}: the choices in full`, ...offered.map((c) => `• ${escapeMrkdwn(c.title)}`)]) : [];
  return [...full, inputBlock(input, element, left > 0 ? `Only the first ${L.selectOptions} of ${input.choices.length} choices are offered here.` : undefined)];
}

export interface TextInput extends InputCommon {
  value: string;
  placeholder?: string;
  multiline?: boolean;
  minLength?: number;
  /** Slack stops typing at this length (at most 3,000). */
  maxLength?: number;
}

export function textInput(input: TextInput): Block[] {
  const initial = clip(input.value, Math.min(input.maxLength ?? L.textInputLength, L.textInputLength));
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: input.id,
    ...(initial ? { initial_value: initial } : {}),
    ...(input.placeholder ? { placeholder: plain(input.placeholder, L.placeholder) } : {}),
    ...(input.multiline ? { multiline: true } : {}),
    ...(input.minLength ? { min_length: Math.min(input.minLength, L.textInputLength) } : {}),
    max_length: Math.min(input.maxLength ?? L.textInputLength, L.textInputLength),
  };
  return [inputBlock(input, element)];
}

export interface NumberInput extends InputCommon {
  value: number | null;
  placeholder?: string;
  decimal: boolean;
  min?: number | null;
  max?: number | null;
}

/**
 * A number: Slack's number input in a modal (it refuses what is not a number before sending),
 * a text input elsewhere, where Slack has no number input.
 */
export function numberInput(input: NumberInput, surface: Surface): Block[] {
  const value = input.value === null ? '' : String(input.value);
  if (surface !== 'modal') return textInput({ ...input, value });
  const element: types.NumberInput = {
    type: 'number_input',
    action_id: input.id,
    is_decimal_allowed: input.decimal,
    ...(value ? { initial_value: value } : {}),
    ...(input.placeholder ? { placeholder: plain(input.placeholder, L.placeholder) } : {}),
    ...(input.min !== null && input.min !== undefined ? { min_value: String(input.min) } : {}),
    ...(input.max !== null && input.max !== undefined ? { max_value: String(input.max) } : {}),
  };
  return [inputBlock(input, element)];
}
