/**
 * Duplicates and races through the real adapter: a Teams retry of the same activity, two people
 * pressing at once, two `/review open` at once. Exactly one takes effect, it is posted once,
 * and nobody is told that something went wrong. Decisions answer the proposal they name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CardJson } from '../../../src/cards/index.js';
import { MemoryStore, type Store } from '../../../src/store/index.js';
import { actionsOf, cardOf, fillIn, PEOPLE, startHarness, textsOf, type CardAction, type Harness, type Posted } from './harness.js';

const LEADERSHIP = '19:leadership@thread.tacv2';
const STAFF = '19:all-staff@thread.tacv2';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function action(card: CardJson, title: string): CardAction {
  const found = actionsOf(card).find((a) => a.title === title);
  if (!found) throw new Error(`no "${title}" button; the card has ${actionsOf(card).map((a) => `"${a.title}"`).join(', ')}`);
  return found;
}

const cards = (posted: Posted[], conversationId: string) => posted.filter((p) => p.conversationId === conversationId).map((p) => cardOf(p.activity));
const titled = (posted: Posted[], conversationId: string, pattern: RegExp) => cards(posted, conversationId).filter((c) => textsOf(c).some((t) => pattern.test(t)));
/** The decision reaches the channel as the pressed card, updated in place, and the head as one outcome message. */
const DECIDED = /^Reach Academy: [A-Z]+( → [A-Z]+| \(unchanged\))?$/;
const OUTCOME = /^Reach Academy: [A-Z]+( \(it was [A-Z]+\)| \(unchanged\))?$/;
function expectDecidedOnce(h: Harness, posted: Posted[]): void {
  expect(titled(posted, LEADERSHIP, DECIDED)).toHaveLength(0);
  expect(titled(posted, h.personalChat(PEOPLE.headReach), OUTCOME)).toHaveLength(1);
}

/**
 * A store that answers every call a few milliseconds late, as a file store under load does: two
 * requests at once then both read before either writes, so a check-then-write is caught out.
 */
let racing = false;
function slowStore(): Store {
  const inner = new MemoryStore();
  const pause = () => (racing ? new Promise((done) => setTimeout(done, 3)) : Promise.resolve());
  return new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await pause();
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await pause();
        return result;
      };
    },
  });
}

/** A harness with the head and the CEO in chat, leadership's channel set, the window open and Reach Academy submitted. */
/** Runs the calls at once, on a slow store. */
async function race<T>(calls: (() => Promise<T>)[]): Promise<[T, ...T[]]> {
  racing = true;
  try {
    return await Promise.all(calls.map((c) => c())) as [T, ...T[]];
  } finally {
    racing = false;
  }
}

async function submitted(): Promise<{ h: Harness; proposal: CardJson }> {
  const harness = await startHarness({ store: slowStore() });
  h = harness;
  await harness.install(PEOPLE.headReach);
  await harness.install(PEOPLE.ceo);
  await harness.install(PEOPLE.director);
  await harness.installInTeam(PEOPLE.ceo, LEADERSHIP);
  await harness.say(PEOPLE.ceo, '/review open');
  let card = (await harness.press(PEOPLE.headReach, 'review.start', { schoolId: 'reach-academy' })).card!;
  while (actionsOf(card).some((a) => a.title === 'Next' || a.title === 'Go to summary')) {
    const next = actionsOf(card).find((a) => a.title === 'Next' || a.title === 'Go to summary')!;
    card = (await harness.press(PEOPLE.headReach, next.verb, { ...next.data, ...fillIn(card) })).card!;
  }
  const res = await harness.press(PEOPLE.headReach, 'review.submit', action(card, 'Submit').data);
  const proposal = cards(res.posted, LEADERSHIP).find((c) => actionsOf(c).some((a) => a.verb === 'decision.confirm'));
  if (!proposal) throw new Error('no proposal reached the leadership channel');
  return { h: harness, proposal };
}

const confirmOf = (proposal: CardJson) => actionsOf(proposal).find((a) => a.verb === 'decision.confirm')!;
const noFailure = (r: { message: string | null }) => expect(r.message ?? '').not.toMatch(/something went wrong/i);

