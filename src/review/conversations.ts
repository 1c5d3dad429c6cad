/**
 * Which kept conversation a chat is, for every door: a person's own chat is theirs; a channel
 * or group chat becomes leadership's when a member of trust leadership uses the bot there.
 */
import type { Platform, Trust } from '../store/records.js';
import { identify, type Identity } from './actor.js';
import { conversationKey } from './outbound.js';

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
