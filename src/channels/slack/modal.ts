/**
 * Views in a Slack modal (views.open, views.update, views.push, or `response_action: update`)
 * and in the Home tab (views.publish). A view's main action becomes the modal's submit button:
 * the callback id is its verb and the private metadata its data, so a `view_submission` reads
 * back as the same action a Teams card sends (payloads.ts).
 */
import type { types } from '@slack/bolt';
import type { CardView } from '../../cards/index.js';
import { SlackRenderError } from './actions.js';
import { fit, renderBlocks, type SlackRenderOptions } from './blocks.js';
import { divider, type Block, type ButtonSpec } from './kit.js';
import { SLACK_LIMITS as L } from './limits.js';
import { clip } from './text.js';
import { overrideAction, proposalModerateAction } from './views/leadership.js';
import { stepButtons, submitAction } from './views/review.js';

/** The action a modal's submit button stands for, if the view has one. */
export function modalAction(view: CardView): ButtonSpec | null {
  switch (view.kind) {
    case 'questionnaire': return stepButtons(view).next;
    case 'summary': return submitAction(view);
    case 'override': return overrideAction(view);
    case 'proposal': return proposalModerateAction(view);
    default: return null;
  }
}

function titleOf(view: CardView): string {
  switch (view.kind) {
    case 'questionnaire':
    case 'summary':
      return view.school.name;
    case 'override': return `Override: ${view.school.name}`;
    case 'proposal': return view.school.name;
    default: return 'Termly';
  }
}

const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: clip(text, max), emoji: true });

/** A view as a modal: its title (the school), its blocks, and its main action as the submit button. */
export function modalView(view: CardView, options: SlackRenderOptions = {}): types.ModalView {
  const action = modalAction(view);
  const blocks = renderBlocks(view, 'modal', options);
  const metadata = action ? JSON.stringify(action.data) : '';
  if (metadata.length > L.privateMetadata) {
    throw new SlackRenderError(`the "${action!.verb}" action's data is ${metadata.length} characters; a modal's private metadata holds ${L.privateMetadata}`);
  }
  return {
    type: 'modal',
    title: plain(titleOf(view), L.modalTitle),
    blocks,
    close: plain(action ? 'Cancel' : 'Close', L.modalButton),
    ...(action ? { submit: plain(action.title, L.modalButton), callback_id: action.verb, private_metadata: metadata } : {}),
  };
}

/**
 * The Home tab: several views one after another (what is due, the user's schools, the trust
 * overview), within the tab's 100 blocks. Inputs from two views may share an id; their block
 * ids are made unique, which changes nothing the use-cases read (they read the action id).
 */
export function homeView(views: CardView[], options: SlackRenderOptions = {}): types.HomeView {
  const blocks: Block[] = views.flatMap((view, i) => [...(i > 0 ? [divider()] : []), ...renderBlocks(view, 'home', options)]);
  const seen = new Map<string, number>();
  const unique = blocks.map((block) => {
    if (!block.block_id) return block;
    const n = (seen.get(block.block_id) ?? 0) + 1;
    seen.set(block.block_id, n);
    return n === 1 ? block : { ...block, block_id: `${block.block_id}~${n}` };
  });
  return { type: 'home', blocks: fit(unique, L.viewBlocks) };
}
