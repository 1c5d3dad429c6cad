/**
 * A Teams request in a deployment serving several trusts: routed to its trust by its tenant id
 * (`conversation.tenantId`, else `channelData.tenant.id`) and run within that trust's scope
 * (src/tenancy/scope.ts), so that everything the turn reads, writes and sends is that trust's.
 * A request routed nowhere runs outside any trust and is answered with why.
 *
 * Links the bot makes (calendar files, reports, the heat map) name the trust they were made for,
 * and are served within its scope: a link made for one trust never reads another.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Deployment } from '../../tenancy/deployment.js';

export interface TurnRouter {
  /** Runs the turn of this activity within its trust's scope, or outside any trust when it has none. */
  run<T>(activity: Record<string, unknown>, turn: () => Promise<T>): Promise<T>;
  /** Why the turn under way reaches no trust; null when it reaches one. */
  refusal(): string | null;
  /** A link's subject, naming the trust in scope. */
  linkSubject(subject: string): string;
  /** Serves a link's subject within the trust it names; null when it names none. */
  fromLink<T>(subject: string, serve: (subject: string) => Promise<T | null>): Promise<T | null>;
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
    linkSubject(subject) {
      const trustId = deployment.current();
      return trustId === null ? subject : `${encodeURIComponent(trustId)}/${subject}`;
    },
    async fromLink(subject, serve) {
      const slash = subject.indexOf('/');
      if (slash < 1) return null;
      const trustId = decodeURIComponent(subject.slice(0, slash));
      if (!(await deployment.trusts()).some((t) => t.id === trustId)) return null;
      return deployment.within(trustId, () => serve(subject.slice(slash + 1)));
    },
  };
}
