import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as AdaptiveCards from 'adaptivecards';
import {
  CARD_NAMES, CARDS_DIR, CardTemplateError, cardModel, checkTemplate, createCardRenderer, expandTemplate, loadCardTemplates, type CardJson,
} from '../../src/cards/index.js';
import { SAMPLES } from './samples.js';

// The library's ES build imports without file extensions, which Node cannot load; its UMD bundle can.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Parses a card the way a client does and returns every warning and validation failure. */
function parseProblems(card: CardJson): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

const templates = loadCardTemplates();
const renderer = createCardRenderer(templates);

describe('card templates', () => {
  it('every template is present and uses only elements with a Slack counterpart', () => {
    expect([...templates.keys()].sort()).toEqual([...CARD_NAMES].sort());
  });

  for (const [name, view] of Object.entries(SAMPLES)) {
    it(`${name}: expands with no unbound field and parses with no warning`, () => {
      const card = renderer.render(view, { calendarUrl: 'http://127.0.0.1:3978/calendar/abc/reach.ics' });
      expect(JSON.stringify(card)).not.toContain('${');
      expect(parseProblems(card)).toEqual([]);
    });
  }

  it('every card name is exercised by a sample', () => {
    const used = new Set(Object.values(SAMPLES).map((v) => cardModel(v).name));
    expect([...used].sort()).toEqual([...CARD_NAMES].sort());
  });
});

describe('what a person sees', () => {
  const text = (card: CardJson) => JSON.stringify(card);

  it('the questionnaire shows progress, each refused value beside its field, and keeps answers given', () => {
    const card = renderer.render(SAMPLES.questionnaire!);
    expect(text(card)).toContain('Step 2 of 9 · 4 of 9 areas rated · 0 of 12 figures given');
    expect(text(card)).toContain('⚠ \\"abc\\" is not a number');
    expect(text(card)).toContain('⚠ not a level of the RAG scale');
    expect(text(card)).toContain('3 answers to correct below.');
    expect(text(card)).toContain('"id":"rating.leadership","label":"Leadership","style":"expanded","value":"assured"');
    expect(text(card)).toContain('Governor minutes, June');
    const actions = (card.actions ?? []) as { title: string; data: Record<string, unknown> }[];
    expect(actions.map((a) => a.title)).toEqual(['Back', 'Save and finish later', 'Next']);
    expect(actions[2]!.data).toEqual({ schoolId: 'reach-academy', windowId: '2026-27-autumn', step: 1, version: 3, action: 'next' });
  });

  it('the last step offers the summary and no Back on the first', () => {
    const card = renderer.render(SAMPLES.questionnaireFirstStep!);
    expect(((card.actions ?? []) as { title: string }[]).map((a) => a.title)).toEqual(['Save and finish later', 'Go to summary']);
  });

  it('the proposal offers Confirm and Override, and Override draws a form with a required category and rationale', () => {
    const card = renderer.render(SAMPLES.proposal!);
    const actions = (card.actions ?? []) as { verb: string; title: string; data: Record<string, unknown> }[];
    expect(actions.map((a) => a.title)).toEqual(['Agree level', 'Confirm REPAIR', 'Override…']);
    const form = renderer.render(SAMPLES.override!);
    const inputs = (form.body as { type: string; id?: string; isRequired?: boolean; regex?: string; choices?: { value: string }[] }[]).filter((e) => e.type.startsWith('Input.'));
    expect(inputs.map((i) => [i.id, i.isRequired])).toEqual([['category', true], ['rationale', true]]);
    expect(inputs[0]!.choices!.map((c) => c.value)).toEqual(['stabilise', 'improve']);
    const regex = new RegExp(inputs[1]!.regex!);
    // The decision use-case counts the trimmed text: 10 characters at least.
    expect(regex.test('  New head starts  ')).toBe(true);
    expect(regex.test(' too short ')).toBe(false);
  });

  it('the decision summarises support by activity, with every date and what is on request one click away, and the calendar link', () => {
    const card = renderer.render(SAMPLES.decision!, { calendarUrl: 'http://127.0.0.1:3978/calendar/abc/reach.ics' });
    const body = JSON.stringify(card.body);
    expect(body).toContain('Reach Academy: IMPROVE → REPAIR');
    expect(body).toContain('Support for the Spring term 2026-27 (Mon 4 Jan to Fri 26 Mar)');
    expect(body).toContain('"text":"Engagement from Education Improvement Professionals"');
    expect(body).toContain('12 days a year · Education Improvement Professionals · from Tue 12 Jan · 4 days this term');
    expect(body).toContain('[Add the schedule to your calendar (reach-academy-2026-27-spring-support.ics)](http://127.0.0.1:3978/calendar/abc/reach.ics)');
    // The dated list is one click away, not in the post's body.
    expect(body).not.toContain('Mon 22 Mar');
    const [onRequest, all] = (card.actions ?? []) as { type: string; title: string; card: { body: unknown[] } }[];
    // What is offered on request, undated, is one click away too.
    expect(onRequest).toMatchObject({ type: 'Action.ShowCard', title: 'On request (1)' });
    expect(JSON.stringify(onRequest!.card.body)).toContain('• Phone call support from central BSO at any time (Central BSO)');
    expect(all).toMatchObject({ type: 'Action.ShowCard', title: 'All 3 dates' });
    expect(all!.card.body).toHaveLength(3);
    expect(JSON.stringify(all!.card.body)).toContain('"text":"Mon 22 Mar"');
    expect(JSON.stringify(all!.card.body)).toContain('Engagement from HR professionals (up to ½ day)');
  });

  it('a decision with no next term says so, with no dates to show', () => {
    const card = renderer.render(SAMPLES.decisionOverriddenNoSchedule!);
    expect(JSON.stringify(card.body)).toContain('No dated support for this term.');
    expect(card.actions ?? []).toEqual([]);
  });

  it('the overview lists every school with its category, trend and review state', () => {
    const card = renderer.render(SAMPLES.overview!);
    expect(text(card)).toContain('"text":"Reach Academy"');
    expect(text(card)).toContain('"text":"submitted: REPAIR proposed"');
    expect(text(card)).toContain('"text":"↑"');
  });

  it('the overview counts schools by category and review state; a page of a large trust\'s list moves on and back in place', () => {
    const small = renderer.render(SAMPLES.overview!);
    expect(text(small)).toContain('"value":"IMPROVE 1 · not yet categorised 1"');
    expect(small.actions ?? []).toEqual([]);
    const page = renderer.render(SAMPLES.overviewPage!);
    expect(text(page)).toContain('Every school, page 2 of 3:');
    expect((page.actions as { verb: string; title: string; data: unknown }[]).map((a) => [a.verb, a.title, a.data])).toEqual([
      ['overview.show', 'Previous page', { page: 1 }],
      ['overview.show', 'Next page (3 of 3)', { page: 3 }],
      ['overview.show', 'Back to the summary', { page: 0 }],
    ]);
  });

  it('help names what was not understood', () => {
    expect(text(renderer.render(SAMPLES.helpNotUnderstood!))).toContain('I did not understand \\"stauts reach\\".');
  });

  it('text a person typed is shown, never evaluated as a binding', () => {
    const card = renderer.render({ kind: 'refusal', message: 'There is no school "${trustName}".' });
    expect(text(card)).toContain('There is no school \\"${trustName}\\".');
  });
});

