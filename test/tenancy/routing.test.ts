/** Which trust a request is routed to: a table of deployments and tenants. */
import { describe, expect, it } from 'vitest';
import { routeRequest, type TrustEntry } from '../../src/tenancy/routing.js';

const trust = (id: string, teamsTenantId: string | null = null, slackTeamId: string | null = null): TrustEntry => ({ id, name: id, teamsTenantId, slackTeamId });

describe('routing a request to its trust', () => {
  const cases: [string, TrustEntry[], 'teams' | 'slack', string | null, string | null][] = [
    ['one trust naming no tenant: every request', [trust('ethos')], 'teams', 'any-tenant', 'ethos'],
    ['one trust naming no tenant: even one naming none', [trust('ethos')], 'teams', null, 'ethos'],
    ['one trust naming its tenant: that tenant', [trust('ethos', 'tenant-a')], 'teams', 'tenant-a', 'ethos'],
    ['one trust naming its tenant: another is refused', [trust('ethos', 'tenant-a')], 'teams', 'tenant-b', null],
    ['tenant ids compare whatever their case', [trust('ethos', 'TENANT-A'), trust('cmat', 'tenant-b')], 'teams', 'tenant-a', 'ethos'],
    ['several trusts: the tenant\'s', [trust('ethos', 'tenant-a'), trust('cmat', 'tenant-b')], 'teams', 'tenant-b', 'cmat'],
    ['several trusts: no tenant is refused', [trust('ethos', 'tenant-a'), trust('cmat', 'tenant-b')], 'teams', null, null],
    ['several trusts: one without a tenant is not a default', [trust('ethos'), trust('cmat', 'tenant-b')], 'teams', 'tenant-c', null],
    ['slack: by workspace, not by Teams tenant', [trust('ethos', 'T1', 'T1'), trust('cmat', null, 'T2')], 'slack', 'T2', 'cmat'],
    ['slack: a Teams tenant id is no workspace', [trust('ethos', 'T9'), trust('cmat', null, 'T2')], 'slack', 'T9', null],
    ['no trusts at all', [], 'teams', 'tenant-a', null],
  ];
  it.each(cases)('%s', (_what, trusts, platform, tenant, expected) => {
    const route = routeRequest(trusts, platform, tenant);
    if (expected) expect(route).toEqual({ trustId: expected });
    else expect('refused' in route && route.refused).toMatch(tenant ? new RegExp(`does not serve your .*\\(${tenant}\\)`) : /cannot tell which trust/);
  });
});
