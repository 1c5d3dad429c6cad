/**
 * `tenant [--teams <tenant id>] [--slack <team id>]`: the Microsoft 365 tenant (and Slack
 * workspace) a trust's requests come from, by which a deployment serving several trusts routes
 * them (README, "Several trusts in one deployment"). Without options, shows them.
 */
import { openTrust } from '../trust.js';
import { inputError, type CliIo } from '../io.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEAM = /^[TE][A-Z0-9]{6,}$/;

export async function tenantCommand(opts: { teams?: string | undefined; slack?: string | undefined }, io: CliIo): Promise<void> {
  const teams = opts.teams?.trim();
  const slack = opts.slack?.trim();
  if (teams !== undefined && !GUID.test(teams)) throw inputError(`--teams: expected the tenant's id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, found "${teams}"`);
  if (slack !== undefined && !TEAM.test(slack)) throw inputError(`--slack: expected the workspace's team id, such as T0123ABCD, found "${slack}"`);
  const { ctx, trust, actor } = await openTrust(io);
  if (teams !== undefined || slack !== undefined) {
    const changed = { ...structuredClone(trust), ...(teams !== undefined ? { teams: { tenantId: teams } } : {}), ...(slack !== undefined ? { slack: { teamId: slack } } : {}) };
    await ctx.store.saveTrust(changed, {
      at: ctx.now().toISOString(), actor: actor.person.id, action: 'trust.tenant', subject: `trust:${trust.id}`,
      detail: { by: actor.person.name, ...(teams !== undefined ? { teams } : {}), ...(slack !== undefined ? { slack } : {}) },
    });
  }
  const now = (await ctx.store.getTrust())!;
  io.out(`${now.name}: Teams tenant ${now.teams?.tenantId ?? '(none: reached only as its deployment\'s one trust)'}; Slack workspace ${now.slack?.teamId ?? '(none)'}`);
}
