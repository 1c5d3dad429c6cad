/**
 * A Slack request in a deployment serving several trusts: routed to its trust by its workspace
 * (the team id every payload carries: a command's and an event's `team_id`, an interaction's
 * `team.id`, else the event's own `team`) and run within that trust's scope
 * (src/tenancy/scope.ts), as a Teams turn is by its tenant (../teams/tenancy.ts). A request
 * from a workspace no trust names is acknowledged, told why where Slack shows an answer, and
 * does nothing else.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Deployment } from '../../tenancy/deployment.js';

/** What the Slack door needs of a deployment: the trusts, routing, and running work within one. */
export type SlackTrusts = Pick<Deployment, 'ids' | 'route' | 'within'>;

/** The workspace a Slack payload comes from, or null when it names none. */
export function slackTeamOf(body: Record<string, unknown>): string | null {
  const team = body.team as { id?: unknown } | string | undefined;
  const event = body.event as { team?: unknown } | undefined;
  const id = body.team_id ?? (typeof team === 'object' && team !== null ? team.id : team) ?? event?.team;
  return typeof id === 'string' && id.trim() ? id.trim() : null;
}

/**
 * Bolt middleware: the listeners run within the trust of the request's workspace; `refuse`
 * answers a request routed to none (where Slack shows an answer) and nothing else happens.
 */
export function routeToTrust(trusts: SlackTrusts, refuse: (args: AnyMiddlewareArgs, why: string) => Promise<void>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const route = await trusts.route('slack', slackTeamOf(args.body as unknown as Record<string, unknown>));
    if ('trustId' in route) return trusts.within(route.trustId, () => args.next());
    await refuse(args, route.refused);
  };
}
