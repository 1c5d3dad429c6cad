/**
 * Which kept conversation a chat is, for every door: a person's own chat is theirs; a channel
 * or group chat becomes leadership's when a member of trust leadership uses the bot there.
 */
import type { Store } from '../store/port.js';
import type { Platform, Trust } from '../store/records.js';
import { identify, type Identity } from './actor.js';
import { conversationKey } from './outbound.js';
import type { NoticeView } from './views.js';

/** Where leadership's messages go on a platform: the key the trust names, or the default one. */
export function leadershipKey(trust: Trust | null, platform: Platform): string {
  return trust?.leadershipChannel[platform] ?? conversationKey({ kind: 'leadership' });
}

/**
 * The conversation key to keep for someone speaking to the bot, or null when nothing is kept.
 * Only the deciders (CEO, Director of Education) choose leadership's channel: proposals and
 * decisions go there, so a channel anyone else uses (an all-staff one) must never become it.
 */
export function conversationOf(trust: Trust, identity: Identity & { platform: Platform }, where: 'personal' | 'shared'): { key: string; leadership: boolean } | null {
  const actor = identify(trust, identity);
  if (!actor) return null;
  if (where === 'personal') return { key: conversationKey({ kind: 'person', personId: actor.person.id }), leadership: false };
  return actor.decides ? { key: leadershipKey(trust, identity.platform), leadership: true } : null;
}

/** Someone speaking to the bot, as a door sees it: who, where, and the platform's address to keep. */
export interface Spoken {
  identity: Identity & { platform: Platform };
  where: 'personal' | 'shared';
  /** The platform's address for this chat, stored as given. */
  reference: Record<string, unknown>;
  /** The bot was just added here: an explicit choice of channel. */
  installedHere: boolean;
  now: Date;
}

export type Kept = {
  key: string;
  /** First kept here (leadership's channel is announced then). */
  isNew: boolean;
  leadership: boolean;
  /** Leadership's channel moved here: the address it left, to be told where posts go now. */
  movedFrom?: Record<string, unknown>;
} | null;

/**
 * Keeps the address of whoever is speaking to the bot. A person's chat is kept (and refreshed);
 * a channel or group chat becomes leadership's when a decider is the first to use the bot there,
 * or installs the bot there (an explicit choice, so it replaces the old one, which is returned
 * so it can be told). `sameChat` says whether two kept addresses are the same chat.
 */
export async function keepConversation(
  store: Store, spoken: Spoken, sameChat: (a: Record<string, unknown>, b: Record<string, unknown>) => boolean,
): Promise<Kept> {
  const trust = await store.getTrust();
  if (!trust) return null;
  const kept = conversationOf(trust, spoken.identity, spoken.where);
  if (!kept) return null;
  const { key, leadership } = kept;
  const platform = spoken.identity.platform;
  const existing = await store.getConversation(key, platform);
  if (leadership && !spoken.installedHere && existing) return { key, isNew: false, leadership };
  if (existing && JSON.stringify(existing.reference) === JSON.stringify(spoken.reference)) return { key, isNew: false, leadership };
  await store.saveConversation({ key, platform, reference: spoken.reference, updatedAt: spoken.now.toISOString() });
  const moved = leadership && existing !== null && !sameChat(existing.reference, spoken.reference);
  return { key, isNew: existing === null || leadership, leadership, ...(moved ? { movedFrom: existing.reference } : {}) };
}

/** Told in a channel when it becomes leadership's. */
export function leadershipChannelView(): NoticeView {
  return {
    kind: 'notice',
    title: 'Leadership updates will be posted here',
    lines: ['Proposed categories, decisions with their support schedules, and anyone the bot could not reach will appear in this channel.'],
    action: null,
  };
}

/** Told in the channel leadership's posts left. */
export function leadershipMovedView(byName: string | undefined, where: string | undefined): NoticeView {
  return {
    kind: 'notice',
    title: 'Leadership updates have moved',
    lines: [`${byName ?? 'A decider'} added Termly to ${where ? `"${where}"` : 'another channel'}: proposals and decisions will be posted there from now on, not here.`],
    action: null,
  };
}

/** Whether a shared chat is leadership's kept channel (what leadership is told there is the answer itself). */
export async function isLeadershipChannel(store: Store, platform: Platform, isThisChat: (kept: Record<string, unknown>) => boolean): Promise<boolean> {
  const kept = await store.getConversation(leadershipKey(await store.getTrust(), platform), platform);
  return kept !== null && isThisChat(kept.reference);
}
