/**
 * Where the bot can write to people in Slack, kept in the store as the Teams door keeps its
 * conversation references: `person:<id>` for a person's direct message with the app, and
 * leadership's channel (src/review/conversations.ts decides which channel that is).
 *
 * Slack lets an app write to any member of its workspace (conversations.open, with the im:write
 * scope), so unlike Teams a person need not open Termly first: everyone on the roster with a
 * Slack id is given an address when the door starts, their user id, and the direct message's
 * channel is kept beside it once known (they wrote to the bot, or the first message opened it).
 */
import { z } from 'zod';
import { keepConversation, type Kept } from '../../review/conversations.js';
import { conversationKey } from '../../review/outbound.js';
import type { Store } from '../../store/port.js';

/** A person's direct message (`user`, and its `channel` once known), or a channel (`channel`). */
export const SlackAddress = z.strictObject({
  user: z.string().min(1).optional(),
  channel: z.string().min(1).optional(),
}).refine((a) => a.user !== undefined || a.channel !== undefined, { error: 'neither a user nor a channel' });
export type SlackAddress = z.infer<typeof SlackAddress>;

/** Whether two kept addresses are the same chat. */
export function sameChat(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const [x, y] = [SlackAddress.safeParse(a), SlackAddress.safeParse(b)];
  if (!x.success || !y.success) return false;
  return x.data.channel !== undefined ? x.data.channel === y.data.channel : x.data.user === y.data.user;
}

/**
 * Keeps the address of a Slack user speaking to the bot: their direct message, or a channel
 * where a decider used it (which then becomes leadership's, as in Teams).
 */
export function rememberSlackChat(store: Store, spoken: { userId: string; channel: string; direct: boolean; now: Date }): Promise<Kept> {
  return keepConversation(store, {
    identity: { platform: 'slack', userId: spoken.userId },
    where: spoken.direct ? 'personal' : 'shared',
    reference: spoken.direct ? { user: spoken.userId, channel: spoken.channel } : { channel: spoken.channel },
    // Without the channels:read scope the bot is not told when it is added to a channel.
    installedHere: false,
    now: spoken.now,
  }, sameChat);
}

/**
 * Gives every person on the roster with a Slack id an address, unless one is kept for that id
 * already; a person whose Slack id changed on the roster gets the new one. Answers how many
 * addresses were written.
 */
export async function keepRosterAddresses(store: Store, now: Date): Promise<number> {
  const trust = await store.getTrust();
  let written = 0;
  for (const person of trust?.people ?? []) {
    const user = person.slack?.userId;
    if (!user) continue;
    const key = conversationKey({ kind: 'person', personId: person.id });
    const kept = await store.getConversation(key, 'slack');
    if (kept && SlackAddress.safeParse(kept.reference).data?.user === user) continue;
    await store.saveConversation({ key, platform: 'slack', reference: { user }, updatedAt: now.toISOString() });
    written++;
  }
  return written;
}
