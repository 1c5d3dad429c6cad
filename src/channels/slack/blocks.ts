/**
 * The use-cases' views as Slack Block Kit, as cards/*.json draw them for Teams: the same words,
 * the same buttons carrying the same verbs and data, the same input ids. A pure function of the
 * view, so the Slack door only chooses where the blocks go (a message, a modal, the Home tab).
 */
import type { types } from '@slack/bolt';
import { cardSummary, type CardOptions, type CardView } from '../../cards/index.js';
import { blockBudget, SLACK_LIMITS, type Surface } from './limits.js';
import { context, type Block } from './kit.js';
import { clip, escapeMrkdwn } from './text.js';
import { error, files, help, notFound, notice, pairing, refusal } from './views/messages.js';
import { decision, overrideForm, proposal } from './views/leadership.js';
import { questionnaire, summary } from './views/review.js';
import { overview, status } from './views/status.js';

export type SlackRenderOptions = CardOptions;

/** A message as chat.postMessage and chat.update take it: blocks, and text for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

function draw(view: CardView, surface: Surface, options: SlackRenderOptions): Block[] {
  switch (view.kind) {
    case 'help': return help(view);
    case 'refusal': return refusal(view);
    case 'error': return error(view);
    case 'notice': return notice(view);
    case 'files': return files(view, options.fileUrl);
    case 'not_found': return notFound(view);
    case 'overview': return overview(view, options.fileUrl);
    case 'status': return status(view);
    case 'questionnaire': return questionnaire(view, surface);
    case 'summary': return summary(view, surface);
    case 'proposal': return proposal(view, surface === 'modal');
    case 'override': return overrideForm(view, surface === 'modal');
    case 'decision': return decision(view, options.calendarUrl);
    case 'pairing': return pairing(view);
  }
}

/** The view's blocks for a surface, within the surface's block limit. */
export function renderBlocks(view: CardView, surface: Surface = 'message', options: SlackRenderOptions = {}): Block[] {
  return fit(draw(view, surface, options), blockBudget(surface));
}

/** The view as a message: its blocks, and a one-line text Slack shows in notifications. */
export function renderMessage(view: CardView, options: SlackRenderOptions = {}): SlackMessage {
  return { text: fallbackText(view), blocks: renderBlocks(view, 'message', options) };
}

/** What notifications and clients without blocks show: the same one line as a Teams card's summary. */
export function fallbackText(view: CardView): string {
  return clip(escapeMrkdwn(cardSummary(view)), SLACK_LIMITS.messageText);
}

const isPlainSection = (b: Block): b is types.SectionBlock =>
  b.type === 'section' && b.text?.type === 'mrkdwn' && !b.fields && !b.accessory && !b.block_id;

/**
 * Blocks within `budget`. Adjacent text sections are joined first (what fits in one section's
 * 3,000 characters); if that is not enough, the end of the content gives way to a note saying
 * so, and the buttons and inputs at the end are kept, since without them nothing can be done.
 */
export function fit(blocks: Block[], budget: number): Block[] {
  if (blocks.length <= budget) return blocks;
  const joined: Block[] = [];
  for (const block of blocks) {
    const last = joined.at(-1);
    if (last && isPlainSection(last) && isPlainSection(block) && last.text!.text.length + 1 + block.text!.text.length <= SLACK_LIMITS.sectionText) {
      joined[joined.length - 1] = { type: 'section', text: { type: 'mrkdwn', text: `${last.text!.text}\n${block.text!.text}` } };
    } else joined.push(block);
  }
  if (joined.length <= budget) return joined;
  let tail = joined.length;
  while (tail > 0 && (joined[tail - 1]!.type === 'actions' || joined[tail - 1]!.type === 'input')) tail--;
  const kept = Math.max(0, budget - (joined.length - tail) - 1);
  const where = budget === SLACK_LIMITS.messageBlocks ? 'one Slack message' : 'one Slack view';
  return [
    ...joined.slice(0, kept),
    ...context([`…${escapeMrkdwn(`the rest does not fit in ${where} and is left out here.`)}`]),
    ...joined.slice(tail),
  ];
}
