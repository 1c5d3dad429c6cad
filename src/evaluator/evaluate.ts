/**
 * The shared evaluator: rubric + answers (+ the previous decision, the school's context and
 * phases, the review date and any agreed levels) → evaluation.
 * Pure: no I/O, no clock. Assumes answers that passed `validateAnswers`.
 */
import { matchBand, bandedFigure } from '../rubric/bands.js';
import { categoryRank, modelOf, rankOf, scaleOf, type RubricModel } from '../rubric/model.js';
import type { Area, Indicator, Rubric, Scale } from '../rubric/schema.js';
import { formatFigure } from './format.js';
import { proposeCategory, recommend } from './rules.js';
import type {
  AgreedLevel, Answers, AreaResult, CategoryChange, EvidenceItem, Evaluation, GroupResult, IndicatorResult,
  MissingItem, ModerationFlag, TransitionCounts,
} from './types.js';
import { NOT_APPLICABLE } from './types.js';

export { NOT_APPLICABLE } from './types.js';

/** What the evaluator reads beside the answers. Every field is optional; the evaluator stays pure. */
export interface EvaluateOptions {
  /** The school's current (decided) category. */
  previous?: string | null;
  /** The school's context answers (question id → option id or YYYY-MM-DD). */
  context?: Record<string, string>;
  /** The phases the school has; absent: unknown, so every area applies. */
  phases?: string[];
  /** The date the review is read on (YYYY-MM-DD): "joined within N months" counts back from it. */
  reviewDate?: string;
  /** Levels leadership agreed at moderation, by area id: they override evidence and self-rating. */
  agreed?: Record<string, AgreedLevel>;
}

export function evaluate(rubric: Rubric, answers: Answers, options: EvaluateOptions | string | null = {}): Evaluation {
  const opts: EvaluateOptions = typeof options === 'string' || options === null ? { previous: options } : options;
  const previous = opts.previous ?? null;
  const model = modelOf(rubric);
  const indicators = Object.fromEntries(rubric.indicators.map((i) => [i.id, indicatorResult(model, i, answers)]));
  const areas: Record<string, AreaResult> = {};
  for (const { area, group } of model.areas.values()) {
    areas[area.id] = areaResult(model, area, group.id, answers, indicators, applies(area, answers, opts.phases), opts.agreed?.[area.id] ?? null);
  }

  const facts = { model, areas, indicators, answers, previous, context: opts.context ?? {}, reviewDate: opts.reviewDate ?? null };
  const proposal = proposeCategory(facts);
  const missing = missingItems(model, answers, areas);
  return {
    rubric: rubric.id,
    indicators,
    areas,
    groups: Object.fromEntries(rubric.groups.map((g) => [g.id, groupResult(model, g.id, areas)])),
    flags: moderationFlags(model, areas),
    recommendations: recommend(facts),
    category: proposal.category,
    undetermined: proposal.undetermined,
    change: proposal.category ? change(rubric, previous, proposal.category.id) : null,
    missing,
    complete: missing.length === 0,
  };
}

/** An area applies unless rated not applicable, or limited to phases the school does not have. */
function applies(area: Area, answers: Answers, phases: string[] | undefined): boolean {
  if (answers.ratings[area.id] === NOT_APPLICABLE) return false;
  if (!area.phases || phases === undefined) return true;
  return area.phases.some((p) => phases.includes(p));
}

function indicatorResult(model: RubricModel, indicator: Indicator, answers: Answers): IndicatorResult {
  const base = { id: indicator.id, name: indicator.name, unit: indicator.unit, thresholds: indicator.trust !== undefined ? 'trust' as const : 'source' as const };
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
  applicable: boolean, agreed: AgreedLevel | null,
): AreaResult {
  const base = { id: area.id, name: area.name, group: groupId, note: answers.notes[area.id] ?? null };
  if (!applicable) return { ...base, level: null, source: 'not_applicable', selfRating: null, agreed: null, evidence: null };
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
  const level = evidenceLevel(scale, area, items);
  // Evidence is in when every item is answered, or when it is already at the scale's lowest
  // level: the worst of the items can only go down as more come in, so it cannot change.
  const settled = level !== null && (complete || (area.lowestWhen === 'any' && rankOf(scale, level) === 0));
  const evidence = level !== null ? { level, from: items, complete: settled } : null;
  const selfRating = answers.ratings[area.id] ?? null;
  const [used, source]: [string | null, AreaResult['source']] =
    agreed ? [agreed.level, 'agreed']
      : settled ? [level, 'evidence']
        : selfRating ? [selfRating, 'self_rated']
          : [null, 'missing'];
  return { ...base, level: used, source, selfRating, agreed, evidence };
}

