/**
 * The Slack door tried as a new user would, against a bot running anywhere (this process, a child
 * process, or `npm start` in another terminal) whose SLACK_API_URL is the fake: the CEO's
 * `/status Reach Academy`, then the head of Reach Academy's whole review in modals, the CEO's
 * Confirm in leadership's channel, and the head's outcome. Each step is told to `say` as it
 * happens, and what Slack saw is returned for a test to check. Only the demo trust's Slack ids
 * are used, so it runs on a fresh store seeded by `npm start`.
 */
import type { types } from '@slack/bolt';
import type { EphemeralMessage, PostedMessage } from './fake-slack-api.js';
import { answersFor, CHANNELS, inputsOf, SLACK, textsOf, type Answer, type SlackWorkspace } from './workspace.js';

export interface Tried {
  /** The acknowledgement of /status Reach Academy, and how long it took. */
  statusAck: Answer & { ms: number };
  status: EphemeralMessage;
  /** The acknowledgement of a step with a figure that is not a number. */
  refused: Answer & { problems: string[] };
  /** Each step's acknowledgement, in order, then the submission's. */
  steps: (Answer & { problems: string[] })[];
  proposal: PostedMessage;
  /** The proposal's message once Confirm was pressed. */
  decided: PostedMessage;
  outcome: PostedMessage;
}

const blocksSaid = (blocks: unknown) => textsOf(blocks).filter((t) => t.trim()).slice(0, 6).map((t) => t.split('\n')[0]).join(' | ');

export async function trySlack(ws: SlackWorkspace, say: (line: string) => void = () => undefined): Promise<Tried> {
  const { fake } = ws;
  const { ceo, headReach: head } = SLACK;

  say(`CEO (${ceo}) types /status Reach Academy`);
  const started = Date.now();
  const statusAck = { ...(await ws.slash(ceo, '/status', 'Reach Academy')), ms: Date.now() - started };
  say(`  acknowledged: HTTP ${statusAck.status} in ${statusAck.ms} ms`);
  const status = await fake.waitFor('answer to /status', () => fake.ephemeralsFor(ceo).at(-1));
  say(`  answered through its response_url: "${status.text}", ${status.blocks.length} blocks: ${blocksSaid(status.blocks)}`);

  say(`CEO @mentions Termly in ${CHANNELS.leadership}: it becomes leadership's channel`);
  await ws.mention(ceo, CHANNELS.leadership, 'help');
  const notice = await fake.waitFor('leadership channel notice', () => fake.messagesIn(CHANNELS.leadership)[0]);
  say(`  posted there: "${notice.text}"`);

  say(`Head of Reach Academy (${head}) opens Termly's Messages tab`);
  await ws.openHome(head, 'messages');
  const greeting = await fake.waitFor('greeting', () => fake.messagesIn(ws.dmOf(head))[0]);
  say(`  greeted: "${greeting.text}", buttons: ${textsOf(greeting.blocks).filter((t) => t === 'Start').join(', ')}`);
  say('  presses Start');
  const opens = fake.callsTo('views.open').length;
  await ws.press(head, greeting, 'Start');
  await fake.waitFor('questionnaire modal', () => fake.callsTo('views.open').length > opens && fake.topView(head));

  let refused: Tried['refused'] | null = null;
  const steps: Tried['steps'] = [];
  for (let modal = ws.modal(head).view as unknown as types.ModalView; modal.callback_id === 'review.step'; modal = ws.modal(head).view as unknown as types.ModalView) {
    const heading = textsOf(modal.blocks).find((t) => t.startsWith('Step ')) ?? 'a step';
    const figure = inputsOf(modal).find((i) => i.action_id.startsWith('indicator.'));
    if (figure && !refused) {
      refused = await ws.submit(head, { ...answersFor(modal), [figure.action_id]: 'lots' });
      say(`  ${heading}: "lots" typed as ${figure.action_id} → HTTP ${refused.status} ${JSON.stringify(refused.json)}`);
    }
    const next = await ws.submit(head, answersFor(modal));
    steps.push(next);
    say(`  ${heading}: Next → HTTP ${next.status}, response_action ${String(next.json?.response_action)}${next.problems.length ? `, problems: ${next.problems.join('; ')}` : ''}`);
    if (next.json?.response_action !== 'update') break;
  }
  const summary = ws.modal(head).view as unknown as types.ModalView;
  say(`  summary: ${blocksSaid(summary.blocks)}`);
  const submitted = await ws.submit(head);
  steps.push(submitted);
  say(`  Submit → HTTP ${submitted.status}, response_action ${String(submitted.json?.response_action)}; the modal reads: ${blocksSaid((ws.modal(head).view as unknown as types.ModalView).blocks)}`);

  const proposal = await fake.waitFor('proposal in leadership\'s channel', () => fake.messagesIn(CHANNELS.leadership).find((m) => textsOf(m.blocks).some((t) => t.startsWith('Confirm '))));
  const confirm = textsOf(proposal.blocks).find((t) => t.startsWith('Confirm '))!;
  say(`Leadership's channel gets the proposal: "${proposal.text}"`);
  say(`CEO presses ${confirm}`);
  await ws.press(ceo, proposal, confirm);
  const decided = await fake.waitFor('decision in place of the proposal', () => fake.messagesIn(CHANNELS.leadership).find((m) => m.ts === proposal.ts && m.edits.length > 0));
  say(`  the proposal becomes the decision: "${decided.text}": ${blocksSaid(decided.blocks)}`);
  const outcome = await fake.waitFor('head\'s outcome', () => fake.messagesIn(ws.dmOf(head)).find((m) => m.ts !== greeting.ts));
  say(`The head is told, in their direct message: "${outcome.text}"`);
  if (!refused) throw new Error('no step asked for a figure');
  return { statusAck, status, refused, steps, proposal, decided, outcome };
}
