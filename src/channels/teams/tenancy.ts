/**
 * A Teams request in a deployment serving several trusts: routed to its trust by its tenant id
 * (`conversation.tenantId`, else `channelData.tenant.id`) and run within that trust's scope
 * (src/tenancy/scope.ts), so that everything the turn reads, writes and sends is that trust's.
 * A request routed nowhere runs outside any trust and is answered with why. (The links its
 * cards carry name their trust: src/tenancy/links.ts.)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Deployment } from '../../tenancy/deployment.js';

export interface TurnRouter {
  /** Runs the turn of this activity within its trust's scope, or outside any trust when it has none. */
  run<T>(activity: Record<string, unknown>, turn: () => Promise<T>): Promise<T>;
  /** Why the turn under way reaches no trust; null when it reaches one. */
  refusal(): string | null;
}

/** The tenant a Teams activity comes from: the conversation's, else the channel data's. */
export function teamsTenantOf(activity: Record<string, unknown>): string | null {
  const conversation = activity.conversation as { tenantId?: unknown } | undefined;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof tenant === 'string' && tenant.trim() ? tenant.trim() : null;
}

export function teamsRouter(deployment: Deployment): TurnRouter {
  const refused = new AsyncLocalStorage<string>();
  return {
    async run(activity, turn) {
      const route = await deployment.route('teams', teamsTenantOf(activity));
      if ('trustId' in route) return deployment.within(route.trustId, turn);
      return deployment.scope.outside(() => refused.run(route.refused, turn));
    },
    refusal: () => (deployment.current() === null ? refused.getStore() ?? 'Termly cannot tell which trust this request is for.' : null),
  };
}
