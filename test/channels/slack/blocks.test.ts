/**
 * The views as Slack shows them: every kind within Slack's documented limits (checked by the
 * fake Web API's own rules), the same buttons and inputs as the Teams card, and what is too long
 * for Slack split or shortened with a note a person can see.
 */
import { describe, expect, it } from 'vitest';
import { cardSummary, createCardRenderer, loadCardTemplates, type CardJson, type CardView } from '../../../src/cards/index.js';
import { fallbackText, homeView, modalView, renderBlocks, renderMessage, verbOf, type Block } from '../../../src/channels/slack/index.js';
import type { DecisionView, FilesView, QuestionnaireView, SchoolStatusView } from '../../../src/review/index.js';
import { SAMPLES } from '../../cards/samples.js';
import { checkMessageBlocks, checkView } from './block-kit-rules.js';

const teams = createCardRenderer(loadCardTemplates());

const FILES: FilesView = {
  kind: 'files', title: 'Board report: Autumn term 2026-27', lines: ['The report covers every school reviewed this term.'],
  files: [{ kind: 'report.pdf', subject: '2026-27-autumn', filename: 'board-report-2026-27-autumn.pdf', label: 'Board report (PDF)' }],
};
const VIEWS: Record<string, CardView> = { ...SAMPLES, files: FILES };
const fileUrl = () => 'https://termly.example.org/files/report.pdf/2026-27-autumn/sig/board-report.pdf';

/** A Teams card's actions (with those inside "show" cards) and input ids, as a person could use them. */
function teamsControls(card: CardJson) {
  const actions: { verb: string; data: unknown }[] = [];
  const inputs: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.Execute') actions.push({ verb: o.verb as string, data: o.data ?? {} });
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) inputs.push(o.id as string);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return pairsSpelledOut({ actions, inputs }, card);
}

/**
 * Teams shows at most six actions, so the decision post pairs most suggestions from one list and
 * one Pair button; Slack gives each suggestion its own button. Spelled out, both reach the same pairings.
 */
function pairsSpelledOut(controls: { actions: { verb: string; data: unknown }[]; inputs: string[] }, card: CardJson) {
  const list = JSON.stringify(card).match(/"id":"pairWith"[^\]]*\]/)?.[0];
  if (!list) return controls;
  const listButton = controls.actions.find((a) => a.verb === 'pairing.confirm' && !('area' in (a.data as object)));
  const { decisionId } = listButton!.data as { decisionId: string };
  const chosen = [...list.matchAll(/"value":"([^"/]+)\/([^"]+)"/g)].map(([, area, peerSchoolId]) => ({ verb: 'pairing.confirm', data: { decisionId, area, peerSchoolId } }));
  return { actions: [...controls.actions.filter((a) => a !== listButton), ...chosen], inputs: controls.inputs.filter((i) => i !== 'pairWith') };
}

/** The same for Slack blocks: buttons' verbs and data, and inputs' action ids. */
function slackControls(blocks: Block[]) {
  const actions: { verb: string; data: unknown }[] = [];
  const inputs: string[] = [];
  for (const block of blocks) {
    if (block.type === 'actions') {
      for (const e of block.elements) if (e.type === 'button') actions.push({ verb: verbOf(e.action_id!), data: JSON.parse(e.value!) });
    }
    if (block.type === 'input') inputs.push((block.element as { action_id: string }).action_id);
  }
  return { actions, inputs };
}

/** Sorted, each once: a pairing Teams offers both as a button and in its list counts once. */
const sorted = <T>(xs: T[]) => [...new Set(xs.map((x) => JSON.stringify(x)))].sort();
const textOf = (blocks: Block[]) => JSON.stringify(blocks);

