import { boot } from '../../boot.js';
import { systemActor } from '../../review/actor.js';
import type { Outbound } from '../../review/outbound.js';
import { peerSupport, type PeersView } from '../../review/peers.js';
import { inputError, type CliIo } from '../io.js';

/** Suggestions are read from the store; nothing is sent. */
const noChat: Outbound = {
  send: async () => ({ status: 'unreachable', detail: 'the command line is not connected to a chat platform' }),
};

export async function peersCommand(opts: { school?: string; area?: string; json: boolean }, io: CliIo): Promise<void> {
  const { ctx } = await boot({ env: io.env, outbound: noChat });
  const trust = await ctx.store.getTrust();
  if (!trust) throw inputError('no trust is set up in the store');
  const view = await peerSupport(ctx, systemActor('Command line'), trust, { school: opts.school, area: opts.area });
  if (view.kind === 'not_found') {
    throw inputError(`nothing matches "${view.query}"${view.suggestions.length ? `; did you mean: ${view.suggestions.join(', ')}?` : ''}`);
  }
  if (view.kind === 'refusal') throw inputError(view.message);
  io.out(opts.json ? JSON.stringify(peersJson(view), null, 2) : peersText(view));
}

/** The shape scripts read: ids, levels and reasons. */
export function peersJson(view: PeersView) {
  return {
    suggestions: view.suggestions.map((s) => ({
      school: s.school,
      area: s.area,
      level: s.level,
      peers: s.peers.map((p) => ({ school: p.school, level: p.level, reviews: p.reviews, why: p.why })),
      ...(s.none ? { none: s.none } : {}),
    })),
  };
}

export function peersText(view: PeersView): string {
  const lines = [`School-to-school support — ${view.school?.name ?? view.trustName}`];
  if (view.suggestions.length === 0) lines.push('', 'No school is weak in any area in its latest review.');
  for (const s of view.suggestions) {
    lines.push('', `${s.schoolName}: ${s.areaName} is ${s.levelName}`);
    if (s.none) lines.push(`  ${s.none}`);
    for (const p of s.peers) lines.push(`  → ${p.why}`);
  }
  return lines.join('\n');
}
