/**
 * Leadership's posts never vanish: until the bot knows leadership's channel (nobody from
 * leadership has used it in one yet), what is meant for the channel goes to the CEO's and the
 * Director of Education's own chats instead, so proposals can still be confirmed.
 */
import type { Store } from '../store/port.js';
import { decidersOf } from './actor.js';
import type { Delivery, Outbound, OutboundMessage } from './outbound.js';

export function withLeadershipFallback(outbound: Outbound, store: Pick<Store, 'getTrust'>): Outbound {
  return {
    async send(message: OutboundMessage): Promise<Delivery> {
      const delivery = await outbound.send(message);
      if (message.to.kind !== 'leadership' || delivery.status !== 'unreachable') return delivery;
      const trust = await store.getTrust();
      const deciders = trust ? decidersOf(trust) : [];
      const tries = await Promise.all(deciders.map((person) =>
        outbound.send({ ...message, to: { kind: 'person', personId: person.id }, idempotencyKey: `${message.idempotencyKey}:to:${person.id}` })));
      const reached = tries.find((d) => d.status === 'sent' || d.status === 'queued');
      if (reached) return reached;
      return { status: 'unreachable', detail: `${delivery.detail}; nor could the CEO or the Director of Education be reached directly` };
    },
  };
}
