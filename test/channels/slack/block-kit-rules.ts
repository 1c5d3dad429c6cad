/**
 * Slack's documented rules for Block Kit payloads, as the fake Web API applies them: written
 * from Slack's reference (docs.slack.dev: "Blocks", each block's and element's page,
 * "Composition objects", "Modals", "chat.postMessage"), independently of the renderer's own
 * table, so that a renderer bug is refused here as Slack would refuse it. Each problem is worded
 * as Slack words it, with a JSON pointer to the offending field.
 */

/** Where blocks are shown: each surface has its own block limit and its own elements. */
export type Surface = 'message' | 'modal' | 'home';

const MAX = {
  // "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs."
  blocks: { message: 50, modal: 100, home: 100 },
  blockId: 255,
  actionId: 255,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  placeholder: 150,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  staticSelectOptions: 100,
  radioOptions: 10,
  checkboxOptions: 10,
  textInputLength: 3000,
  textObject: 3000,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  callbackId: 255,
  privateMetadata: 3000,
  externalId: 255,
  // chat.postMessage: "The text field ... will be truncated ... messages over 40,000 characters are refused (msg_too_long)".
  messageText: 40_000,
} as const;

/** Which elements each kind of block takes (the blocks reference's "compatible block elements"). */
const SECTION_ACCESSORIES = new Set(['button', 'checkboxes', 'datepicker', 'image', 'multi_static_select', 'overflow', 'radio_buttons', 'static_select', 'timepicker']);
const ACTIONS_ELEMENTS = new Set(['button', 'checkboxes', 'datepicker', 'datetimepicker', 'multi_static_select', 'overflow', 'radio_buttons', 'static_select', 'timepicker']);
const INPUT_ELEMENTS = new Set(['checkboxes', 'datepicker', 'datetimepicker', 'email_text_input', 'multi_static_select', 'number_input', 'plain_text_input', 'radio_buttons', 'static_select', 'timepicker', 'url_text_input']);
/** Elements available in modals only (the elements reference's "surfaces" column). */
const MODAL_ONLY = new Set(['number_input', 'email_text_input', 'url_text_input']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly surface: Surface) {}

  fail(pointer: string, message: string) {
    this.problems.push(`${message} [json-pointer:${pointer}]`);
  }

  string(value: unknown, pointer: string, max: number, required = true): value is string {
    if (value === undefined && !required) return false;
    if (typeof value !== 'string') {
      this.fail(pointer, 'must be a string');
      return false;
    }
    if (required && value.length === 0) this.fail(pointer, 'must be more than 0 characters');
    if (value.length > max) this.fail(pointer, `must be less than ${max + 1} characters`);
    return true;
  }

  text(value: unknown, pointer: string, max: number, kinds: ('plain_text' | 'mrkdwn')[] = ['plain_text', 'mrkdwn']) {
    if (!isObject(value)) return this.fail(pointer, 'must provide an object');
    if (!kinds.includes(value.type as 'plain_text')) return this.fail(`${pointer}/type`, `must be one of ${kinds.join(', ')}`);
    this.string(value.text, `${pointer}/text`, Math.min(max, MAX.textObject));
  }

  actionId(element: Json, pointer: string, seen: Set<string>) {
    if (element.action_id === undefined) return;
    if (!this.string(element.action_id, `${pointer}/action_id`, MAX.actionId)) return;
    if (seen.has(element.action_id)) this.fail(`${pointer}/action_id`, `action_id "${element.action_id}" already exists in this block`);
    seen.add(element.action_id);
  }

  options(options: unknown, pointer: string, max: number, textKinds: ('plain_text' | 'mrkdwn')[]): Json[] {
    if (!Array.isArray(options) || options.length === 0) {
      this.fail(pointer, 'must provide at least 1 option');
      return [];
    }
    if (options.length > max) this.fail(pointer, `must provide no more than ${max} items`);
    const values = new Set<string>();
    options.forEach((option, i) => {
      const at = `${pointer}/${i}`;
      if (!isObject(option)) return this.fail(at, 'must provide an object');
      this.text(option.text, `${at}/text`, MAX.optionText, textKinds);
      if (this.string(option.value, `${at}/value`, MAX.optionValue)) {
        if (values.has(option.value)) this.fail(`${at}/value`, 'must be unique among the options');
        values.add(option.value);
      }
      if (option.description !== undefined) this.text(option.description, `${at}/description`, MAX.optionDescription, ['plain_text']);
    });
    return options.filter(isObject);
  }

  /** An initial option must be one of the options, exactly. */
  initial(initial: unknown, options: Json[], pointer: string) {
    const same = (a: unknown) => options.some((o) => JSON.stringify(o) === JSON.stringify(a));
    if (Array.isArray(initial)) initial.forEach((o, i) => !same(o) && this.fail(`${pointer}/${i}`, 'must match one of the provided options'));
    else if (initial !== undefined && !same(initial)) this.fail(pointer, 'must match one of the provided options');
  }

  element(element: unknown, pointer: string, allowed: Set<string>, seen: Set<string>) {
    if (!isObject(element) || typeof element.type !== 'string') return this.fail(pointer, 'must provide an object with a type');
    const type = element.type;
    if (!allowed.has(type)) return this.fail(`${pointer}/type`, `"${type}" is not a valid element here`);
    if (MODAL_ONLY.has(type) && this.surface !== 'modal') return this.fail(`${pointer}/type`, `"${type}" is only available in modals`);
    this.actionId(element, pointer, seen);
    if (element.placeholder !== undefined) this.text(element.placeholder, `${pointer}/placeholder`, MAX.placeholder, ['plain_text']);
    switch (type) {
      case 'button':
        this.text(element.text, `${pointer}/text`, MAX.buttonText, ['plain_text']);
        this.string(element.value, `${pointer}/value`, MAX.buttonValue, false);
        this.string(element.url, `${pointer}/url`, MAX.buttonUrl, false);
        if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') this.fail(`${pointer}/style`, 'must be primary or danger');
        break;
      case 'static_select':
      case 'multi_static_select': {
        const options = this.options(element.options, `${pointer}/options`, MAX.staticSelectOptions, ['plain_text']);
        this.initial(type === 'static_select' ? element.initial_option : element.initial_options, options, `${pointer}/${type === 'static_select' ? 'initial_option' : 'initial_options'}`);
        break;
      }
      case 'radio_buttons': {
        const options = this.options(element.options, `${pointer}/options`, MAX.radioOptions, ['plain_text', 'mrkdwn']);
        this.initial(element.initial_option, options, `${pointer}/initial_option`);
        break;
      }
      case 'checkboxes': {
        const options = this.options(element.options, `${pointer}/options`, MAX.checkboxOptions, ['plain_text', 'mrkdwn']);
        this.initial(element.initial_options, options, `${pointer}/initial_options`);
        break;
      }
      case 'plain_text_input': {
        const max = element.max_length ?? MAX.textInputLength;
        if (typeof max !== 'number' || max < 1 || max > MAX.textInputLength) this.fail(`${pointer}/max_length`, `must be between 1 and ${MAX.textInputLength}`);
        if (element.min_length !== undefined && (typeof element.min_length !== 'number' || element.min_length < 0 || element.min_length > MAX.textInputLength)) {
          this.fail(`${pointer}/min_length`, `must be between 0 and ${MAX.textInputLength}`);
        }
        // An initial value longer than max_length is refused.
        if (element.initial_value !== undefined) this.string(element.initial_value, `${pointer}/initial_value`, typeof max === 'number' ? max : MAX.textInputLength, false);
        break;
      }
      case 'number_input': {
        if (typeof element.is_decimal_allowed !== 'boolean') this.fail(`${pointer}/is_decimal_allowed`, 'must provide a boolean');
        const numeric = element.is_decimal_allowed ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
        for (const key of ['initial_value', 'min_value', 'max_value']) {
          const v = element[key];
          if (v !== undefined && (typeof v !== 'string' || !numeric.test(v))) this.fail(`${pointer}/${key}`, `must be a string holding a ${element.is_decimal_allowed ? 'number' : 'whole number'}`);
        }
        const n = (k: string) => (typeof element[k] === 'string' ? Number(element[k]) : undefined);
        const [min, max, initial] = [n('min_value'), n('max_value'), n('initial_value')];
        if (min !== undefined && max !== undefined && min > max) this.fail(`${pointer}/min_value`, 'must be less than or equal to max_value');
        if (initial !== undefined && ((min !== undefined && initial < min) || (max !== undefined && initial > max))) this.fail(`${pointer}/initial_value`, 'must be between min_value and max_value');
        break;
      }
      case 'image':
        this.string(element.image_url, `${pointer}/image_url`, MAX.imageUrl);
        this.string(element.alt_text, `${pointer}/alt_text`, MAX.imageAltText);
        break;
      default:
        break;
    }
  }

  block(block: unknown, pointer: string, blockIds: Set<string>) {
    if (!isObject(block) || typeof block.type !== 'string') return this.fail(pointer, 'must provide an object with a type');
    if (block.block_id !== undefined && this.string(block.block_id, `${pointer}/block_id`, MAX.blockId)) {
      if (blockIds.has(block.block_id)) this.fail(`${pointer}/block_id`, `block_id "${block.block_id}" is not unique`);
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'header':
        this.text(block.text, `${pointer}/text`, MAX.headerText, ['plain_text']);
        break;
      case 'section':
        if (block.text === undefined && block.fields === undefined) this.fail(pointer, 'must provide either text or fields');
        if (block.text !== undefined) this.text(block.text, `${pointer}/text`, MAX.sectionText);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length === 0) this.fail(`${pointer}/fields`, 'must provide at least 1 item');
          else {
            if (block.fields.length > MAX.sectionFields) this.fail(`${pointer}/fields`, `must provide no more than ${MAX.sectionFields} items`);
            block.fields.forEach((f, i) => this.text(f, `${pointer}/fields/${i}`, MAX.sectionFieldText));
          }
        }
        if (block.accessory !== undefined) this.element(block.accessory, `${pointer}/accessory`, SECTION_ACCESSORIES, actionIds);
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) this.fail(`${pointer}/elements`, 'must provide at least 1 item');
        else {
          if (block.elements.length > MAX.contextElements) this.fail(`${pointer}/elements`, `must provide no more than ${MAX.contextElements} items`);
          block.elements.forEach((e, i) => {
            if (isObject(e) && e.type === 'image') this.element(e, `${pointer}/elements/${i}`, new Set(['image']), actionIds);
            else this.text(e, `${pointer}/elements/${i}`, MAX.textObject);
          });
        }
        break;
      case 'divider':
        break;
      case 'image':
        this.string(block.image_url, `${pointer}/image_url`, MAX.imageUrl);
        if (typeof block.image_url === 'string' && !/^https?:\/\//.test(block.image_url)) this.fail(`${pointer}/image_url`, 'must be a valid URL');
        this.string(block.alt_text, `${pointer}/alt_text`, MAX.imageAltText);
        if (block.title !== undefined) this.text(block.title, `${pointer}/title`, MAX.imageTitle, ['plain_text']);
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length === 0) this.fail(`${pointer}/elements`, 'must provide at least 1 item');
        else {
          if (block.elements.length > MAX.actionsElements) this.fail(`${pointer}/elements`, `must provide no more than ${MAX.actionsElements} items`);
          block.elements.forEach((e, i) => this.element(e, `${pointer}/elements/${i}`, ACTIONS_ELEMENTS, actionIds));
        }
        break;
      case 'input':
        this.text(block.label, `${pointer}/label`, MAX.inputLabel, ['plain_text']);
        if (block.hint !== undefined) this.text(block.hint, `${pointer}/hint`, MAX.inputHint, ['plain_text']);
        if (block.optional !== undefined && typeof block.optional !== 'boolean') this.fail(`${pointer}/optional`, 'must be a boolean');
        this.element(block.element, `${pointer}/element`, INPUT_ELEMENTS, actionIds);
        break;
      default:
        this.fail(`${pointer}/type`, `"${block.type}" is not a block type Termly's fake knows`);
    }
  }

  blocks(blocks: unknown, pointer: string) {
    if (!Array.isArray(blocks)) return this.fail(pointer, 'must provide an array');
    const max = MAX.blocks[this.surface];
    if (blocks.length > max) this.fail(pointer, `must provide no more than ${max} items`);
    const ids = new Set<string>();
    blocks.forEach((b, i) => this.block(b, `${pointer}/${i}`, ids));
  }
}

