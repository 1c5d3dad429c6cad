/**
 * A whole review through the Slack door, as people would do it in Slack: the head presses Start
 * in their direct message, answers each step in a modal (a figure out of range shown on its own
 * field, nothing from that step saved), submits; the proposal reaches leadership's channel, the
 * CEO confirms or overrides it there, the decision replaces the proposal and the head is told
 * the outcome. Signed requests reach the real Bolt receiver; the Web API is the fake's.
 */
import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import type { PostedMessage } from './fake-slack-api.js';
import { answersFor, CHANNELS, inputsOf, SLACK, harnessPerTest, textsOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
const restart = harnessPerTest((made) => {
  h = made;
});

const modalOf = (userId: string) => h.modal(userId).view as unknown as types.ModalView;

/** The head's direct message opened for the first time: the greeting with Start. */
async function greeted(): Promise<PostedMessage> {
  await h.openHome(SLACK.headReach, 'messages');
  await h.idle();
  const [greeting] = h.fake.messagesIn(h.dmOf(SLACK.headReach));
  expect(textsOf(greeting!.blocks)).toContain('Start');
  return greeting!;
}

/** The head answers every step in the modal and submits; answers the summary modal as shown. */
async function completeInModals(): Promise<types.ModalView> {
  const window = (await h.store.listWindows()).find((w) => w.state === 'open')!;
  await h.press(SLACK.headReach, await greeted(), 'Start');
  await h.idle();
  expect(h.fake.callsTo('views.open')).toHaveLength(1);
  let refusedOnce = false;
  while (modalOf(SLACK.headReach).callback_id === 'review.step') {
    const modal = modalOf(SLACK.headReach);
    const version = (await h.store.getSubmission('reach-academy', window.id))!.version;
    const figure = inputsOf(modal).find((i) => i.action_id.startsWith('indicator.'));
    if (figure && !refusedOnce) {
      refusedOnce = true;
      // A figure that is not a number: refused on its own field, and nothing of the step saved.
      const id = figure.action_id;
      const refused = await h.submit(SLACK.headReach, { ...answersFor(modal), [id]: 'lots' });
      expect(refused.status).toBe(200);
      expect(refused.json?.response_action).toBe('errors');
      const errors = refused.json!.errors as Record<string, string>;
      expect(Object.keys(errors)).toEqual([figure.blockId]);
      expect(errors[figure.blockId]).toContain('"lots"');
      expect(refused.problems).toEqual([]);
      expect((await h.store.getSubmission('reach-academy', window.id))!.version).toBe(version);
    }
    const next = await h.submit(SLACK.headReach, answersFor(modal));
    expect(next.json?.response_action).toBe('update');
    expect(next.problems).toEqual([]);
    // Every step saved as it is left, as in Teams.
    expect((await h.store.getSubmission('reach-academy', window.id))!.version).toBe(version + 1);
  }
  expect(refusedOnce).toBe(true);
  const summary = modalOf(SLACK.headReach);
  expect(summary.callback_id).toBe('review.submit');
  expect(summary.submit?.text).toBe('Submit');
  const submitted = await h.submit(SLACK.headReach);
  expect(submitted.json?.response_action).toBe('update');
  await h.idle();
  expect((await h.store.getSubmission('reach-academy', window.id))!.state).toBe('submitted');
  return modalOf(SLACK.headReach);
}

describe('a modal step whose answer takes longer than Slack waits', () => {
  it('is acknowledged at once with "Saving…", and the modal shows the next step once it is saved', async () => {
    await restart({ ackBudgetMs: 0 });
    const window = (await h.store.listWindows()).find((w) => w.state === 'open')!;
    await h.press(SLACK.headReach, await greeted(), 'Start');
    await h.idle();
    const first = modalOf(SLACK.headReach);
    const answer = await h.submit(SLACK.headReach, answersFor(first));
    expect(answer.json?.response_action).toBe('update');
    expect(textsOf((answer.json!.view as types.ModalView).blocks)).toContain('Saving…');
    await h.idle();
    expect(textsOf(modalOf(SLACK.headReach).blocks).some((t) => t.startsWith('Step 2 of'))).toBe(true);
    expect((await h.store.getSubmission('reach-academy', window.id))!.answers.ratings).not.toEqual({});
    // The step came by views.update, carrying what the next submission needs.
    expect(modalOf(SLACK.headReach).callback_id).toBe('review.step');
  });
});

describe('a review through Slack', () => {
  it('the head completes it in modals from Start in their direct message; the CEO confirms the proposal in leadership\'s channel; the head is told', async () => {
    await h.mention(SLACK.ceo, CHANNELS.leadership, 'help');
    await h.idle();
    const done = await completeInModals();
    expect(textsOf(done.blocks)).toContain('Submitted');
    // The Start message the modal was opened from now says the review is submitted.
    const [dm] = h.fake.messagesIn(h.dmOf(SLACK.headReach));
    expect(dm!.edits).toHaveLength(1);
    expect(textsOf(dm!.blocks)).toContain('Submitted');

    const proposal = h.fake.messagesIn(CHANNELS.leadership).find((m) => m.text.startsWith('Proposed for Reach Academy') || textsOf(m.blocks).some((t) => t.startsWith('Proposed: ')))!;
    expect(proposal).toBeDefined();
    const title = textsOf(proposal.blocks).find((t) => t.startsWith('Confirm '))!;
    const category = title.slice('Confirm '.length);
    expect((await h.press(SLACK.ceo, proposal, title)).status).toBe(200);
    await h.idle();
    // The decision replaces the proposal in the channel, and is not posted a second time.
    const posts = h.fake.messagesIn(CHANNELS.leadership);
    const decided = posts.find((m) => m.ts === proposal.ts)!;
    expect(textsOf(decided.blocks).join('\n')).toContain('Confirmed by Chief Executive Officer');
    expect(posts.filter((m) => textsOf(m.blocks).join('\n').includes('Confirmed by'))).toHaveLength(1);
    const decision = (await h.store.listDecisions({ schoolId: 'reach-academy' })).at(-1)!;
    expect(decision.category.toUpperCase()).toBe(category);

    // The head's outcome, in their direct message.
    const outcome = h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!;
    expect(textsOf(outcome.blocks).join(' ')).toContain(category);
  });

  it('the CEO agrees a line\'s level on the proposal in the channel: the proposal is redrawn in place, saying so', async () => {
    await h.mention(SLACK.ceo, CHANNELS.leadership, 'help');
    await h.idle();
    await completeInModals();
    const proposal = h.fake.messagesIn(CHANNELS.leadership).find((m) => textsOf(m.blocks).includes('Agree level'))!;
    const inputs = inputsOf({ type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: proposal.blocks } as types.ModalView);
    const area = inputs.find((i) => i.action_id === 'area')!.options![0]!.value;
    const level = inputs.find((i) => i.action_id === 'level')!.options![0]!.value;
    await h.press(SLACK.ceo, proposal, 'Agree level', { area, level, reason: 'Seen on the visit in November.' });
    await h.idle();
    const redrawn = h.fake.messagesIn(CHANNELS.leadership).find((m) => m.ts === proposal.ts)!;
    expect(redrawn.edits).toHaveLength(1);
    expect(textsOf(redrawn.blocks).join(' ')).toContain('Chief Executive Officer agreed');
    expect(textsOf(redrawn.blocks)).toContain('Agree level');
  });

  it('the CEO overrides from the proposal: the form opens in a modal, and its submission replaces the proposal with the decision', async () => {
    await h.mention(SLACK.ceo, CHANNELS.leadership, 'help');
    await h.idle();
    await completeInModals();
    const proposal = h.fake.messagesIn(CHANNELS.leadership).find((m) => textsOf(m.blocks).includes('Override…'))!;
    await h.press(SLACK.ceo, proposal, 'Override…');
    await h.idle();
    const form = modalOf(SLACK.ceo);
    expect(form.callback_id).toBe('decision.override');
    const choice = inputsOf(form).find((i) => i.action_id === 'category')!.options![0]!.value;
    const answer = await h.submit(SLACK.ceo, { category: choice, rationale: 'A new headteacher starts in January with a clear plan.' });
    expect(answer.json).toEqual({ response_action: 'clear' });
    await h.idle();
    const decided = h.fake.messagesIn(CHANNELS.leadership).find((m) => m.ts === proposal.ts)!;
    expect(textsOf(decided.blocks).join('\n')).toContain('Overridden by Chief Executive Officer');
    expect(textsOf(decided.blocks).join('\n')).toContain('Rationale: A new headteacher starts in January with a clear plan.');
    expect((await h.store.listDecisions({ schoolId: 'reach-academy' })).at(-1)).toMatchObject({ kind: 'overridden', category: choice });
  });

  it('Start in the Home tab opens the questionnaire in a modal', async () => {
    await h.openHome(SLACK.headReach);
    await h.idle();
    await h.pressInHome(SLACK.headReach, 'Start');
    await h.idle();
    const modal = modalOf(SLACK.headReach);
    expect(modal.callback_id).toBe('review.step');
    expect(textsOf(modal.blocks).some((t) => t.startsWith('Step 1 of'))).toBe(true);
  });

  it('"Save and finish later" in the modal saves what was typed; "Back" returns a step; a step typed into in the direct message is saved too', async () => {
    const window = (await h.store.listWindows()).find((w) => w.state === 'open')!;
    await h.press(SLACK.headReach, await greeted(), 'Start');
    await h.idle();
    const first = modalOf(SLACK.headReach);
    await h.submit(SLACK.headReach, answersFor(first));
    expect(textsOf(modalOf(SLACK.headReach).blocks).some((t) => t.startsWith('Step 2 of'))).toBe(true);
    await h.pressInModal(SLACK.headReach, 'Back');
    await h.idle();
    expect(textsOf(modalOf(SLACK.headReach).blocks).some((t) => t.startsWith('Step 1 of'))).toBe(true);
    const firstRating = inputsOf(modalOf(SLACK.headReach)).find((i) => i.action_id.startsWith('rating.'))!;
    const changed = { ...answersFor(first), [firstRating.action_id]: firstRating.options!.at(-1)!.value };
    await h.pressInModal(SLACK.headReach, 'Save and finish later', changed);
    await h.idle();
    expect(textsOf(modalOf(SLACK.headReach).blocks)).toContain('Saved: Reach Academy');
    const saved = (await h.store.getSubmission('reach-academy', window.id))!;
    expect(saved.answers.ratings[firstRating.action_id.slice('rating.'.length)]).toBe(changed[firstRating.action_id]);

    // Typed "review" in the direct message: the step comes as a message, answered in place.
    await h.dm(SLACK.headReach, 'review');
    await h.idle();
    const step = h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!;
    const stepModal = { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: step.blocks } as types.ModalView;
    const next = textsOf(step.blocks).includes('Next') ? 'Next' : 'Go to summary';
    await h.press(SLACK.headReach, step, next, answersFor(stepModal));
    await h.idle();
    expect(h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!.edits).toHaveLength(1);
    expect((await h.store.getSubmission('reach-academy', window.id))!.version).toBe(saved.version + 1);
  });
});