describe('template checks', () => {
  it('names an element without a Slack counterpart, and where it is', () => {
    expect(checkTemplate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Container', items: [{ type: 'ActionSet', actions: [] }] }], actions: [{ type: 'Action.OpenUrl', url: 'x' }] })).toEqual([
      'body[0].items[0]: "ActionSet" is not allowed; expected one of TextBlock, FactSet, ColumnSet, Image, Container, Input.ChoiceSet, Input.Number, Input.Text, Input.Toggle',
      'actions[0]: "Action.OpenUrl" is not allowed; expected one of Action.Submit, Action.Execute, Action.ShowCard',
    ]);
  });

  it('checks the card an Action.ShowCard opens like any other', () => {
    expect(checkTemplate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }], actions: [{ type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [{ type: 'Media' }] } }, { type: 'Action.ShowCard', title: 'Less' }] }))
      .toEqual([
        'actions[0].card.body[0]: "Media" is not allowed; expected one of TextBlock, FactSet, ColumnSet, Image, Container, Input.ChoiceSet, Input.Number, Input.Text, Input.Toggle',
        'actions[1]: Action.ShowCard needs a "card"',
      ]);
  });

  it('holds columns to text and the card to version 1.5', () => {
    expect(checkTemplate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'ColumnSet', columns: [{ type: 'Column', items: [{ type: 'Image', url: 'x' }] }] }] }))
      .toEqual(['body[0].columns[0].items[0]: a column holds text only (TextBlock), not "Image"']);
    expect(checkTemplate({ type: 'AdaptiveCard', version: '1.6', body: [{ type: 'TextBlock', text: 'x' }] })[0]).toMatch(/^version: /);
  });

  it('a broken template file stops the load, naming the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'termly-cards-'));
    cpSync(CARDS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'help.json'), '{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Media"}]}');
    expect(() => loadCardTemplates(dir)).toThrow(CardTemplateError);
    expect(() => loadCardTemplates(dir)).toThrow(/help\.json:\n {2}- body\[0\]: "Media" is not allowed/);
    writeFileSync(join(dir, 'help.json'), '{"type":');
    expect(() => loadCardTemplates(dir)).toThrow(/help\.json:\n {2}- is not valid JSON/);
  });

  it('a binding the data lacks is an error naming the template and the field', () => {
    expect(() => expandTemplate(templates, 'refusal', {})).toThrow('refusal.json:\n  - binds "${message}", which the card\'s data does not have');
  });
});
