import { schoolStatus } from '../../review/status.js';
import { systemActor } from '../../review/actor.js';
import type { SchoolStatusView } from '../../review/views.js';
import { openTrust } from '../trust.js';
import { inputError, usageError, type CliIo } from '../io.js';


export async function statusCommand(opts: { positionals: string[]; json: boolean }, io: CliIo): Promise<void> {
  const query = opts.positionals.join(' ').trim();
  if (!query) throw usageError('usage: status <school> [--json]   e.g. status reach');
  const { ctx, trust } = await openTrust(io);
  const view = await schoolStatus(ctx, systemActor('Command line'), trust, query);
  if (view.kind === 'not_found') {
    throw inputError(`no school matches "${query}"${view.suggestions.length ? `; did you mean: ${view.suggestions.join(', ')}?` : ''}`);
  }
  if (view.kind === 'refusal') throw inputError(view.message);
  io.out(opts.json ? JSON.stringify(view, null, 2) : statusText(view));
}

export function statusText(view: SchoolStatusView): string {
  const lines = [`${view.school.name} — ${view.rubricName}`];
  if (!view.hasCategories) lines.push('This framework reports each strand rather than a category.');
  else lines.push(view.category ? `Category: ${view.category.name} ${view.arrow} since ${view.since} (decided by ${view.decidedBy})` : 'Category: none decided yet');
  if (view.rationale) lines.push(`Rationale: ${view.rationale}`);
  if (view.basis) lines.push(view.basis);
  if (view.context.length) lines.push(...view.context.map((c) => `Context: ${c}`));
  if (view.trend.length) lines.push(`Trend: ${view.trend.map((t) => `${t.window} ${t.category.name}`).join(' → ')}`);
  if (view.priorities.length) lines.push(`Priorities: ${view.priorities.join(', ')}`);
  lines.push(view.submission ? `Review: ${view.submission.window.title}, ${view.submission.state.replace('_', ' ')}: ${view.submission.progress} (closes ${view.submission.window.closesOn})` : 'Review: no window open');
  if (view.areas.length) {
    lines.push('', 'Areas');
    const width = Math.max(...view.areas.map((a) => a.name.length));
    for (const a of view.areas) lines.push(`  ${a.name.padEnd(width)}  ${a.level}`);
  }
  if (view.indicators.length) {
    lines.push('', 'Indicators');
    const width = Math.max(...view.indicators.map((i) => i.name.length));
    for (const i of view.indicators) lines.push(`  ${i.name.padEnd(width)}  ${i.level}`);
  }
  if (view.groupShares.length) {
    lines.push('', 'Strands');
    for (const g of view.groupShares) lines.push(`  ${g.name}: ${g.share}`);
  }
  if (view.shareTrend.length > 1) {
    lines.push('', 'Strands over past reviews');
    for (const t of view.shareTrend) lines.push(`  ${t.window}: ${t.shares.map((s) => `${s.name} ${s.share.split(' ')[0]}`).join(', ')}`);
  }
  if (view.support.length) {
    lines.push('', 'Support in place');
    for (const s of view.support) lines.push(`  ${s.title} — ${s.owner}, ${s.when}`);
  }
  if (view.flags.length) {
    lines.push('', 'Self-rating and evidence differ');
    for (const f of view.flags) lines.push(`  ${f}`);
  }
  if (view.undelivered.length) lines.push('', `Messages not delivered: ${view.undelivered.join('; ')}`);
  return lines.join('\n');
}
