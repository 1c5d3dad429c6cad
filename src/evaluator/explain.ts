/** An evaluation in words a head would accept: the outcome first, then why, then the detail. */
import { modelOf, scaleOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import { formatFigure } from './format.js';
import type { AreaResult, CategoryChange, Evaluation, GroupResult, IndicatorResult } from './types.js';

export function levelName(rubric: Rubric, scaleId: string, levelId: string): string {
  return scaleOf(modelOf(rubric), scaleId).levels.find((l) => l.id === levelId)?.name ?? levelId;
}

export function categoryName(rubric: Rubric, id: string | null): string {
  if (id === null) return 'none yet';
  return modelOf(rubric).categories.get(id)?.name ?? id;
}

/** "was Improve: more support" — a change said the way leadership says it. */
export function describeChange(rubric: Rubric, change: CategoryChange): string {
  if (change.direction === 'first') return 'first categorisation';
  const was = categoryName(rubric, change.previous);
  if (change.direction === 'same') return `unchanged from ${was}`;
  return `was ${was}: ${change.direction === 'down' ? 'more' : 'less'} support`;
}

/** "Not yet assured (from its evidence; self-rating: Assured)": the level used, then what stands beside it. */
export function describeArea(rubric: Rubric, area: AreaResult): string {
  if (area.source === 'not_applicable') return 'not applicable to this school';
  const scale = modelOf(rubric).areas.get(area.id)!.area.scale;
  const name = (id: string) => levelName(rubric, scale, id);
  if (!area.level) return 'not yet rated';
  const self = area.selfRating ? `self-rating: ${name(area.selfRating)}` : 'not self-rated yet';
  const evidence = area.evidence ? `evidence: ${name(area.evidence.level)}${area.evidence.complete ? '' : ' so far'}` : '';
  if (area.source === 'agreed') {
    const who = area.agreed?.byName ? ` by ${area.agreed.byName}` : '';
    return `${name(area.level)} (agreed${who}${area.agreed?.reason ? `: ${area.agreed.reason}` : ''}; ${[self, evidence].filter(Boolean).join('; ')})`;
  }
  if (area.source === 'evidence') return `${name(area.level)} (from its evidence; ${self})`;
  return `${name(area.level)} (self-rated${evidence ? `; ${evidence}` : ''})`;
}

/** Per area, the three levels side by side and which one the rules read: `evaluate`'s per-area view. */
export function areaLevels(rubric: Rubric, area: AreaResult): { self: string | null; evidence: string | null; agreed: string | null; level: string | null; source: AreaResult['source'] } {
  return { self: area.selfRating, evidence: area.evidence?.level ?? null, agreed: area.agreed?.level ?? null, level: area.level, source: area.source };
}

export function describeIndicator(rubric: Rubric, indicator: IndicatorResult): string {
  if (indicator.value === null) return 'not given';
  const scale = modelOf(rubric).indicators.get(indicator.id)!.scale;
  const figure = formatFigure(indicator.value, indicator.unit);
  const national = indicator.national
    ? ` (national ${formatFigure(indicator.national.value, indicator.unit)} in ${indicator.national.year}, difference ${indicator.national.difference > 0 ? '+' : ''}${formatFigure(indicator.national.difference, indicator.unit === '%' ? 'points' : indicator.unit)})`
    : '';
  const pupils = indicator.transitions ? ` (net ${indicator.transitions.net} over ${indicator.transitions.pupils} pupils)` : '';
  if (!indicator.level || !indicator.band) return `${figure}${national}${pupils}`;
  const whose = indicator.thresholds === 'trust' ? " (the trust's threshold)" : '';
  return `${figure}${national}${pupils} → ${levelName(rubric, scale, indicator.level)}: "${indicator.band.text}"${whose}`;
}

export function explainEvaluation(rubric: Rubric, evaluation: Evaluation, school?: string): string {
  const lines: string[] = [];
  lines.push(`${school ?? 'School'} — ${rubric.name}`);
  lines.push('');
  if (evaluation.category) {
    const change = evaluation.change ? ` (${describeChange(rubric, evaluation.change)})` : '';
    lines.push(`Proposed category: ${evaluation.category.name}${change}`);
    lines.push(`Why: ${evaluation.category.reason}`);
    for (const fact of evaluation.category.facts) lines.push(`  - ${fact}`);
    lines.push(evaluation.category.provenance.line);
    lines.push(`(rule "${evaluation.category.rule}"; leadership confirms or overrides this proposal)`);
  } else if (evaluation.undetermined) {
    lines.push('No category can be proposed yet.');
    lines.push(evaluation.undetermined.reason);
    for (const item of evaluation.undetermined.waitingOn) lines.push(`  - ${item}`);
  } else {
    lines.push('This framework has no categories: it reports each strand below.');
  }

  if (evaluation.flags.length > 0) {
    lines.push('', 'Self-rating and evidence differ (for moderation):');
    for (const flag of evaluation.flags) lines.push(`  - ${flag.message}`);
  }

  for (const r of evaluation.recommendations ?? []) {
    lines.push('', `Recommended (${r.strand}): ${r.facts.join(' ')}`);
    for (const item of r.items) lines.push(`  - ${item}`);
    lines.push(`  ${r.provenance.line}`);
  }

  const groups = Object.values(evaluation.groups);
  const width = Math.max(...Object.values(evaluation.areas).map((a) => a.name.length), 10);
  lines.push('', 'Areas');
  for (const group of groups) {
    const share = group.share ? ` — ${shareWords(group.share)} at ${shareLevelName(rubric, group)}` : '';
    lines.push(`  ${group.name}${share}`);
    for (const area of Object.values(evaluation.areas).filter((a) => a.group === group.id)) {
      lines.push(`    ${area.name.padEnd(width)}  ${describeArea(rubric, area)}`);
    }
  }

  const indicators = Object.values(evaluation.indicators);
  if (indicators.length > 0) {
    lines.push('', 'Indicators');
    for (const indicator of indicators) lines.push(`    ${indicator.name.padEnd(width)}  ${describeIndicator(rubric, indicator)}`);
  }

  if (evaluation.missing.length > 0) {
    lines.push('', `Still to answer (${evaluation.missing.length}):`);
    for (const item of evaluation.missing) lines.push(`  - ${item.name} (${item.kind}${item.ratedBy === 'head' ? '' : `, for ${roleName(rubric, item.ratedBy)}`})`);
  } else {
    lines.push('', 'Every answer is in.');
  }
  return lines.join('\n');
}

/** "60% (6 of 10)": a group's share, the way every report words it. */
export function shareWords(share: NonNullable<GroupResult['share']>): string {
  return `${Math.round(share.value * 100)}% (${Math.round(share.value * share.of)} of ${share.of})`;
}

/** The name of the level a group's share counts ("Fully"), on the scale of the group's areas. */
export function shareLevelName(rubric: Rubric, group: GroupResult): string {
  const scale = rubric.groups.find((g) => g.id === group.id)!.areas[0]!.scale;
  return levelName(rubric, scale, group.share!.level);
}

export function roleName(rubric: Rubric, roleId: string): string {
  if (roleId === 'head') return 'the head';
  return rubric.roles.find((r) => r.id === roleId)?.name ?? roleId;
}
