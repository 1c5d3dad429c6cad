/**
 * Teams and Slack on at once, in one process: one store, one outbox, one web server. The head of
 * Reach Academy reviews in Slack (modals, from Start in their direct message), the CEO decides in
 * Teams' leadership channel, and each is reached where they use Termly: the proposal in Teams,
 * the outcome in the head's Slack direct message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { actionsOf, cardOf, PEOPLE, textsOf as cardTexts } from '../teams/harness.js';
import { answersFor, SLACK, startSlackHarness, textsOf, type SlackHarness } from './harness.js';

const LEADERSHIP = '19:leadership@thread.tacv2';
let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ teams: true });
});
afterAll(async () => {
  await h?.close();
});

describe('a review with Teams and Slack both on', () => {
  it('the head answers in Slack, the CEO confirms in Teams, and the head is told in Slack', async () => {
    const teams = h.teams!;
    await teams.install(PEOPLE.ceo);
    await teams.installInTeam(PEOPLE.ceo, LEADERSHIP);

    await h.openHome(SLACK.headReach, 'messages');
    await h.idle();
    const [start] = h.fake.messagesIn(h.dmOf(SLACK.headReach));
    await h.press(SLACK.headReach, start!, 'Start');
    await h.idle();
    const mark = teams.connector.mark();
    for (let modal = h.modal(SLACK.headReach).view as unknown as types.ModalView; modal.callback_id === 'review.step'; modal = h.modal(SLACK.headReach).view as unknown as types.ModalView) {
      expect((await h.submit(SLACK.headReach, answersFor(modal))).problems).toEqual([]);
    }
    expect((await h.submit(SLACK.headReach)).json?.response_action).toBe('update');
    await h.idle();

    // The proposal reaches leadership's channel in Teams, where leadership uses Termly; nothing goes to Slack's.
    const proposals = teams.connector.since(mark, LEADERSHIP);
    expect(proposals).toHaveLength(1);
    const proposal = cardOf(proposals[0]!.activity);
    const confirm = actionsOf(proposal).find((a) => a.title.startsWith('Confirm '))!;
    const category = confirm.title.slice('Confirm '.length);
    expect(await h.store.getConversation('channel:leadership', 'slack')).toBeNull();

    const pressed = await teams.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP });
    expect(cardTexts(pressed.card)).toContain('Confirmed by Chief Executive Officer');

    // The head hears the outcome in Slack, where they answered.
    await h.idle();
    const outcome = h.fake.messagesIn(h.dmOf(SLACK.headReach)).at(-1)!;
    expect(textsOf(outcome.blocks).join(' ')).toContain(category);
    expect((await h.store.listOutbox({ state: 'sent' })).filter((m) => m.platform === 'slack').map((m) => m.to)).toContain('person:head-reach-academy');

    // And the CEO, asking in Slack, sees the decided category.
    await h.slash(SLACK.ceo, '/termly-status', 'Reach Academy');
    await h.idle();
    expect(h.fake.ephemeralsFor(SLACK.ceo).at(-1)!.text).toBe(`Reach Academy: ${category}`);
    expect(teams.logged()).toEqual([]);
  });
});
