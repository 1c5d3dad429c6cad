/**
 * Sending one message at once through a door's deliverer, with nothing written: only for what
 * must be said when the outbox cannot be used, because the outbox lives in the store that has
 * just failed. The message is routed as the outbox routes it and tried once; it is never kept,
 * paced or retried, and every answer from the platform is classed by the door, as for the outbox.
 */
import { randomUUID } from 'node:crypto';
import type { Delivery, Outbound, OutboundMessage } from '../review/outbound.js';
import type { Store } from '../store/port.js';
import type { Deliverer, DeliveryOutcome } from './deliverer.js';
import { toPayload } from './payload.js';
import { PLATFORM_NAME, routeOf } from './recipients.js';

export interface DirectSenderOptions {
  /** Only read: the trust and the kept conversations. */
  store: Pick<Store, 'getTrust' | 'getConversation'>;
  /** The connected platforms' doors, preferred first. */
  deliverers: readonly Deliverer[];
  now?: () => Date;
}

export function createDirectSender(options: DirectSenderOptions): Outbound {
  const { store, deliverers } = options;
  const now = options.now ?? (() => new Date());
  const platforms = deliverers.map((d) => d.platform);
  return {
    async send(message: OutboundMessage): Promise<Delivery> {
      if (message.shownInReply) return { status: 'sent' };
      const trust = await store.getTrust();
      const route = await routeOf(store, platforms, message.to, trust);
      if ('unreachable' in route) return { status: 'unreachable', detail: route.unreachable };
      const conversation = await store.getConversation(route.key, route.platform);
      const deliverer = deliverers.find((d) => d.platform === route.platform);
      if (!conversation || !deliverer) return { status: 'unreachable', detail: `no chat is kept for ${route.key} on ${PLATFORM_NAME[route.platform]}` };
      let outcome: DeliveryOutcome;
      try {
        outcome = await deliverer.deliver(conversation, {
          id: randomUUID(),
          idempotencyKey: message.idempotencyKey,
          platform: route.platform,
          to: route.key,
          payload: toPayload(message.view, message.to, trust),
          state: 'pending',
          attempts: 0,
          createdAt: now().toISOString(),
        });
      } catch (e) {
        return { status: 'failed', detail: `no answer from ${PLATFORM_NAME[route.platform]}: ${(e as Error).message}` };
      }
      if (outcome.outcome === 'sent') return { status: 'sent' };
      return { status: 'failed', detail: outcome.outcome === 'failed' ? outcome.reason : outcome.detail ?? `HTTP ${outcome.status}` };
    },
  };
}
