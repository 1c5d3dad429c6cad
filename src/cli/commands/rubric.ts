import { resolve } from 'node:path';
import { loadRubricFile, loadRubrics } from '../../rubric/load.js';
import { RubricError } from '../../rubric/errors.js';
import type { Rubric } from '../../rubric/schema.js';
import { inputError, usageError, type CliIo } from '../io.js';

export function rubricCommand(args: { positionals: string[]; json: boolean }, io: CliIo): void {
  const [sub, target] = args.positionals;
  if (sub === 'list') return list(io);
  if (sub === 'show') return show(need(target, 'rubric show <id>'), args.json, io);
  if (sub === 'check') return check(need(target, 'rubric check <file>'), io);
  throw usageError(`unknown rubric command ${sub ? `"${sub}"` : '(none)'}; expected: rubric list | rubric show <id> [--json] | rubric check <file>`);
}

function need(value: string | undefined, usage: string): string {
  if (!value) throw usageError(`missing argument: ${usage}`);
  return value;
}

function list(io: CliIo): void {
  for (const rubric of loadRubrics().values()) {
    const areas = rubric.groups.reduce((n, g) => n + g.areas.length, 0);
    const categories = rubric.categories.length ? rubric.categories.map((c) => c.name).join(', ') : 'no categories';
    io.out(`${rubric.id.padEnd(16)} ${rubric.trust} — ${rubric.name} (${rubric.cadence}; ${areas} areas, ${rubric.indicators.length} indicators; ${categories})`);
  }
}

/** A rubric by id, with the ids on offer when there is none. */
export function rubricById(id: string): Rubric {
  const rubrics = loadRubrics();
  const rubric = rubrics.get(id) ?? rubrics.get(id.replace(/-/g, '_'));
  if (!rubric) throw inputError(`no rubric "${id}"; available: ${[...rubrics.keys()].join(', ')}`);
  return rubric;
}

function show(id: string, json: boolean, io: CliIo): void {
  const rubric = rubricById(id);
  if (json) return io.out(JSON.stringify(rubric, null, 2));
  io.out(`${rubric.name} (${rubric.id}) — ${rubric.trust}`);
  io.out(`Source: ${rubric.source}`);
  io.out(`Reviewed ${rubric.cadence}${rubric.monitoring ? `, monitored ${rubric.monitoring}` : ''}.`);
  for (const scale of rubric.scales) io.out(`Scale ${scale.name}: ${scale.levels.map((l) => l.name).join(' → ')} (worst first)`);
  for (const group of rubric.groups) {
    io.out(`\n${group.name}`);
    for (const area of group.areas) {
      const extra = [...area.indicators, ...area.statements.map((s) => s.id)];
      io.out(`  ${area.name}${area.ratedBy !== 'head' ? ` [rated by ${rubric.roles.find((r) => r.id === area.ratedBy)?.name ?? area.ratedBy}]` : ''}${extra.length ? ` — evidence: ${extra.join(', ')}` : ''}`);
    }
  }
  if (rubric.categories.length) {
    io.out('\nCategories (most support first):');
    for (const c of rubric.categories) io.out(`  ${c.name}: ${c.summary}`);
    io.out('\nRules (first match wins):');
    const basis = (r: { source?: string | undefined; trust?: string | undefined }) => (r.trust !== undefined ? ' [the trust\'s choice]' : ' [the framework\'s words]');
    for (const r of rubric.rules) io.out(`  ${r.id} → ${r.category}: ${r.reason}${basis(r)}${r.enabled ? '' : ' (switched off)'}`);
    const fallback = rubric.fallback;
    if (fallback) io.out(`  ${fallback.id} (otherwise) → ${fallback.category ?? 'best fit (median level)'}: ${fallback.reason}${basis(fallback)}`);
    for (const r of rubric.recommendations) io.out(`  recommends (${r.strand}) when ${r.id}: ${r.items.join(' ')}${basis(r)}`);
  }
  if (rubric.context.length) {
    io.out('\nContext (asked once per school, kept until changed):');
    for (const q of rubric.context) io.out(`  ${q.id}: ${q.name}${q.kind === 'choice' ? ` — ${q.options.map((o) => o.id).join(', ')}` : ' (YYYY-MM-DD)'}`);
  }
}

function check(file: string, io: CliIo): void {
  try {
    const rubric = loadRubricFile(resolve(io.cwd, file));
    const areas = rubric.groups.reduce((n, g) => n + g.areas.length, 0);
    io.out(`${file}: valid — ${rubric.name} (${rubric.id}): ${rubric.scales.length} scale(s), ${areas} areas, ${rubric.indicators.length} indicators, ${rubric.categories.length} categories, ${rubric.rules.length} rules and a fallback${rubric.support ? `, ${rubric.support.packages.length} support packages` : ''}.`.replace(' and a fallback', rubric.fallback ? ' and a fallback' : ''));
  } catch (e) {
    if (e instanceof RubricError) throw inputError(e.message);
    throw e;
  }
}