describe('the same action twice at once', () => {
  it('one Confirm delivered twice (a Teams retry) records one decision, posts it once, and answers both with it', async () => {
    const { h, proposal } = await submitted();
    const confirm = confirmOf(proposal);
    const mark = h.connector.mark();
    const [a, b] = await race([
      () => h.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP }, 'retried-confirm'),
      () => h.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP }, 'retried-confirm'),
    ]);
    expect(await h.store.listDecisions({ windowId: '2026-27-autumn' })).toHaveLength(1);
    expectDecidedOnce(h, h.connector.since(mark));
    for (const r of [a!, b!]) {
      noFailure(r);
      expect(textsOf(r.card)[0]).toMatch(/^Reach Academy: /);
    }
  });

  it('Confirm pressed twice at once (two activities) records one decision and posts it once', async () => {
    const { h, proposal } = await submitted();
    const confirm = confirmOf(proposal);
    const mark = h.connector.mark();
    const results = await race([1, 2, 3].map(() => () => h.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP })));
    expect(await h.store.listDecisions({ windowId: '2026-27-autumn' })).toHaveLength(1);
    expectDecidedOnce(h, h.connector.since(mark));
    results.forEach(noFailure);
  });

  it('the CEO and the Director of Education deciding at once: one decision stands, the other is told who decided', async () => {
    const { h, proposal } = await submitted();
    const confirm = confirmOf(proposal);
    const mark = h.connector.mark();
    const [ceo, director] = await race([
      () => h.press(PEOPLE.ceo, confirm.verb, confirm.data, { channel: LEADERSHIP }),
      () => h.press(PEOPLE.director, 'decision.override', { ...confirm.data, category: 'improve', rationale: 'New leadership in post since October; the figures predate it.' }, { channel: LEADERSHIP }),
    ]);
    const decisions = await h.store.listDecisions({ windowId: '2026-27-autumn' });
    expect(decisions).toHaveLength(1);
    expectDecidedOnce(h, h.connector.since(mark));
    [ceo!, director!].forEach(noFailure);
    const loser = decisions[0]!.decidedBy === 'ceo' ? director! : ceo!;
    expect(loser.message).toMatch(/has already (confirmed|overridden) .* on this proposal, so nothing was recorded/);
  });

  it('/review open twice at once opens the window once and messages each head once', async () => {
    h = await startHarness({ store: slowStore() });
    await h.install(PEOPLE.headReach);
    await h.install(PEOPLE.ceo);
    const mark = h.connector.mark();
    await race([() => h!.say(PEOPLE.ceo, '/review open'), () => h!.say(PEOPLE.ceo, '/review open')]);
    const posted = h.connector.since(mark);
    expect(cards(posted, h.personalChat(PEOPLE.headReach))).toHaveLength(1);
    const answers = cards(posted, h.personalChat(PEOPLE.ceo)).map((c) => textsOf(c).join(' '));
    expect(answers.filter((t) => t.includes('review opened'))).toHaveLength(1);
    expect(answers.filter((t) => t.includes('is already open'))).toHaveLength(1);
    expect(answers.join(' ')).not.toMatch(/something went wrong/i);
    expect((await h.store.listAudit()).filter((e) => e.action === 'window.opened')).toHaveLength(1);
  });
});