describe('every kind of view in Slack', () => {
  for (const [name, view] of Object.entries(VIEWS)) {
    it(`${name}: a message, a modal and the Home tab within Slack's limits, with the Teams card's buttons and inputs`, () => {
      const message = renderMessage(view, { calendarUrl: 'https://termly.example.org/calendar/abc/reach.ics', fileUrl });
      expect(checkMessageBlocks(message.blocks)).toEqual([]);
      expect(message.text).not.toBe('');
      const modal = modalView(view);
      expect(checkView(modal, 'modal')).toEqual([]);
      expect(checkView(homeView([view, view]), 'home')).toEqual([]);

      const card = teamsControls(teams.render(view));
      const slack = slackControls(message.blocks);
      expect(sorted(slack.actions)).toEqual(sorted(card.actions));
      expect(sorted(slack.inputs)).toEqual(sorted(card.inputs));
      // In a modal the main action is the submit button: its verb and data are the modal's.
      const inModal = slackControls(modal.blocks as Block[]);
      const submitted = modal.callback_id ? [{ verb: modal.callback_id, data: JSON.parse(modal.private_metadata!) }] : [];
      expect(sorted([...inModal.actions, ...submitted])).toEqual(sorted(card.actions));
    });
  }

  it('every view kind has a sample here', () => {
    expect(new Set(Object.values(VIEWS).map((v) => v.kind))).toEqual(new Set([
      'help', 'refusal', 'error', 'notice', 'files', 'not_found', 'overview', 'status', 'questionnaire', 'summary', 'proposal', 'override', 'decision', 'pairing',
    ]));
  });

  it('notifications show the one line a Teams card gives as its summary', () => {
    for (const view of Object.values(VIEWS)) expect(fallbackText(view)).toBe(cardSummary(view).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });
});

describe('what a person sees', () => {
  it('a questionnaire step keeps the answers given, shows each refused value beside its field, and carries the step it was drawn from', () => {
    const blocks = renderBlocks(SAMPLES.questionnaire!, 'modal');
    const text = textOf(blocks);
    expect(text).toContain('Step 2 of 9 · 4 of 9 areas rated · 0 of 12 figures given');
    expect(text).toContain('⚠ \\"abc\\" is not a number');
    expect(text).toContain('3 answers to correct below.');
    const inputs = blocks.filter((b): b is Extract<Block, { type: 'input' }> => b.type === 'input');
    const leadership = inputs.find((b) => (b.element as { action_id: string }).action_id === 'rating.leadership')!;
    expect(leadership.element).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'assured' } });
    expect(leadership.block_id).toBe('rating.leadership@v3');
    expect(text).toContain('Governor minutes, June');
    // Pupils are counted in whole numbers: in a modal, Slack's number input takes no other.
    expect(inputs.find((b) => (b.element as { action_id: string }).action_id === 'transition.moves.high.low')!.element)
      .toEqual({ type: 'number_input', action_id: 'transition.moves.high.low', is_decimal_allowed: false, initial_value: '3', min_value: '0', placeholder: expect.anything() });
    const modal = modalView(SAMPLES.questionnaire!);
    expect(modal).toMatchObject({ title: { text: 'Reach Academy' }, submit: { text: 'Next' }, close: { text: 'Cancel' }, callback_id: 'review.step' });
    expect(JSON.parse(modal.private_metadata!)).toEqual({ schoolId: 'reach-academy', windowId: '2026-27-autumn', step: 1, version: 3, action: 'next' });
    expect(slackControls(modal.blocks as Block[]).actions.map((a) => (a.data as { action: string }).action)).toEqual(['back', 'save']);
  });

  it('outside a modal, where Slack has no number input, a count is typed as text', () => {
    const blocks = renderBlocks(SAMPLES.questionnaire!, 'message');
    expect(blocks.some((b) => b.type === 'input' && b.element.type === 'number_input')).toBe(false);
    expect(checkMessageBlocks(blocks)).toEqual([]);
  });

  it('the last step submits as "Go to summary", and the summary as "Submit"', () => {
    expect(modalView(SAMPLES.questionnaireFirstStep!).submit?.text).toBe('Go to summary');
    const summary = modalView(SAMPLES.summary!);
    expect(summary).toMatchObject({ submit: { text: 'Submit' }, callback_id: 'review.submit' });
    expect(JSON.parse(summary.private_metadata!)).toEqual({ schoolId: 'reach-academy', windowId: '2026-27-autumn', version: 12 });
    // Submitted already: nothing to submit, so the modal only closes.
    expect(modalView(SAMPLES.summaryUndetermined!)).toMatchObject({ close: { text: 'Close' } });
    expect(modalView(SAMPLES.summaryUndetermined!).submit).toBeUndefined();
  });

  it('the proposal offers Agree level, Confirm and Override; the override form needs a category and a rationale', () => {
    const proposal = renderMessage(SAMPLES.proposal!);
    expect(slackControls(proposal.blocks).actions.map((a) => a.verb)).toEqual(['decision.moderate', 'decision.confirm', 'decision.override.form']);
    expect(textOf(proposal.blocks)).toContain('Confirm REPAIR');
    const form = modalView(SAMPLES.override!);
    expect(form).toMatchObject({ submit: { text: 'Record override' }, callback_id: 'decision.override' });
    const inputs = (form.blocks as Block[]).filter((b): b is Extract<Block, { type: 'input' }> => b.type === 'input');
    expect(inputs.map((b) => [(b.element as { action_id: string }).action_id, b.optional])).toEqual([['category', false], ['rationale', false]]);
    expect(inputs[0]!.element).toMatchObject({ type: 'static_select', options: [{ value: 'stabilise' }, { value: 'improve' }] });
    expect(inputs[1]!.element).toMatchObject({ type: 'plain_text_input', min_length: 10 });
  });

  it('links and pictures: the calendar file, the board report and an https heat map', () => {
    expect(textOf(renderBlocks(SAMPLES.decision!, 'message', { calendarUrl: 'https://t.example.org/c/reach.ics' })))
      .toContain('<https://t.example.org/c/reach.ics|Add the schedule to your calendar (reach-academy-2026-27-spring-support.ics)>');
    expect(textOf(renderBlocks(FILES, 'message', { fileUrl }))).toContain(`<${fileUrl()}|Board report (PDF) (board-report-2026-27-autumn.pdf)>`);
    const overview = { ...SAMPLES.overview!, heatmap: { windowId: '2026-27-autumn', term: 'Autumn term 2026-27' } } as CardView;
    expect(renderBlocks(overview, 'message', { fileUrl: () => 'https://t.example.org/h.png' }).some((b) => b.type === 'image')).toBe(true);
    // Slack fetches a picture itself: an address on this machine would fail the whole message, so only the link is given.
    const local = renderBlocks(overview, 'message', { fileUrl: () => 'http://127.0.0.1:3978/h.png' });
    expect(local.some((b) => b.type === 'image')).toBe(false);
    expect(textOf(local)).toContain('<http://127.0.0.1:3978/h.png|Open the heat map (Heat map, Autumn term 2026-27)>');
  });

  it('what people typed is shown, never read as Slack markup', () => {
    const blocks = renderBlocks({ kind: 'refusal', message: 'There is no school "<!channel> & <https://evil.example|Reach>".' });
    expect(textOf(blocks)).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|Reach&gt;');
  });
});

