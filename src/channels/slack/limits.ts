/**
 * The limits Slack documents for Block Kit and the views API (docs.slack.dev, "Blocks",
 * "Block elements", "Composition objects", "Modals"). The renderer keeps within them by
 * splitting or shortening with a visible note, so a long trust or a long descriptor never
 * becomes an `invalid_blocks` error. Lengths are counted in UTF-16 code units, which is never
 * fewer than the characters Slack counts.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message; in a modal or the Home tab. */
  messageBlocks: 50,
  viewBlocks: 100,
  /** A message's `text`: longer is refused as `msg_too_long`. */
  messageText: 40_000,
  blockId: 255,
  actionId: 255,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  imageAltText: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  /** An option's text, description and value. */
  optionText: 75,
  optionValue: 75,
  /** Static (multi-)select menus; radio buttons and checkboxes hold fewer. */
  selectOptions: 100,
  radioOptions: 10,
  checkboxOptions: 10,
  textInputLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
} as const;

/** Where blocks are shown: a number input exists in modals only, and a view holds more blocks than a message. */
export type Surface = 'message' | 'modal' | 'home';

export function blockBudget(surface: Surface): number {
  return surface === 'message' ? SLACK_LIMITS.messageBlocks : SLACK_LIMITS.viewBlocks;
}
