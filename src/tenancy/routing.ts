/**
 * Which trust a request belongs to, in a deployment that may serve several: the trust whose
 * Teams tenant (or Slack workspace) the request comes from. A deployment of one trust that names
 * no tenant serves every request it is sent (one trust per store stays the simple case, and
 * local mode's playground names no real tenant). Anything else is refused, never guessed.
 */
import type { Platform } from '../store/records.js';

/** A trust as routing sees it. */
export interface TrustEntry {
  id: string;
  name: string;
  teamsTenantId: string | null;
  slackTeamId: string | null;
}

export type Route = { trustId: string } | { refused: string };

const WHERE: Record<Platform, string> = { teams: 'Microsoft 365 organisation', slack: 'Slack workspace' };

export function routeRequest(trusts: readonly TrustEntry[], platform: Platform, tenant: string | null): Route {
  const own = (t: TrustEntry) => (platform === 'teams' ? t.teamsTenantId : t.slackTeamId);
  if (tenant) {
    // Teams sends tenant ids in lower case; a trust's record may hold them as an admin typed them.
    const match = trusts.find((t) => own(t)?.toLowerCase() === tenant.toLowerCase());
    if (match) return { trustId: match.id };
  }
  if (trusts.length === 1 && own(trusts[0]!) === null) return { trustId: trusts[0]!.id };
  return {
    refused: tenant
      ? `Termly here does not serve your ${WHERE[platform]} (${tenant}), so it cannot show or record anything for you. Ask whoever runs Termly for your trust.`
      : `Termly cannot tell which trust you belong to: ${platform === 'teams' ? 'Teams' : 'Slack'} sent no ${WHERE[platform]} with this message.`,
  };
}
