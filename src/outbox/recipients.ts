/** Where a recipient is reached: the first connected platform on which a conversation with them is kept. */
import { conversationKey, type Recipient } from '../review/outbound.js';
import { leadershipKey } from '../review/conversations.js';
import type { Store } from '../store/port.js';
import type { Platform, Trust } from '../store/records.js';

export const PLATFORM_NAME: Readonly<Record<Platform, string>> = { teams: 'Microsoft Teams', slack: 'Slack' };

export type Route = { platform: Platform; key: string } | { unreachable: string };

/** `platforms` are the connected ones, preferred first. */
export async function routeOf(store: Pick<Store, 'getConversation'>, platforms: readonly Platform[], to: Recipient, trust: Trust | null): Promise<Route> {
  if (platforms.length === 0) return { unreachable: 'no chat platform is connected to the bot' };
  if (to.kind === 'person' && trust && !trust.people.some((p) => p.id === to.personId)) {
    return { unreachable: `"${to.personId}" is not on the trust's roster` };
  }
  for (const platform of platforms) {
    const key = to.kind === 'leadership' ? leadershipKey(trust, platform) : conversationKey(to);
    if (await store.getConversation(key, platform)) return { platform, key };
  }
  const where = platforms.map((p) => PLATFORM_NAME[p]).join(' or ');
  // Slack lets the bot message anyone in the workspace, so there what is missing is the person's Slack id.
  const noSlackId = to.kind === 'person' && platforms.includes('slack') && !trust?.people.find((p) => p.id === to.personId)?.slack;
  // Said to leadership as it is: each says what would make the recipient reachable.
  return {
    unreachable: to.kind === 'leadership'
      ? `Termly has not been added to the leadership channel on ${where} yet (add the app to the channel, then mention it there once)`
      : `has no chat with Termly on ${where} yet (they need to open Termly there once, or have it installed for them${noSlackId ? '; for Slack, add their Slack member id to the trust\'s roster' : ''})`,
  };
}
