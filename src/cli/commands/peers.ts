import { systemActor } from '../../review/actor.js';
import { peerSupport, type PeersView } from '../../review/peers.js';
import { openTrust } from '../trust.js';
import { inputError, type CliIo } from '../io.js';


export async function peersCommand(opts: { school?: string; area?: string; json: boolean }, io: CliIo): Promise<void> {
  const { ctx, trust } = await openTrust(io);
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
