/**
 * The shared evaluator: rubric + answers (+ the previous decision) → evaluation.
 * Pure: no I/O, no clock. Assumes answers that passed `validateAnswers`.
 */
import { matchBand, bandedFigure } from '../rubric/bands.js';
import { categoryRank, modelOf, rankOf, scaleOf, type RubricModel } from '../rubric/model.js';
import type { Area, Indicator, Rubric } from '../rubric/schema.js';
import { formatFigure } from './format.js';
import { proposeCategory } from './rules.js';
import type {
  Answers, AreaResult, CategoryChange, EvidenceItem, Evaluation, GroupResult, IndicatorResult,
  MissingItem, ModerationFlag, TransitionCounts,
} from './types.js';

/** A self-rating this many levels from its evidence is flagged for moderation (DOMAIN.md decision 3). */
export const MODERATION_GAP = 2;

export function evaluate(rubric: Rubric, answers: Answers, previous: string | null = null): Evaluation {
  const model = modelOf(rubric);
  const indicators = Object.fromEntries(rubric.indicators.map((i) => [i.id, indicatorResult(model, i, answers)]));
  const areas: Record<string, AreaResult> = {};
  for (const { area, group } of model.areas.values()) areas[area.id] = areaResult(model, area, group.id, answers, indicators);

  const proposal = proposeCategory(model, areas, indicators, answers, previous);
  const missing = missingItems(model, answers);
  return {
    rubric: rubric.id,
    indicators,
    areas,
    groups: Object.fromEntries(rubric.groups.map((g) => [g.id, groupResult(model, g.id, areas)])),
    flags: moderationFlags(model, areas),
    category: proposal.category,
    undetermined: proposal.undetermined,
    change: proposal.category ? change(rubric, previous, proposal.category.id) : null,
    missing,
    complete: missing.length === 0,
  };
}

function indicatorResult(model: RubricModel, indicator: Indicator, answers: Answers): IndicatorResult {
  const base = { id: indicator.id, name: indicator.name, unit: indicator.unit };
  const raw = answers.indicators[indicator.id];
  let value: number | null = null;
  let transitions: IndicatorResult['transitions'];
  if (indicator.transitions && raw !== undefined && typeof raw === 'object') {
    transitions = transitionImpact(indicator, raw);
    value = transitions.pupils > 0 ? transitions.net / transitions.pupils : null;
  } else if (!indicator.transitions && typeof raw === 'number') {
    value = raw;
  }
  if (value === null) return { ...base, value: null, level: null, band: null, ...(transitions ? { transitions } : {}) };
  const band = matchBand(indicator, scaleOf(model, indicator.scale), value) ?? null;
  const national =
    indicator.basis === 'difference_from_national' && indicator.national
      ? { value: indicator.national.value, year: indicator.national.year, difference: bandedFigure(indicator, value) }
      : undefined;
  return {
    ...base,
    value,
    level: band?.level ?? null,
    band: band ? { text: band.text, level: band.level } : null,
    ...(national ? { national } : {}),
    ...(transitions ? { transitions } : {}),
  };
}

/** Net impact of pupils' moves between attainer bands, weighed as the rubric says (DOMAIN.md decision 9). */
function transitionImpact(indicator: Indicator, counts: TransitionCounts): NonNullable<IndicatorResult['transitions']> {
  const moves = indicator.transitions!.moves.map((m) => ({
    from: m.from, to: m.to, label: m.label, weight: m.weight, pupils: counts[m.from]?.[m.to] ?? 0,
  }));
  return {
    pupils: moves.reduce((n, m) => n + m.pupils, 0),
    net: moves.reduce((n, m) => n + m.pupils * m.weight, 0),
    moves,
  };
}

