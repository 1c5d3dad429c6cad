/**
 * Every shipped framework through the Teams door, on its own demo trust: the head answers
 * every card to the summary and submits, and leadership decides when there is a category to
 * decide. What each framework asks differs (statements, transition tables, strands without
 * categories); every card must render and every step must be answerable from the card alone.
 */
import { describe, expect, it } from 'vitest';
import type { CardJson } from '../../../src/cards/index.js';
import { demoNames } from '../../../src/trust/index.js';
import { actionsOf, cardOf, fillIn, rangeOf, PEOPLE, startHarness, textsOf } from './harness.js';

const LEADERSHIP = '19:leadership@thread.tacv2';
const next = (card: CardJson) => actionsOf(card).find((a) => a.title === 'Next' || a.title === 'Go to summary');

describe.each(demoNames())('the %s demo trust in Teams', (demo) => {
  it('a head completes the review from the cards alone, and leadership gets what follows', async () => {
    const h = await startHarness({ demo });
    try {
      await h.install(PEOPLE.headReach);
      await h.installInTeam(PEOPLE.ceo, LEADERSHIP);
      const opened = await h.say(PEOPLE.ceo, '/review open');
      expect(opened.some((p) => p.conversationId === h.personalChat(PEOPLE.headReach))).toBe(true);

      let [reply] = await h.say(PEOPLE.headReach, 'review');
      let card = cardOf(reply!.activity);
      const steps = Number(/^Step 1 of (\d+)/.exec(textsOf(card).find((t) => t.startsWith('Step 1 of'))!)![1]);
      for (let step = 1; step <= steps; step++) {
        expect(textsOf(card).some((t) => t.startsWith(`Step ${step} of ${steps}`))).toBe(true);
        const button = next(card)!;
        const res = await h.press(PEOPLE.headReach, button.verb, { ...button.data, ...fillIn(card, { figure: (i) => String(Math.max(1, Math.round(((rangeOf(i).min ?? 0) + (rangeOf(i).max ?? 10)) / 2))) }) });
        expect(res.message).toBeNull();
        card = res.card!;
      }
      expect(textsOf(card)).toContain('Summary');
      const submit = actionsOf(card).find((a) => a.title === 'Submit')!;
      const submitted = await h.press(PEOPLE.headReach, submit.verb, submit.data);
      expect(textsOf(submitted.card)).toContain('Submitted');

      const toLeadership = submitted.posted.filter((p) => p.conversationId === LEADERSHIP).map((p) => cardOf(p.activity));
      expect(toLeadership.length).toBeGreaterThan(0);
      const proposal = toLeadership.find((c) => actionsOf(c).some((a) => a.verb === 'decision.confirm'));
      if (proposal) {
        const confirm = actionsOf(proposal).find((a) => a.verb === 'decision.confirm')!;
        const decided = await h.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP });
        expect(textsOf(decided.card).some((t) => t.startsWith('Confirmed by '))).toBe(true);
      }
      [reply] = await h.say(PEOPLE.ceo, '/status');
      expect(textsOf(cardOf(reply!.activity)).length).toBeGreaterThan(5);
    } finally {
      await h.close();
    }
  }, 60_000);
});
