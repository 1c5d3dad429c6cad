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

/** Sends one message per head of each school (or of the schools named). */
export async function sendToHeads(
  ctx: ReviewContext,
  trust: Trust,
  build: (head: Person, school: School) => Omit<OutboundMessage, 'to'>,
  schools: School[] = trust.schools,
): Promise<{ sent: number; unreachable: Unreachable[] }> {
  let sent = 0;
  const unreachable: Unreachable[] = [];
  for (const school of schools) {
    const heads = headsOf(trust, school.id);
    if (heads.length === 0) unreachable.push({ personId: '', name: `the head of ${school.name}`, detail: 'no head is on the roster for this school' });
    for (const head of heads) {
      const delivery = await ctx.outbound.send({ ...build(head, school), to: { kind: 'person', personId: head.id } });
      if (delivery.status === 'sent' || delivery.status === 'queued') sent++;
      else unreachable.push({ personId: head.id, name: head.name, detail: delivery.detail });
    }
  }
  return { sent, unreachable };
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
