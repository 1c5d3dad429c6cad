/**
 * School-to-school support through the real Teams door: the CEO presses a decision post's
 * "Pair with …" button (the post is redrawn with the pairing), the supporting school's head gets
 * a card in their chat and presses Confirm, and /status shows the pairing for both schools.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates } from '../../../src/cards/index.js';
import type { Evaluation } from '../../../src/evaluator/types.js';
import { decisionView } from '../../../src/review/decide.js';
import type { Outbound } from '../../../src/review/outbound.js';
import { loadRubrics } from '../../../src/rubric/load.js';
import { actionsOf, cardOf, PEOPLE, startHarness, textsOf, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The "Pair with …" buttons of Enrich Academy's latest decision post, as the card renders them. */
async function pairButtons() {
  const rubrics = loadRubrics();
  const noSend: Outbound = { send: async () => ({ status: 'failed', detail: 'not used' }) };
  const ctx = { store: h.store, rubrics, calendar: loadCalendar(), windowConfig: DEFAULT_REVIEW_TIMING, now: () => h.now, outbound: noSend };
  const trust = (await h.store.getTrust())!;
  const decision = (await h.store.listDecisions({ schoolId: 'enrich-academy' })).at(-1)!;
  const window = (await h.store.listWindows()).find((w) => w.id === decision.windowId)!;
  const evaluation = (await h.store.latestEvaluation('enrich-academy', decision.windowId))!.evaluation as unknown as Evaluation;
  const view = await decisionView(ctx, trust, rubrics.get(trust.rubricId)!, trust.schools.find((s) => s.id === 'enrich-academy')!, window, decision, evaluation);
  const card = createCardRenderer(loadCardTemplates()).render(view);
  expect(textsOf(card)).toContain('Suggested peer support');
  return actionsOf(card).filter((a) => a.verb === 'pairing.confirm');
}

describe('a pairing in Teams', () => {
  it("the CEO pairs from the decision post, the peer's head confirms in their chat, /status shows it for both schools", async () => {
    await h.install(PEOPLE.headEthosCollege);
    const button = (await pairButtons()).find((b) => b.data.peerSchoolId === 'ethos-college');
    expect(button?.title).toMatch(/^Pair with Ethos College \(/);

    const confirmed = await h.press(PEOPLE.ceo, 'pairing.confirm', button!.data);
    expect(confirmed.status).toBe(200);
    // The decision post stays, redrawn with the pairing on it.
    expect(textsOf(confirmed.card)[0]).toBe('Enrich Academy: STABILISE → REPAIR');
    expect(textsOf(confirmed.card).some((t) => /^• .+ → paired with Ethos College: Ethos College's head has yet to answer$/.test(t))).toBe(true);
    const asked = confirmed.posted.filter((p) => p.conversationId === h.personalChat(PEOPLE.headEthosCollege));
    expect(asked).toHaveLength(1);
    const request = cardOf(asked[0]!.activity);
    expect(textsOf(request)[0]).toMatch(/^Can Ethos College support Enrich Academy in /);
    const [yes, notNow] = actionsOf(request);
    expect([yes?.title, notNow?.title]).toEqual(['Confirm', 'Not now']);

    const answered = await h.press(PEOPLE.headEthosCollege, yes!.verb, yes!.data);
    expect(textsOf(answered.card)[0]).toMatch(/^Thank you: Ethos College supports Enrich Academy in /);

    const enrich = cardOf((await h.say(PEOPLE.ceo, '/status Enrich Academy'))[0]!.activity);
    expect(textsOf(enrich)).toContain('School-to-school support');
    expect(textsOf(enrich).some((t) => /^• Supported by Ethos College in .+Ethos College's head accepted/.test(t))).toBe(true);
    const college = cardOf((await h.say(PEOPLE.headEthosCollege, '/status Ethos College'))[0]!.activity);
    expect(textsOf(college).some((t) => t.startsWith('• Supporting Enrich Academy in '))).toBe(true);
  });
});
