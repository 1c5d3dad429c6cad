/** Chat commands through the real CloudAdapter: activity in over HTTP, activities out to the connector. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, PEOPLE, startHarness, textsOf, type Harness, type Posted } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The one card the bot posted, and its texts. */
function onlyCard(posted: Posted[]) {
  expect(posted).toHaveLength(1);
  const card = cardOf(posted[0]!.activity);
  return { card, texts: textsOf(card), activity: posted[0]!.activity, posted: posted[0]! };
}

describe('in a personal chat', () => {
  it('installing the bot greets the person with help and keeps their chat for later messages', async () => {
    const { texts, posted } = onlyCard(await h.install(PEOPLE.ceo));
    expect(texts).toContain('Termly: what I can do');
    expect(posted.conversationId).toBe(h.personalChat(PEOPLE.ceo));
    const kept = await h.store.getConversation('person:ceo', 'teams');
    expect(kept?.reference).toMatchObject({ serviceUrl: h.connector.url, conversation: { id: h.personalChat(PEOPLE.ceo) }, channelId: 'msteams' });
    expect(kept?.reference).not.toHaveProperty('activityId');
  });

  it('help lists what the person may do, with a summary for notifications', async () => {
    const { texts, activity } = onlyCard(await h.say(PEOPLE.ceo, 'help'));
    expect(texts).toEqual(expect.arrayContaining(['/review open', '/status ‹school›', '/remind']));
    expect(activity.summary).toBe('What I can do');
    const head = onlyCard(await h.say(PEOPLE.headReach, 'help')).texts;
    expect(head).toContain('review');
    expect(head).not.toContain('/review open');
  });

  it('an unknown command gets the help card naming what was not understood', async () => {
    const { texts } = onlyCard(await h.say(PEOPLE.ceo, 'frobnicate the budget'));
    expect(texts[0]).toBe('I did not understand "frobnicate the budget".');
    expect(texts).toContain('Termly: what I can do');
  });

  it('/status alone gives leadership every school with category, trend and review state', async () => {
    const { texts } = onlyCard(await h.say(PEOPLE.ceo, '/status'));
    expect(texts).toContain('Ethos Academy Trust');
    for (const school of ['Engage Academy', 'Reach Academy', 'Elements Academy', 'Ethos College', 'Evolve Academy', 'Enrich Academy']) expect(texts).toContain(school);
    expect(texts).toContain('IMPROVE');
    expect(texts.filter((t) => ['↑', '↓', '→', '·'].includes(t))).toHaveLength(6);
    expect(texts.filter((t) => t === 'no window open')).toHaveLength(6);
  });

  it('/status <school> finds the school from a loose name and shows its category and trend', async () => {
    const { texts, activity } = onlyCard(await h.say(PEOPLE.ceo, '/status reach'));
    expect(texts[0]).toBe('Reach Academy');
    expect(texts).toContain('IMPROVE ↑');
    expect(texts.some((t) => t.startsWith('Trend: ') && t.endsWith('→ Summer 2025-26 IMPROVE'))).toBe(true);
    expect(activity.summary).toBe('Reach Academy: IMPROVE');
  });

  it('/status with no such school offers the nearest names as buttons', async () => {
    const { card, texts } = onlyCard(await h.say(PEOPLE.ceo, '/status Hogwarts'));
    expect(texts[0]).toBe('I could not find a school called "Hogwarts".');
    expect((card.actions as { verb: string }[]).every((a) => a.verb === 'status.show')).toBe(true);
  });

  it('a head sees their own school, and is refused another politely', async () => {
    expect(onlyCard(await h.say(PEOPLE.headReach, '/status')).texts[0]).toBe('Reach Academy');
    const { texts } = onlyCard(await h.say(PEOPLE.headReach, '/status Engage Academy'));
    expect(texts).toEqual(['Sorry, you can see and answer for your own school only, not Engage Academy.']);
  });

  it('leadership commands are refused to a head', async () => {
    expect(onlyCard(await h.say(PEOPLE.headReach, '/review open')).texts[0]).toMatch(/^Sorry, opening a review window is for trust leadership only/);
    expect(onlyCard(await h.say(PEOPLE.headReach, '/review close')).texts[0]).toMatch(/^Sorry, closing a review window is for trust leadership only/);
    expect(onlyCard(await h.say(PEOPLE.headReach, '/remind')).texts[0]).toMatch(/^Sorry, .* is for trust leadership only/);
  });

  it('someone not on the roster is told so, and nothing of theirs is kept', async () => {
    const { texts } = onlyCard(await h.say(PEOPLE.stranger, '/status'));
    expect(texts[0]).toMatch(/^Sorry, I can only help people on the trust's roster/);
    expect(await h.store.getConversation('person:user-stranger', 'teams')).toBeNull();
  });

  it('a message without an organisation account is refused, not guessed', async () => {
    const mark = h.connector.mark();
    const res = await h.post({
      type: 'message', id: 'x1', channelId: 'msteams', serviceUrl: h.connector.url, text: 'help',
      from: { id: 'someone' }, recipient: { id: 'bot' }, conversation: { id: 'a:anon', conversationType: 'personal' },
    });
    expect(res.status).toBe(200);
    expect(textsOf(cardOf(h.connector.since(mark)[0]!.activity))[0]).toMatch(/cannot tell who you are/);
  });

  it('a card sent with Action.Submit is handled like its button', async () => {
    const mark = h.connector.mark();
    const res = await h.post({
      type: 'message', id: 'x2', channelId: 'msteams', serviceUrl: h.connector.url,
      from: { id: PEOPLE.ceo.id, aadObjectId: PEOPLE.ceo.aadObjectId }, recipient: { id: 'bot' },
      conversation: { id: h.personalChat(PEOPLE.ceo), conversationType: 'personal' },
      value: { verb: 'status.show', schoolId: 'Ethos College' },
    });
    expect(res.status).toBe(200);
    expect(textsOf(cardOf(h.connector.since(mark)[0]!.activity))[0]).toBe('Ethos College');
  });
});

describe('in a channel', () => {
  const channel = '19:leadership@thread.tacv2';

  it('answers when @mentioned, in the thread, with the mention stripped', async () => {
    const posted = await h.say(PEOPLE.ceo, '/status Ethos College', { channel });
    expect(posted.map((p) => textsOf(cardOf(p.activity))[0])).toEqual(['Leadership updates will be posted here', 'Ethos College']);
    expect(posted[1]!.conversationId).toMatch(new RegExp(`^${channel};messageid=\\d+$`));
  });

  it('the first leadership use of the bot there makes it the leadership channel, said once', async () => {
    const kept = await h.store.getConversation('channel:leadership', 'teams');
    expect(kept?.reference).toMatchObject({ conversation: { id: channel } });
    const again = await h.say(PEOPLE.ceo, 'help', { channel });
    expect(again).toHaveLength(1);
  });

  it('a head speaking in another channel does not move it', async () => {
    await h.say(PEOPLE.headReach, 'help', { channel: '19:staffroom@thread.tacv2' });
    expect((await h.store.getConversation('channel:leadership', 'teams'))?.reference).toMatchObject({ conversation: { id: channel } });
  });
});

describe('the HTTP endpoint', () => {
  it('takes only JSON activities by POST', async () => {
    expect((await h.post('hello', 'text/plain')).status).toBe(415);
    expect((await h.post('{"type":')).status).toBe(400);
    const get = await fetch(`${h.server.url}/api/messages`);
    expect(get.status).toBe(405);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
  });
});
