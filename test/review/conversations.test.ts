/** Which chats the bot keeps, for every door: a person's own, and leadership's channel chosen by a decider. */
import { describe, expect, it } from 'vitest';
import { keepConversation, leadershipMovedView } from '../../src/review/conversations.js';
import { demoContext } from './harness.js';

const teams = (n: number) => ({ platform: 'teams' as const, aadObjectId: `00000000-0000-0000-0000-00000000000${n}` });
const CEO = teams(20);
const FINANCE_LEAD = teams(30);
const chat = (id: string) => ({ conversation: { id } });
const same = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a) === JSON.stringify(b);
const NOW = new Date('2026-11-30T09:00:00Z');

describe('keeping conversations', () => {
  it('keeps a person\'s own chat, and a shared one only when a decider uses the bot there', async () => {
    const { store } = await demoContext();
    expect(await keepConversation(store, { identity: FINANCE_LEAD, where: 'personal', reference: chat('a'), installedHere: false, now: NOW }, same))
      .toEqual({ key: 'person:finance-lead', isNew: true, leadership: false });
    // An all-staff channel the finance lead uses is never leadership's.
    expect(await keepConversation(store, { identity: FINANCE_LEAD, where: 'shared', reference: chat('all-staff'), installedHere: true, now: NOW }, same)).toBeNull();
    const first = await keepConversation(store, { identity: CEO, where: 'shared', reference: chat('leadership'), installedHere: false, now: NOW }, same);
    expect(first).toMatchObject({ leadership: true, isNew: true });
    expect(first).not.toHaveProperty('movedFrom');
  });

  it('moves leadership\'s channel only when a decider adds the bot elsewhere, returning the one it left', async () => {
    const { store } = await demoContext();
    await keepConversation(store, { identity: CEO, where: 'shared', reference: chat('leadership'), installedHere: false, now: NOW }, same);
    // Merely speaking in another channel does not move it.
    expect(await keepConversation(store, { identity: CEO, where: 'shared', reference: chat('other'), installedHere: false, now: NOW }, same))
      .toMatchObject({ isNew: false, leadership: true });
    const moved = await keepConversation(store, { identity: CEO, where: 'shared', reference: chat('board'), installedHere: true, now: NOW }, same);
    expect(moved).toMatchObject({ leadership: true, movedFrom: chat('leadership') });
    expect(leadershipMovedView('Chief Executive Officer', 'Board').lines).toEqual([
      'Chief Executive Officer added Termly to "Board": proposals and decisions will be posted there from now on, not here.',
    ]);
  });
});