/**
 * The level the evidence gives: the worst item (DOMAIN.md decision 2), or for an area whose
 * lowest level needs every item at it ("low at all Key Stages"), no lower than the next level
 * while one item is above it. Null when no item gives a level.
 */
function evidenceLevel(scale: Scale, area: Area, items: EvidenceItem[]): string | null {
  if (items.length === 0) return null;
  const ranks = items.map((i) => rankOf(scale, i.level));
  const worst = Math.min(...ranks);
  if (area.lowestWhen === 'all' && worst === 0) {
    if (ranks.some((r) => r > 0)) return scale.levels[1]!.id;
    // Every item given is at the lowest level (while one is still to come, not yet settled).
    return scale.levels[0]!.id;
  }
  return scale.levels[worst]!.id;
}

/**
 * Any difference between a self-rating and its evidence is flagged, in plain words: the
 * figures point to one level, the self-rating says another. Evidence still incomplete flags
 * only when it is already worse than the self-rating (the self-rating then stands).
 */
function moderationFlags(model: RubricModel, areas: Record<string, AreaResult>): ModerationFlag[] {
  const flags: ModerationFlag[] = [];
  for (const result of Object.values(areas)) {
    if (!result.selfRating || !result.evidence || result.selfRating === NOT_APPLICABLE) continue;
    const scale = scaleOf(model, model.areas.get(result.id)!.area.scale);
    const delta = rankOf(scale, result.selfRating) - rankOf(scale, result.evidence.level);
    if (delta === 0 || (!result.evidence.complete && delta < 0)) continue;
    const name = (id: string) => scale.levels.find((l) => l.id === id)?.name ?? id;
    const shown = result.evidence.from
      .filter((e) => e.level === result.evidence!.level || rankOf(scale, e.level) < rankOf(scale, result.selfRating!));
    // A figure read against the trust's own thresholds is said to be so, never passed off as the framework's.
    const trusts = shown.some((e) => e.kind === 'indicator' && model.indicators.get(e.id)?.trust !== undefined) ? " by the trust's thresholds" : '';
    const basis = shown
      .map((e) => (e.kind === 'indicator' ? `${e.name} ${formatFigure(e.value, model.indicators.get(e.id)!.unit)}` : `"${e.text}" not met`))
      .join('; ');
    const soFar = result.evidence.complete ? '' : ' so far';
    const used = result.source === 'agreed' ? `; the agreed level is ${name(result.level!)}` : '';
    flags.push({
      kind: 'moderation',
      area: result.id,
      selfRating: result.selfRating,
      evidenceLevel: result.evidence.level,
      gap: Math.abs(delta),
      complete: result.evidence.complete,
      message: `${result.name}: the figures${soFar} point to ${name(result.evidence.level)}${trusts}${basis ? ` (${basis})` : ''}, while the self-rating is ${name(result.selfRating)}${used}.`,
    });
  }
  return flags;
}

function groupResult(model: RubricModel, groupId: string, areas: Record<string, AreaResult>): GroupResult {
  const group = model.rubric.groups.find((g) => g.id === groupId)!;
  const counts: Record<string, number> = {};
  let of = 0;
  for (const area of group.areas) {
    if (areas[area.id]?.source === 'not_applicable') continue;
    of += 1;
    const level = areas[area.id]?.level;
    if (level) counts[level] = (counts[level] ?? 0) + 1;
  }
  const share = group.reportShareAt
    ? { level: group.reportShareAt, value: of ? (counts[group.reportShareAt] ?? 0) / of : 0, of }
    : null;
  return { id: group.id, name: group.name, counts, share };
}

function missingItems(model: RubricModel, answers: Answers, areas: Record<string, AreaResult>): MissingItem[] {
  const missing: MissingItem[] = [];
  const applicable = (id: string) => areas[id]?.source !== 'not_applicable';
  for (const { area } of model.areas.values()) {
    if (!applicable(area.id)) continue;
    if (answers.ratings[area.id] === undefined) missing.push({ kind: 'rating', id: area.id, name: area.name, ratedBy: area.ratedBy });
    for (const statement of area.statements) {
      if (answers.statements[statement.id] === undefined) {
        missing.push({ kind: 'statement', id: statement.id, name: statement.text, ratedBy: area.ratedBy });
      }
    }
  }
  for (const indicator of model.rubric.indicators) {
    const owners = model.areasOfIndicator.get(indicator.id) ?? [];
    if (owners.length > 0 && !owners.some((a) => applicable(a.id))) continue;
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