describe('a decision answers the proposal it names', () => {
  it('an Override naming a past window is refused and changes nothing', async () => {
    const { h, proposal } = await submitted();
    const before = await h.store.listDecisions({ schoolId: 'reach-academy' });
    const res = await h.press(PEOPLE.ceo, 'decision.override', {
      ...confirmOf(proposal).data, windowId: '2025-26-autumn', category: 'sustain', rationale: 'Rewriting the past from an old card.',
    }, { channel: LEADERSHIP });
    expect(res.message).toContain('The Autumn term 2025-26 review is past');
    expect(await h.store.listDecisions({ schoolId: 'reach-academy' })).toEqual(before);
  });

  it('a Confirm from a proposal the head has since changed is refused: the newest proposal is the open one', async () => {
    const { h, proposal } = await submitted();
    const stale = confirmOf(proposal);
    // The head changes an answer and submits again: a new proposal replaces the first.
    let card = (await h.press(PEOPLE.headReach, 'review.start', { schoolId: 'reach-academy' })).card!;
    card = (await h.press(PEOPLE.headReach, 'review.goto', action(card, 'Change answers').data)).card!;
    const next = action(card, 'Next');
    card = (await h.press(PEOPLE.headReach, next.verb, { ...next.data, ...fillIn(card, { rating: (i) => i.choices!.at(-1)!.value }) })).card!;
    let summary = (await h.press(PEOPLE.headReach, 'review.start', { schoolId: 'reach-academy' })).card!;
    const resubmit = await h.press(PEOPLE.headReach, 'review.submit', action(summary, 'Submit').data);
    expect(cards(resubmit.posted, LEADERSHIP).some((c) => actionsOf(c).some((a) => a.verb === 'decision.confirm'))).toBe(true);
    summary = card;

    const res = await h.press(PEOPLE.ceo, stale.verb, stale.data, { channel: LEADERSHIP });
    expect(res.message).toContain('is no longer the open one');
    expect(await h.store.listDecisions({ windowId: '2026-27-autumn' })).toEqual([]);
  });

  it('the proposal names no rule id', async () => {
    const { proposal } = await submitted();
    // What a person reads: every text but the ids a choice sends back.
    const shown = textsOf(JSON.parse(JSON.stringify(proposal, (key, value) => (key === 'choices' && Array.isArray(value) ? value.map((c: { title?: unknown }) => ({ title: c.title })) : value))));
    expect(shown.filter((t) => /^Rule:|\b[a-z]+_[a-z_]+\b/.test(t))).toEqual([]);
  });

  it('nobody off the roster, and no one who does not decide, can have the override form drawn', async () => {
    const { h, proposal } = await submitted();
    const override = actionsOf(proposal).find((a) => a.verb === 'decision.override.form')!;
    const stranger = await h.press(PEOPLE.stranger, override.verb, override.data, { channel: LEADERSHIP });
    expect(stranger.card).toBeNull();
    expect(stranger.message).toContain("can't find you");
    const finance = await h.press(PEOPLE.financeLead, override.verb, override.data, { channel: LEADERSHIP });
    expect(finance.message).toContain('for the CEO or the Director of Education');
    const ceo = await h.press(PEOPLE.ceo, override.verb, override.data, { channel: LEADERSHIP });
    expect(textsOf(ceo.card)).toContain('Record override');
  });
});

describe('leadership\'s channel', () => {
  it('only a decider moves it, and the move is announced in the old channel and the new one', async () => {
    h = await startHarness();
    await h.installInTeam(PEOPLE.ceo, LEADERSHIP);
    const kept = await h.store.getConversation('channel:leadership', 'teams');

    // The finance lead adds the bot to the all-staff channel: leadership's posts stay where they were.
    const byFinance = await h.installInTeam(PEOPLE.financeLead, STAFF);
    expect(byFinance.filter((p) => p.conversationId === STAFF)).toEqual([]);
    expect(await h.store.getConversation('channel:leadership', 'teams')).toEqual(kept);

    // The CEO adds it to another channel: the old one is told, the new one greeted.
    const moved = await h.installInTeam(PEOPLE.ceo, STAFF);
    expect(titled(moved, STAFF, /^Leadership updates will be posted here$/)).toHaveLength(1);
    expect(titled(moved, LEADERSHIP, /^Leadership updates have moved$/)).toHaveLength(1);
    expect((await h.store.getConversation('channel:leadership', 'teams'))?.reference).toMatchObject({ conversation: { id: STAFF } });
  });
});

describe('one post per event', () => {
  it('/review close said in the leadership channel shows the summary there once', async () => {
    h = await startHarness();
    await h.installInTeam(PEOPLE.ceo, LEADERSHIP);
    await h.say(PEOPLE.ceo, '/review open', { channel: LEADERSHIP });
    const posted = await h.say(PEOPLE.ceo, '/review close', { channel: LEADERSHIP });
    const summaries = posted.filter((p) => textsOf(cardOf(p.activity))[0] === 'Autumn term 2026-27 review closed');
    expect(summaries).toHaveLength(1);
  });
});

describe('commands given more than they take', () => {
  it('/remind with anything after it is refused, naming what was not understood, and reminds nobody', async () => {
    h = await startHarness();
    await h.install(PEOPLE.headReach);
    await h.install(PEOPLE.ceo);
    await h.say(PEOPLE.ceo, '/review open');
    const posted = await h.say(PEOPLE.ceo, '/remind me');
    expect(posted).toHaveLength(1);
    expect(textsOf(cardOf(posted[0]!.activity)).join(' ')).toContain('"me" was not understood and nothing was done');
  });
});
