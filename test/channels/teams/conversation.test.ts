/**
 * The conversation as people meet it in Teams: a head opening the bot during a window is offered
 * Start, a figure the card cannot clamp is checked by the bot and marked on its field, and
 * `/status` shows what needs attention with the rest one click away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardJson } from '../../../src/cards/index.js';
import { actionsOf, cardOf, fillIn, inputsOf, PEOPLE, startHarness, textsOf, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.install(PEOPLE.ceo);
  await h.say(PEOPLE.ceo, '/review open');
});
afterAll(async () => {
  await h?.close();
});

describe('a head opening the bot while the window is open', () => {
  it('is greeted with the Start card, not only help', async () => {
    const [greeting] = await h.install(PEOPLE.headReach);
    const card = cardOf(greeting!.activity);
    expect(textsOf(card)[0]).toBe('Autumn term 2026-27 review: Reach Academy');
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Start']);
  });
});

describe('figures typed into the card', () => {
  it('are text fields the bot checks: a value out of range or not a number is marked on its field and nothing is saved', async () => {
    let card: CardJson = (await h.press(PEOPLE.headReach, 'review.start', { schoolId: 'reach-academy' })).card!;
    while (!inputsOf(card).some((i) => i.id.startsWith('indicator.'))) {
      const next = actionsOf(card).find((a) => a.title === 'Next')!;
      card = (await h.press(PEOPLE.headReach, next.verb, { ...next.data, ...fillIn(card) })).card!;
    }
    const figures = inputsOf(card).filter((i) => i.id.startsWith('indicator.'));
    // An Input.Number would clamp 150 to 100 and blank "abc" in the person's own client, unseen.
    expect(figures.every((i) => i.type === 'Input.Text' && i.min === undefined && i.max === undefined)).toBe(true);

    const before = await h.store.getSubmission('reach-academy', '2026-27-autumn');
    const next = actionsOf(card).find((a) => a.title === 'Next')!;
    const res = await h.press(PEOPLE.headReach, next.verb, { ...next.data, ...fillIn(card), 'indicator.attendance': '150', 'indicator.value_added': 'abc' });
    const texts = textsOf(res.card);
    expect(texts).toContain('Nothing from this step was saved: please correct the values marked.');
    expect(texts.some((t) => t.startsWith('⚠ 150% is outside the allowed range for Attendance'))).toBe(true);
    expect(texts.some((t) => t.startsWith('⚠ "abc" is not a number'))).toBe(true);
    expect(await h.store.getSubmission('reach-academy', '2026-27-autumn')).toEqual(before);
  });
});

describe('/status <school>', () => {
  it('shows the lines needing attention under the review they come from, and the rest behind "Show all"', async () => {
    const [reply] = await h.say(PEOPLE.ceo, '/status Reach Academy');
    const card = cardOf(reply!.activity);
    const texts = textsOf(card);
    expect(texts).toContain('Needs attention');
    expect(texts).toContain('From the Summer term 2025-26 review');
    const all = actionsOf(card).find((a) => a.title.startsWith('Show all areas and figures'))!;
    expect(all).toBeDefined();
    const shown = await h.press(PEOPLE.ceo, all.verb, all.data);
    const full = textsOf(shown.card);
    expect(full).toContain('All areas and figures');
    expect(full.length).toBeGreaterThan(texts.length);
    expect(actionsOf(shown.card!).some((a) => a.title.startsWith('Show all'))).toBe(false);
  });
});
