/**
 * A head's review through Slack modals, from the blocks a person sees to the use-cases and
 * back: what a modal's submission and its buttons send reads as the data a Teams card sends,
 * every step is saved, and a refused value is shown on its own field. The door's wiring (Bolt,
 * the Web API) is not here: these are the pure parts it will call.
 */
import { describe, expect, it } from 'vitest';
import { fieldErrors, modalView, pressedAction, renderMessage, submittedAction, type Block, type SlackAction } from '../../../src/channels/slack/index.js';
import type { QuestionnaireView, View } from '../../../src/review/index.js';
import { demoContext, fill } from '../../review/harness.js';
import { checkMessageBlocks, checkView } from './block-kit-rules.js';
import { pressInMessage, pressInModal, submitted } from './slack-user.js';

const HEAD = { platform: 'slack', userId: 'U0DEMOREACH' } as const;
const CEO = { platform: 'slack', userId: 'U0DEMOCEO' } as const;

/** The review harness's answers for a step, as a Slack user gives them: a statement's choice is Met ("true"). */
function answers(view: QuestionnaireView): Record<string, string> {
  const values = Object.entries(fill(view)).map(([key, value]) => [key, value === 'met' ? 'true' : String(value)]);
  return Object.fromEntries(values);
}

function acted(action: SlackAction): { verb: string; data: Record<string, unknown> } {
  if (!action.ok) throw new Error(action.message);
  return action;
}

function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  expect(view.kind, JSON.stringify(view).slice(0, 400)).toBe(kind);
  return view as Extract<View, { kind: K }>;
}

/** The window opened by the CEO, and the head's Start pressed in the message Slack shows them. */
async function started() {
  const h = await demoContext();
  await h.service.handleText(CEO, '/review open');
  const invitation = h.outbound.sent.find((m) => m.to.kind === 'person' && m.to.personId === 'head-reach-academy')!;
  const message = renderMessage(invitation.view);
  const start = acted(pressedAction(pressInMessage(message.blocks, 'Start')));
  expect(start.verb).toBe('review.start');
  const first = expectKind(await h.service.handleAction(HEAD, start.verb, start.data), 'questionnaire');
  return { ...h, first };
}

