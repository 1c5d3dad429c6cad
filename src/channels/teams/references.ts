/**
 * Where the bot can write to people later. Teams gives an address (a conversation reference)
 * only when someone installs the bot or speaks to it; it is kept in the store under
 * `person:<id>` for a person's chat and `channel:leadership` for leadership's channel, so
 * proactive messages (window opened, proposals, decisions) can reach them.
 */
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import { z } from 'zod';
import { keepConversation, leadershipKey as leadershipKeyOf } from '../../review/conversations.js';
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

/** The chat a kept Teams address is for: a channel's thread is the channel. */
export function chatIdOf(reference: Record<string, unknown>): string | null {
  const id = (reference as { conversation?: { id?: unknown } }).conversation?.id;
  return typeof id === 'string' ? id.replace(/;messageid=\d+$/, '') : null;
}

export type Remembered = { key: string; isNew: boolean; leadership: boolean; movedFrom?: ConversationReference } | null;

/** Keeps the address of whoever is speaking to the bot (the rule is the use-cases': src/review/conversations.ts). */
export async function rememberConversation(store: Store, activity: Activity, now: Date): Promise<Remembered> {
  const aadObjectId = activity.from?.aadObjectId;
  const conversationType = activity.conversation?.conversationType;
  if (!aadObjectId || !conversationType || !activity.serviceUrl) return null;
  if (conversationType !== 'personal' && conversationType !== 'channel' && conversationType !== 'groupChat') return null;
  const kept = await keepConversation(store, {
    identity: { platform: 'teams', aadObjectId },
    where: conversationType === 'personal' ? 'personal' : 'shared',
    reference: referenceToKeep(activity),
    installedHere: activity.type === 'installationUpdate' && activity.action === 'add',
    now,
  }, (a, b) => chatIdOf(a) === chatIdOf(b));
  if (!kept) return null;
  const { movedFrom, ...rest } = kept;
  return { ...rest, ...(movedFrom ? { movedFrom: referenceFromStore(kept.key, movedFrom) } : {}) };
}
