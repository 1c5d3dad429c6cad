/**
 * Where the bot can write to people later. Teams gives an address (a conversation reference)
 * only when someone installs the bot or speaks to it; it is kept in the store under
 * `person:<id>` for a person's chat and `channel:leadership` for leadership's channel, so
 * proactive messages (window opened, proposals, decisions) can reach them.
 */
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import { z } from 'zod';
import { conversationOf, leadershipKey as leadershipKeyOf } from '../../review/conversations.js';
import type { Store } from '../../store/port.js';
import type { Trust } from '../../store/records.js';

const Account = z.object({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

/** The parts of a reference a proactive send needs, as kept in the store. */
const StoredReference = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  locale: z.string().optional(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    name: z.string().optional(),
  }),
  user: Account.optional(),
  agent: Account.nullable().optional(),
});

export class StoredReferenceError extends Error {
  readonly code = 'TEAMS_REFERENCE_INVALID';
  constructor(readonly key: string, detail: string) {
    super(`the Teams address kept for ${key} is not usable: ${detail}`);
    this.name = 'StoredReferenceError';
  }
}

/** A reference fit to keep: no activity id, so a proactive send starts a new message rather than a reply. */
export function referenceToKeep(activity: Activity): Record<string, unknown> {
  const reference = activity.getConversationReference();
  const conversation = { ...reference.conversation };
  // A channel message arrives in its thread ("<channel>;messageid=<id>"); posts go to the channel itself.
  conversation.id = conversation.id.replace(/;messageid=\d+$/, '');
  const kept = StoredReference.parse({ ...reference, conversation });
  return JSON.parse(JSON.stringify(kept)) as Record<string, unknown>;
}

export function referenceFromStore(key: string, value: Record<string, unknown>): ConversationReference {
  const parsed = StoredReference.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StoredReferenceError(key, `${issue.path.join('.') || 'reference'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Where leadership's messages go in Teams. */
export function leadershipKey(trust: Trust | null): string {
  return leadershipKeyOf(trust, 'teams');
}

export type Remembered = {
  key: string;
  isNew: boolean;
  leadership: boolean;
  /** Leadership's channel was moved here: the one it left, to be told where posts go now. */
  movedFrom?: ConversationReference;
} | null;

/**
 * Keeps the address of whoever is speaking to the bot. A person's chat is kept (and refreshed);
 * a channel or group chat becomes leadership's when a decider (CEO, Director of Education) is the
 * first to use the bot there, or installs the bot there (an explicit choice, so it replaces the
 * old one, which is returned so it can be told).
 */
export async function rememberConversation(store: Store, activity: Activity, now: Date): Promise<Remembered> {
  const aadObjectId = activity.from?.aadObjectId;
  const conversationType = activity.conversation?.conversationType;
  if (!aadObjectId || !conversationType || !activity.serviceUrl) return null;
  const trust = await store.getTrust();
  if (!trust) return null;
  if (conversationType !== 'personal' && conversationType !== 'channel' && conversationType !== 'groupChat') return null;
  const kept = conversationOf(trust, { platform: 'teams', aadObjectId }, conversationType === 'personal' ? 'personal' : 'shared');
  if (!kept) return null;
  const { key, leadership } = kept;
  if (leadership) {
    // Installing the bot in a channel is an explicit choice: it moves leadership's channel there.
    const installedHere = activity.type === 'installationUpdate' && activity.action === 'add';
    if (!installedHere && (await store.getConversation(key, 'teams'))) return { key, isNew: false, leadership };
  }

  const reference = referenceToKeep(activity);
  const existing = await store.getConversation(key, 'teams');
  if (existing && JSON.stringify(existing.reference) === JSON.stringify(reference)) return { key, isNew: false, leadership };
  await store.saveConversation({ key, platform: 'teams', reference, updatedAt: now.toISOString() });
  const old = leadership && existing ? referenceFromStore(key, existing.reference) : null;
  const moved = old !== null && old.conversation.id !== (reference as { conversation: { id: string } }).conversation.id;
  return { key, isNew: existing === null || leadership, leadership, ...(moved ? { movedFrom: old } : {}) };
}
