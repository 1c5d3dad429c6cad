/** Every message the bot starts goes through the outbox to Teams: sent, or why not, never a silent skip. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cardOf, PEOPLE, startHarness, textsOf, type Harness } from './harness.js';
import { createCardRenderer, loadCardTemplates } from '../../../src/cards/index.js';
import { TeamsCards } from '../../../src/channels/teams/index.js';
import { createWebLinks } from '../../../src/web/index.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const notice = { kind: 'notice' as const, title: 'Reminder: Reach Academy', lines: ['Please submit by 2026-12-11.'], action: null };
const toReach = (key: string) => ({ to: { kind: 'person' as const, personId: 'head-reach-academy' }, view: notice, idempotencyKey: key });

describe('sending a view to someone in Teams, as local mode does (the outbox, at once)', () => {
  it('someone who never opened a chat with the bot is unreachable, with what would make them reachable', async () => {
    expect(await h.outbox.send(toReach('k1'))).toEqual({ status: 'unreachable', detail: expect.stringMatching(/^has no chat with Termly on Microsoft Teams yet \(they need to open Termly there once/) });
    expect(await h.outbox.send({ to: { kind: 'leadership' }, view: notice, idempotencyKey: 'k2' }))
      .toEqual({ status: 'unreachable', detail: expect.stringMatching(/^Termly has not been added to the leadership channel on Microsoft Teams yet/) });
  });

  it('once they have, the card reaches their chat as a new message before send() answers, whatever the hour', async () => {
    await h.install(PEOPLE.headReach);
    const mark = h.connector.mark();
    expect(await h.outbox.send(toReach('k3'))).toEqual({ status: 'sent' });
    const [posted] = h.connector.since(mark);
    expect(posted!.conversationId).toBe(h.personalChat(PEOPLE.headReach));
    expect(textsOf(cardOf(posted!.activity))).toEqual(['Reminder: Reach Academy', 'Please submit by 2026-12-11.']);
    expect(posted!.activity.summary).toBe('Reminder: Reach Academy');
    // Asked again with the same key, nothing is posted twice.
    expect(await h.outbox.send(toReach('k3'))).toEqual({ status: 'sent' });
    expect(h.connector.since(mark)).toHaveLength(1);
  });

  it('a chat Teams no longer accepts (app removed, blocked) has failed for good, and is kept as failed', async () => {
    h.connector.refuse.set(h.personalChat(PEOPLE.headReach), 403);
    expect(await h.outbox.send(toReach('k4'))).toEqual({ status: 'failed', detail: expect.stringMatching(/^HTTP 403/) });
    h.connector.refuse.delete(h.personalChat(PEOPLE.headReach));
    expect((await h.store.listOutbox({ state: 'failed' })).map((m) => m.idempotencyKey)).toContain('k4');
  });

  it('a server failure is queued and sent on a later try, once Teams takes it', async () => {
    h.connector.refuse.set(h.personalChat(PEOPLE.headReach), 502);
    const mark = h.connector.mark();
    expect(await h.outbox.send(toReach('k5'))).toEqual({ status: 'queued' });
    expect(h.connector.since(mark)).toEqual([]);
    h.connector.refuse.delete(h.personalChat(PEOPLE.headReach));
    await vi.waitFor(() => expect(h.connector.since(mark, h.personalChat(PEOPLE.headReach))).toHaveLength(1), { timeout: 15_000, interval: 100 });
  }, 20_000);

  it('a kept address that is damaged is reported, not sent', async () => {
    await h.store.saveConversation({ key: 'person:head-engage-academy', platform: 'teams', reference: { conversation: { id: 'x' } }, updatedAt: h.now.toISOString() });
    expect(await h.outbox.send({ to: { kind: 'person', personId: 'head-engage-academy' }, view: notice, idempotencyKey: 'k6' }))
      .toEqual({ status: 'failed', detail: expect.stringMatching(/^the Teams address kept for person:head-engage-academy is not usable: channelId/) });
  });
});

describe('the outbox delivering through Teams', () => {
  it('sends a stored message, and answers retry or failed as Teams answers', async () => {
    const { TeamsDeliverer, TeamsSender } = await import('../../../src/channels/teams/index.js');
    const { toPayload } = await import('../../../src/outbox/index.js');
    const { CloudAdapter } = await import('@microsoft/agents-hosting');
    const cards = new TeamsCards(createCardRenderer(loadCardTemplates()), createWebLinks(null, () => 'http://127.0.0.1'));
    const deliverer = new TeamsDeliverer(new TeamsSender({ adapter: new CloudAdapter(), appId: 'termly-test', cards }));
    await h.install(PEOPLE.headReach);
    const conversation = (await h.store.getConversation('person:head-reach-academy', 'teams'))!;
    const message = {
      id: 'm1', idempotencyKey: 'reminder:reach', platform: 'teams' as const, to: conversation.key,
      payload: toPayload(notice, { kind: 'person', personId: 'head-reach-academy' }, await h.store.getTrust()),
      state: 'pending' as const, attempts: 0, createdAt: h.now.toISOString(),
    };

    const mark = h.connector.mark();
    expect(await deliverer.deliver(conversation, message)).toEqual({ outcome: 'sent' });
    expect(textsOf(cardOf(h.connector.since(mark)[0]!.activity))[0]).toBe('Reminder: Reach Academy');

    h.connector.refuse.set(h.personalChat(PEOPLE.headReach), 429);
    expect(await deliverer.deliver(conversation, message)).toMatchObject({ outcome: 'retry', status: 429 });
    h.connector.refuse.set(h.personalChat(PEOPLE.headReach), 403);
    expect(await deliverer.deliver(conversation, message)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^HTTP 403/) });
    h.connector.refuse.delete(h.personalChat(PEOPLE.headReach));

    expect(await deliverer.deliver({ ...conversation, reference: { channelId: 'msteams' } }, message))
      .toEqual({ outcome: 'failed', reason: expect.stringMatching(/^the Teams address kept for person:head-reach-academy is not usable/) });
  });

  it('a decision kept from before support was summarised by activity is still sent, summarised', async () => {
    const { TeamsDeliverer, TeamsSender } = await import('../../../src/channels/teams/index.js');
    const { CloudAdapter } = await import('@microsoft/agents-hosting');
    const cards = new TeamsCards(createCardRenderer(loadCardTemplates()), createWebLinks(null, () => 'http://127.0.0.1'));
    const deliverer = new TeamsDeliverer(new TeamsSender({ adapter: new CloudAdapter(), appId: 'termly-test', cards }));
    const conversation = (await h.store.getConversation('person:head-reach-academy', 'teams'))!;
    // The schedule as decision views carried it before: dated items and "title (owner)" text.
    const earlier = {
      kind: 'decision', school: { id: 'reach-academy', name: 'Reach Academy' },
      window: { id: '2026-27-autumn', title: 'Autumn term 2026-27 review', opensOn: '2026-11-02', closesOn: '2026-11-27', state: 'closed' },
      previous: null, category: { id: 'repair', name: 'REPAIR' }, headline: 'Reach Academy: REPAIR', how: 'confirmed', decidedBy: 'Chief Executive Officer',
      rationale: null, reasons: [], priorities: [],
      schedule: {
        term: 'Spring term 2026-27', from: '2027-01-04', to: '2027-03-25',
        items: [
          { date: '2027-01-11', title: 'Termly review', owner: 'Director of Education', strand: 'School improvement', days: null },
          { date: '2027-01-19', title: 'HR days', owner: 'People and Culture Lead', strand: 'HR', days: 1 },
          { date: '2027-03-22', title: 'HR days', owner: 'People and Culture Lead', strand: 'HR', days: 0.33 },
        ],
        undated: ['Phone call support from central BSO at any time (Central BSO)'],
      },
      ics: { filename: 'reach.ics', content: '' },
    };
    const message = {
      id: 'm2', idempotencyKey: 'decision:earlier', platform: 'teams' as const, to: conversation.key,
      payload: { view: earlier, recipient: { kind: 'person', personId: 'head-reach-academy' }, school: { id: 'reach-academy', name: 'Reach Academy' } },
      state: 'pending' as const, attempts: 0, createdAt: h.now.toISOString(),
    };
    const mark = h.connector.mark();
    expect(await deliverer.deliver(conversation, message)).toEqual({ outcome: 'sent' });
    const texts = textsOf(cardOf(h.connector.since(mark)[0]!.activity));
    expect(texts).toContain('Support for the Spring term 2026-27 (Mon 4 Jan to Thu 25 Mar)');
    expect(texts).toContain('People and Culture Lead · from Tue 19 Jan · 1½ days this term');
    expect(texts).toContain('• Phone call support from central BSO at any time (Central BSO)');
    expect(texts).toContain('HR days (½ day)');
  });
});
