/**
 * What the outbox stores as a message's payload: the use-case's view, platform-neutral, so
 * each door renders it its own way (Teams: an Adaptive Card; Slack: Block Kit) when it sends.
 * The school the message is about is kept beside it as `school: { id, name }`: `/status`
 * finds a school's undelivered messages by it.
 */
import type { Recipient } from '../review/outbound.js';
import { upgradeStoredView } from '../review/stored-views.js';
import type { View } from '../review/views.js';
import type { OutboxMessage, Trust } from '../store/records.js';

export interface OutboxPayload {
  view: View;
  recipient: Recipient;
  /** The school the message is about, when it is about one. */
  school: { id: string; name: string } | null;
}

/** The payload as stored: plain data the store checks as a record. */
export function toPayload(view: View, recipient: Recipient, trust: Trust | null): Record<string, unknown> {
  const payload: OutboxPayload = { view, recipient, school: schoolOf(view, trust) };
  return payload as unknown as Record<string, unknown>;
}

/** The message's payload, for a door to render. Throws, naming the message, when it is not one the outbox wrote. */
export function payloadOf(message: OutboxMessage): OutboxPayload {
  const { view, recipient, school } = message.payload as Partial<OutboxPayload>;
  const problems: string[] = [];
  if (typeof view !== 'object' || view === null || typeof (view as { kind?: unknown }).kind !== 'string') problems.push('view: expected a view with a kind');
  if (typeof recipient !== 'object' || recipient === null || !['person', 'leadership'].includes((recipient as { kind?: unknown }).kind as string)) {
    problems.push('recipient: expected { kind: "person", personId } or { kind: "leadership" }');
  }
  if (problems.length) throw new Error(`the outbox message "${message.id}" (${message.idempotencyKey}) has no payload a door can send: ${problems.join('; ')}`);
  return { view: upgradeStoredView(view!), recipient: recipient!, school: school ?? null };
}

/** The school a view is about: its `school`, or the school its Start / Carry on button opens. */
function schoolOf(view: View, trust: Trust | null): OutboxPayload['school'] {
  if ('school' in view && view.school) return { id: view.school.id, name: view.school.name };
  if (view.kind === 'notice' && view.action?.data.schoolId) {
    const id = view.action.data.schoolId;
    return { id, name: trust?.schools.find((s) => s.id === id)?.name ?? id };
  }
  return null;
}
