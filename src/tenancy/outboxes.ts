/**
 * The durable outbox in a deployment serving several trusts: one outbox per trust, each made,
 * started and dispatched within its trust's scope (so its store is that trust's, and its
 * background timers carry the scope), behind the one Outbound the use-cases send through: a
 * message goes to the outbox of the trust in scope.
 */
import type { DispatchReport } from '../outbox/dispatcher.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Delivery, OutboundMessage } from '../review/outbound.js';
import { NoTrustChosenError } from './scope.js';
import type { Deployment } from './deployment.js';

export function outboxPerTrust(deployment: Deployment, make: () => Outbox): Outbox {
  const outboxes = new Map<string, Outbox>();
  let started = false;
  const of = (trustId: string): Outbox => {
    let outbox = outboxes.get(trustId);
    if (!outbox) {
      outbox = deployment.within(trustId, make);
      outboxes.set(trustId, outbox);
      if (started) deployment.within(trustId, () => outbox!.start());
    }
    return outbox;
  };
  const everyTrust = async () => {
    for (const trustId of await deployment.ids()) of(trustId);
    return [...outboxes.entries()];
  };
  return {
    send(message: OutboundMessage): Promise<Delivery> {
      const trustId = deployment.current();
      if (trustId === null) return Promise.reject(new NoTrustChosenError('queue a message'));
      return of(trustId).send(message);
    },
    async dispatch(): Promise<DispatchReport> {
      const total: DispatchReport = { sent: 0, retried: 0, failed: 0, pending: 0, nextAt: null };
      for (const [trustId, outbox] of await everyTrust()) {
        const r = await deployment.within(trustId, () => outbox.dispatch());
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        total.pending += r.pending;
        if (r.nextAt && (!total.nextAt || r.nextAt < total.nextAt)) total.nextAt = r.nextAt;
      }
      return total;
    },
    start() {
      started = true;
      for (const [trustId, outbox] of outboxes) deployment.within(trustId, () => outbox.start());
      // The other trusts' start as they are found: now, or (one added later) at its first message.
      void everyTrust().catch(() => undefined);
    },
    async stop() {
      started = false;
      await Promise.all([...outboxes.values()].map((o) => o.stop()));
    },
  };
}