describe('a head\'s review in Slack modals', () => {
  it('is completed step by step through modal submissions, each saved, then submitted and confirmed by the CEO', async () => {
    const { service, store, outbound, first } = await started();
    let view: View = first;
    while (view.kind === 'questionnaire') {
      const modal = modalView(view);
      expect(checkView(modal, 'modal')).toEqual([]);
      const given = answers(view);
      const action = acted(submittedAction(submitted(modal, given)));
      // The same shape a Teams card sends: the step's data, every answer under its card key.
      expect(action.verb).toBe('review.step');
      expect(action.data).toMatchObject({ schoolId: 'reach-academy', windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...given });
      const drawnFrom = view.version;
      view = await service.handleAction(HEAD, action.verb, action.data);
      expect((await store.getSubmission('reach-academy', first.window.id))!.version).toBe(drawnFrom + 1);
    }
    const summary = expectKind(view, 'summary');
    const modal = modalView(summary);
    expect(modal.submit?.text).toBe('Submit');
    const submit = acted(submittedAction(submitted(modal)));
    expect(expectKind(await service.handleAction(HEAD, submit.verb, submit.data), 'summary').state).toBe('submitted');

    const proposal = outbound.toLeadership().find((v) => v.kind === 'proposal')!;
    const post = renderMessage(proposal);
    expect(checkMessageBlocks(post.blocks)).toEqual([]);
    const title = `Confirm ${expectKind(proposal, 'proposal').category.name.toUpperCase()}`;
    const confirm = acted(pressedAction(pressInMessage(post.blocks, title)));
    const decision = expectKind(await service.handleAction(CEO, confirm.verb, confirm.data), 'decision');
    const decided = renderMessage(decision);
    expect(checkMessageBlocks(decided.blocks)).toEqual([]);
    expect(decided.text).toBe(decision.headline);
    expect(JSON.stringify(decided.blocks)).toContain('Confirmed by Chief Executive Officer');
  });

  it('shows a refused figure on its own field, and saves nothing from that step', async () => {
    const { service, store, first } = await started();
    let view: QuestionnaireView = first;
    while (!view.items.some((i) => i.kind === 'indicator')) {
      const modal = modalView(view);
      view = expectKind(await service.handleAction(HEAD, ...verbAndData(submittedAction(submitted(modal, answers(view))))), 'questionnaire');
    }
    const version = (await store.getSubmission('reach-academy', view.window.id))!.version;
    const modal = modalView(view);
    const figure = view.items.find((i) => i.kind === 'indicator')!;
    const refused = await service.handleAction(HEAD, ...verbAndData(submittedAction(submitted(modal, { ...answers(view), [figure.kind === 'indicator' ? figure.key : '']: 'lots' }))));
    const errors = fieldErrors(refused);
    expect(errors?.response_action).toBe('errors');
    const inputs = (modal.blocks as Block[]).filter((b): b is Extract<Block, { type: 'input' }> => b.type === 'input');
    const blockId = inputs.find((b) => (b.element as { action_id: string }).action_id === (figure as { key: string }).key)!.block_id!;
    expect(Object.keys(errors!.errors)).toEqual([blockId]);
    expect(errors!.errors[blockId]).toContain('"lots"');
    expect((await store.getSubmission('reach-academy', view.window.id))!.version).toBe(version);
    // A step the use-case took has no field errors: the modal moves on instead.
    expect(fieldErrors(await service.handleAction(HEAD, ...verbAndData(submittedAction(submitted(modal, answers(view))))))).toBeNull();
  });

  it('saves what was typed when "Save and finish later" is pressed in the modal, and "Back" returns to the step before', async () => {
    const { service, store, first } = await started();
    const modal = modalView(first);
    const given = answers(first);
    const save = acted(pressedAction(pressInModal(modal, 'Save and finish later', given)));
    expect(save.data).toMatchObject({ action: 'save', step: 0, ...given });
    expect(expectKind(await service.handleAction(HEAD, save.verb, save.data), 'notice').title).toBe('Saved: Reach Academy');
    const answered = (await store.getSubmission('reach-academy', first.window.id))!.answers;
    const area = first.items.find((i) => i.kind === 'area')!;
    expect(answered.ratings[(area as { areaId: string }).areaId]).toBe(given[(area as { key: string }).key]);

    const second = expectKind(await service.handleAction(HEAD, 'review.start', {}), 'questionnaire');
    expect(second.step).toBe(1);
    const back = acted(pressedAction(pressInModal(modalView(second), 'Back')));
    expect(expectKind(await service.handleAction(HEAD, back.verb, back.data), 'questionnaire').step).toBe(0);
  });
});

describe('what Slack sends, read back', () => {
  it('a choice, several choices, a typed text and an untouched input read as a Teams card sends them', () => {
    const action = acted(submittedAction({
      callback_id: 'decision.override', private_metadata: JSON.stringify({ schoolId: 'reach-academy', windowId: 'w', proposalId: 'p' }),
      state: { values: {
        category: { category: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'IMPROVE' }, value: 'improve' } } },
        rationale: { rationale: { type: 'plain_text_input', value: 'New head starts in September.' } },
        priorities: { priorities: { type: 'multi_static_select', selected_options: [{ value: 'leadership' }, { value: 'attendance' }] } },
        'note.x@v3': { 'note.x': { type: 'plain_text_input', value: null } },
      } },
    }));
    expect(action).toEqual({
      ok: true, verb: 'decision.override',
      data: { schoolId: 'reach-academy', windowId: 'w', proposalId: 'p', category: 'improve', rationale: 'New head starts in September.', priorities: 'leadership,attendance', 'note.x': '' },
    });
  });

  it('a payload that cannot be read is refused in words, not thrown', () => {
    expect(pressedAction({ actions: [] })).toEqual({ ok: false, message: 'Sorry, that button sent nothing I can read. Type "help" for what I can do.' });
    expect(pressedAction({ actions: [{ action_id: 'status.show', value: '{not json' }] })).toEqual({ ok: false, message: 'Sorry, that button carried data I cannot read. Type "help" for what I can do.' });
    expect(pressedAction({ actions: [{ action_id: 'status.show', value: '[1,2]' }] })).toMatchObject({ ok: false });
    expect(submittedAction({ callback_id: '', private_metadata: '', state: { values: {} } })).toEqual({ ok: false, message: 'Sorry, that form has no action to take. Type "help" for what I can do.' });
    expect(submittedAction('nonsense')).toMatchObject({ ok: false });
  });
});

function verbAndData(action: SlackAction): [string, Record<string, unknown>] {
  const { verb, data } = acted(action);
  return [verb, data];
}