/** Problems with a message's blocks, as chat.postMessage and chat.update report them. */
export function checkMessageBlocks(blocks: unknown): string[] {
  const checker = new Checker('message');
  checker.blocks(blocks, '/blocks');
  return checker.problems;
}

/** Problems with a modal or Home tab view, as views.open, views.update, views.push and views.publish report them. */
export function checkView(view: unknown, expected: 'modal' | 'home' | 'any' = 'any'): string[] {
  if (!isObject(view)) return ['must provide an object [json-pointer:/view]'];
  const surface = view.type === 'home' ? 'home' : 'modal';
  const checker = new Checker(surface);
  if (view.type !== 'modal' && view.type !== 'home') checker.fail('/view/type', 'must be modal or home');
  if (expected !== 'any' && view.type !== expected) checker.fail('/view/type', `must be ${expected}`);
  checker.blocks(view.blocks, '/view/blocks');
  checker.string(view.private_metadata, '/view/private_metadata', MAX.privateMetadata, false);
  checker.string(view.callback_id, '/view/callback_id', MAX.callbackId, false);
  checker.string(view.external_id, '/view/external_id', MAX.externalId, false);
  if (surface === 'modal') {
    checker.text(view.title, '/view/title', MAX.modalTitle, ['plain_text']);
    if (view.close !== undefined) checker.text(view.close, '/view/close', MAX.modalClose, ['plain_text']);
    if (view.submit !== undefined) checker.text(view.submit, '/view/submit', MAX.modalSubmit, ['plain_text']);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) checker.fail('/view/blocks', 'must define submit to use an input block in modals');
  }
  return checker.problems;
}

/** A message's text is refused past 40,000 characters. */
export function messageTextTooLong(text: unknown): boolean {
  return typeof text === 'string' && text.length > MAX.messageText;
}

export { MAX as SLACK_DOCUMENTED_LIMITS };