function areaResult(
  model: RubricModel, area: Area, groupId: string, answers: Answers, indicators: Record<string, IndicatorResult>,
): AreaResult {
  const scale = scaleOf(model, area.scale);
  const items: EvidenceItem[] = [];
  let complete = true;
  for (const id of area.indicators) {
    const r = indicators[id];
    if (r?.level && r.value !== null) items.push({ kind: 'indicator', id, name: r.name, level: r.level, value: r.value });
    else complete = false;
  }
  for (const statement of area.statements) {
    const met = answers.statements[statement.id];
    if (met === undefined) complete = false;
    else if (!met) items.push({ kind: 'statement', id: statement.id, text: statement.text, level: statement.levelIfNotMet });
  }
  const worst = items.reduce<EvidenceItem | undefined>(
    (w, item) => (!w || rankOf(scale, item.level) < rankOf(scale, w.level) ? item : w), undefined);
  const evidence = worst ? { level: worst.level, from: items, complete } : null;
  const selfRating = answers.ratings[area.id] ?? null;
  const fromEvidence = evidence?.complete ? evidence.level : null;
  return {
    id: area.id,
    name: area.name,
    group: groupId,
    level: selfRating ?? fromEvidence,
    source: selfRating ? 'self_rated' : fromEvidence ? 'evidence' : 'missing',
    selfRating,
    evidence,
    note: answers.notes[area.id] ?? null,
  };
}

function moderationFlags(model: RubricModel, areas: Record<string, AreaResult>): ModerationFlag[] {
  const flags: ModerationFlag[] = [];
  for (const result of Object.values(areas)) {
    if (!result.selfRating || !result.evidence) continue;
    const scale = scaleOf(model, model.areas.get(result.id)!.area.scale);
    const gap = Math.abs(rankOf(scale, result.selfRating) - rankOf(scale, result.evidence.level));
    if (gap < MODERATION_GAP) continue;
    const name = (id: string) => scale.levels.find((l) => l.id === id)?.name ?? id;
    const basis = result.evidence.from
      .filter((e) => e.level === result.evidence!.level)
      .map((e) => (e.kind === 'indicator' ? `${e.name} ${formatFigure(e.value, model.indicators.get(e.id)!.unit)}` : `"${e.text}" not met`))
      .join('; ');
    flags.push({
      kind: 'moderation',
      area: result.id,
      selfRating: result.selfRating,
      evidenceLevel: result.evidence.level,
      gap,
      message: `${result.name} is self-rated ${name(result.selfRating)} but its evidence points to ${name(result.evidence.level)} (${basis}). The rating is kept; please moderate.`,
    });
  }
  return flags;
}

function groupResult(model: RubricModel, groupId: string, areas: Record<string, AreaResult>): GroupResult {
  const group = model.rubric.groups.find((g) => g.id === groupId)!;
  const counts: Record<string, number> = {};
  for (const area of group.areas) {
    const level = areas[area.id]?.level;
    if (level) counts[level] = (counts[level] ?? 0) + 1;
  }
  const share = group.reportShareAt
    ? { level: group.reportShareAt, value: (counts[group.reportShareAt] ?? 0) / group.areas.length, of: group.areas.length }
    : null;
  return { id: group.id, name: group.name, counts, share };
}

function missingItems(model: RubricModel, answers: Answers): MissingItem[] {
  const missing: MissingItem[] = [];
  for (const { area } of model.areas.values()) {
    if (answers.ratings[area.id] === undefined) missing.push({ kind: 'rating', id: area.id, name: area.name, ratedBy: area.ratedBy });
    for (const statement of area.statements) {
      if (answers.statements[statement.id] === undefined) {
        missing.push({ kind: 'statement', id: statement.id, name: statement.text, ratedBy: area.ratedBy });
      }
    }
  }
  for (const indicator of model.rubric.indicators) {
    if (answers.indicators[indicator.id] === undefined) {
      const owner = model.areasOfIndicator.get(indicator.id)?.[0]?.ratedBy ?? 'head';
      missing.push({ kind: 'indicator', id: indicator.id, name: indicator.name, ratedBy: owner });
    }
  }
  return missing;
}

function change(rubric: Rubric, previous: string | null, proposed: string): CategoryChange {
  if (previous === null || categoryRank(rubric, previous) < 0) return { previous: null, proposed, direction: 'first' };
  const delta = categoryRank(rubric, proposed) - categoryRank(rubric, previous);
  return { previous, proposed, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' };
}
