/** Messages to heads and to leadership, with anyone unreachable reported rather than skipped. */
import type { Person, School, Trust } from '../store/records.js';
import type { ReviewContext } from './context.js';
import type { OutboundMessage } from './outbound.js';

export interface Unreachable {
  personId: string;
  name: string;
  detail: string;
}

export function headsOf(trust: Trust, schoolId: string): Person[] {
  return trust.people.filter((p) => p.roles.includes('head') && p.schoolIds.includes(schoolId));
}

/**
 * Sends one message per head of each school (or of the schools named), all at once: the outbox
 * writes messages sent together in one store write. Resolves when every send has answered; the
 * unreachable are listed school by school, in the order given.
 */
export async function sendToHeads(
  ctx: ReviewContext,
  trust: Trust,
  build: (head: Person, school: School) => Omit<OutboundMessage, 'to'>,
  schools: School[] = trust.schools,
): Promise<{ sent: number; unreachable: Unreachable[] }> {
  const attempts = schools.flatMap((school): Promise<Unreachable | null>[] => {
    const heads = headsOf(trust, school.id);
    if (heads.length === 0) return [Promise.resolve({ personId: '', name: `the head of ${school.name}`, detail: 'no head is on the roster for this school' })];
    return heads.map(async (head) => {
      const delivery = await ctx.outbound.send({ ...build(head, school), to: { kind: 'person', personId: head.id } });
      return delivery.status === 'sent' || delivery.status === 'queued' ? null : { personId: head.id, name: head.name, detail: delivery.detail };
    });
  });
  // Settled, not raced: a send that throws must not leave the others being written after the caller has moved on.
  const settled = await Promise.allSettled(attempts);
  const refused = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (refused) throw refused.reason;
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<Unreachable | null>).value);
  const unreachable = outcomes.filter((u): u is Unreachable => u !== null);
  return { sent: outcomes.length - unreachable.length, unreachable };
}

export async function notifyUnreachable(ctx: ReviewContext, unreachable: Unreachable[], during: string): Promise<void> {
  if (unreachable.length === 0) return;
  await ctx.outbound.send({
    to: { kind: 'leadership' },
    idempotencyKey: `unreachable:${during}:${unreachable.map((u) => u.personId || u.name).sort().join(',')}`,
    view: {
      kind: 'notice',
      title: 'Some heads could not be messaged',
      lines: [
        `While ${during}, these people could not be reached:`,
        ...unreachable.map((u) => `${u.name}: ${u.detail}`),
        'A head becomes reachable once they have opened a chat with the bot (or it is installed for them).',
      ],
      action: null,
    },
  });
}