describe('Slack\'s limits, kept by splitting or shortening with a visible note', () => {
  const long = (n: number, word = 'evidence') => Array.from({ length: n }, (_, i) => `${word} ${i}`).join(' ');

  it('a level descriptor too long for an option is shortened there and shown in full above the choice', () => {
    const descriptor = `Strong: ${long(80)}`;
    const view: QuestionnaireView = {
      ...(SAMPLES.questionnaireFirstStep as QuestionnaireView),
      items: [{ kind: 'area', key: 'rating.leadership', noteKey: 'note.leadership', areaId: 'leadership', name: 'Leadership', group: 'Leadership', choices: [{ value: 'strong', title: descriptor }, { value: 'secure', title: 'Secure' }], value: 'strong', note: null, statements: [] }],
    };
    const blocks = renderBlocks(view, 'modal');
    expect(checkView(modalView(view), 'modal')).toEqual([]);
    const input = blocks.find((b) => b.type === 'input' && b.block_id === 'rating.leadership@v0') as Extract<Block, { type: 'input' }>;
    const options = (input.element as { options: { text: { text: string } }[] }).options;
    expect(options[0]!.text.text).toHaveLength(75);
    expect(options[0]!.text.text.endsWith('…')).toBe(true);
    expect(textOf(blocks.slice(0, blocks.indexOf(input)))).toContain(descriptor);
  });

  it('more choices than radio buttons hold become a menu; more than a menu holds, the first 100 with a note', () => {
    const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `l${i}`, title: `Level ${i}` }));
    const step = (n: number): QuestionnaireView => ({
      ...(SAMPLES.questionnaireFirstStep as QuestionnaireView),
      items: [{ kind: 'area', key: 'rating.x', noteKey: 'note.x', areaId: 'x', name: 'X', group: 'G', choices: choices(n), value: null, note: null, statements: [] }],
    });
    const element = (n: number) => (renderBlocks(step(n), 'modal').find((b) => b.type === 'input' && b.block_id === 'rating.x@v0') as Extract<Block, { type: 'input' }>);
    expect(element(10).element.type).toBe('radio_buttons');
    expect(element(11).element.type).toBe('static_select');
    const many = element(130);
    expect((many.element as { options: unknown[] }).options).toHaveLength(100);
    expect(many.hint?.text).toBe('Only the first 100 of 130 choices are offered here.');
    expect(checkView(modalView(step(130)), 'modal')).toEqual([]);
  });

  it('a long header is shortened with "…"; long lists are split into sections of at most 3,000 characters', () => {
    const status: SchoolStatusView = { ...(SAMPLES.status as SchoolStatusView), school: { id: 'x', name: long(40, 'Academy') }, showAll: true, flags: Array.from({ length: 60 }, (_, i) => `${long(30)} flag ${i}`) };
    const blocks = renderBlocks(status);
    expect(checkMessageBlocks(blocks)).toEqual([]);
    const header = blocks.find((b) => b.type === 'header') as Extract<Block, { type: 'header' }>;
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    expect(textOf(blocks)).toContain('flag 59');
  });

  it('a message longer than 50 blocks keeps its buttons and says the rest is left out', () => {
    const decision = SAMPLES.decision as DecisionView;
    const items = Array.from({ length: 3000 }, (_, i) => ({ ...decision.schedule.items[0]!, title: `Weekly catch-up ${i} with the trust's HR lead, finance lead and estates lead` }));
    const view: DecisionView = { ...decision, schedule: { ...decision.schedule, items } };
    const blocks = renderBlocks(view);
    expect(blocks.length).toBe(50);
    expect(checkMessageBlocks(blocks)).toEqual([]);
    expect(textOf(blocks.slice(-2))).toContain('the rest does not fit in one Slack message and is left out here.');
    expect(blocks.at(-1)!.type).toBe('actions');
    expect(slackControls(blocks).actions.map((a) => a.verb)).toEqual(['pairing.confirm']);
  });

  it('many buttons go in blocks of 25, each verb told apart within its block', () => {
    const view: CardView = { kind: 'not_found', query: 'Academy', suggestions: Array.from({ length: 30 }, (_, i) => `School ${i}`) };
    const blocks = renderBlocks(view);
    expect(checkMessageBlocks(blocks)).toEqual([]);
    const actions = blocks.filter((b): b is Extract<Block, { type: 'actions' }> => b.type === 'actions');
    expect(actions.map((b) => b.elements.length)).toEqual([25, 5]);
    expect(actions[0]!.elements.slice(0, 2).map((e) => (e as { action_id: string }).action_id)).toEqual(['status.show', 'status.show#2']);
    expect(slackControls(blocks).actions.every((a) => a.verb === 'status.show')).toBe(true);
    expect(slackControls(blocks).actions.at(-1)!.data).toEqual({ schoolId: 'School 29' });
  });

  it('a choice with nothing to choose from is left out, where Slack would refuse the message', () => {
    const proposal = { ...SAMPLES.proposal!, moderation: { areas: [], levels: [{ value: 'assured', title: 'Assured' }] } } as CardView;
    const blocks = renderBlocks(proposal);
    expect(checkMessageBlocks(blocks)).toEqual([]);
    expect(slackControls(blocks).inputs).toEqual(['level', 'reason']);
  });

  it('a Home tab of many views stays within 100 blocks', () => {
    const home = homeView(Array.from({ length: 20 }, () => SAMPLES.status!));
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(checkView(home, 'home')).toEqual([]);
  });
});
