/**
 * Plausible answers generated from a rubric, for demo history: every area rated, every
 * indicator given a figure inside the band of its area's level (a transition indicator, a
 * table of pupil counts whose net impact falls in that band), every statement answered.
 * Nothing names an area or indicator: the rubric says what there is, so the demo stays valid
 * when the rubric changes. Deterministic: the same rubric, strength and seed give the same answers.
 */
import { parseAnswers } from '../evaluator/answers.js';
import { evaluate, type EvaluateOptions } from '../evaluator/evaluate.js';
import type { Answers, Evaluation, TransitionCounts } from '../evaluator/types.js';
import { inRange, matchBand } from '../rubric/bands.js';
import { modelOf, rankOf, scaleOf } from '../rubric/model.js';
import type { Band, Indicator, Rubric, Scale } from '../rubric/schema.js';
import { seeded } from './seeded.js';

/** How far one area may sit from the school's overall strength, so levels vary across areas. */
const SPREAD = 0.3;
/** A note kept with every area at its scale's worst level. */
const WORST_LEVEL_NOTE = 'Improvement actions agreed at the termly review.';

/** The level index (0 = worst) an area takes at a strength. */
function levelIndex(levels: number, strength: number, jitter: number): number {
  const personal = Math.min(1, Math.max(0, strength + (jitter - 0.5) * 2 * SPREAD));
  return Math.min(levels - 1, Math.floor(personal * levels));
}

/** The same place on another scale: worst stays worst, best stays best. */
function onScale(scale: Scale, fraction: number): string {
  return scale.levels[Math.round(fraction * (scale.levels.length - 1))]!.id;
}

export function answersAtStrength(rubric: Rubric, strength: number, seed: string): Answers {
  const model = modelOf(rubric);
  const answers: Answers = { ratings: {}, indicators: {}, statements: {}, notes: {} };
  /** Per indicator, the worst place (0..1) among the areas it is evidence for. */
  const indicatorPlace = new Map<string, number>();

  for (const { area } of model.areas.values()) {
    const scale = scaleOf(model, area.scale);
    const index = levelIndex(scale.levels.length, strength, seeded(seed, 'area', area.id));
    const level = scale.levels[index]!.id;
    answers.ratings[area.id] = level;
    if (index === 0) answers.notes[area.id] = WORST_LEVEL_NOTE;
    for (const statement of area.statements) {
      answers.statements[statement.id] = index > rankOf(scale, statement.levelIfNotMet);
    }
    const place = index / (scale.levels.length - 1);
    for (const id of area.indicators) indicatorPlace.set(id, Math.min(place, indicatorPlace.get(id) ?? 1));
  }

  for (const indicator of rubric.indicators) {
    const scale = scaleOf(model, indicator.scale);
    const place = indicatorPlace.get(indicator.id) ?? levelIndex(scale.levels.length, strength, seeded(seed, 'indicator', indicator.id)) / (scale.levels.length - 1);
    const level = onScale(scale, place);
    answers.indicators[indicator.id] = indicator.transitions
      ? transitionsFor(indicator, scale, level, seed)
      : figureFor(indicator, scale, level, seeded(seed, 'figure', indicator.id));
  }
  return answers;
}

/**
 * Answers for which the evaluator proposes `category`: the strength nearest `preferred`
 * (in steps of 0.01) that gives it. Throws when no strength does, naming what was reachable.
 */
export function answersForCategory(
  rubric: Rubric,
  category: string,
  preferred: number,
  previous: string | null,
  seed: string,
  /** The school's context, phases and review date, as the proposal reads them. */
  school: Omit<EvaluateOptions, 'previous'> = {},
): { answers: Answers; evaluation: Evaluation; strength: number } {
  const proposals = new Set<string>();
  for (let step = 0; step <= 100; step++) {
    for (const strength of step === 0 ? [preferred] : [preferred - step / 100, preferred + step / 100]) {
      if (strength < 0 || strength > 1) continue;
      const answers = answersAtStrength(rubric, strength, seed);
      const evaluation = evaluate(rubric, answers, { ...school, previous });
      const proposed = evaluation.category?.id ?? 'none';
      if (proposed === category) return { answers: checkedAnswers(rubric, answers, seed), evaluation, strength: Math.round(strength * 100) / 100 };
      proposals.add(proposed);
    }
  }
  throw new Error(
    `${seed}: no answers to the ${rubric.id} rubric lead it to propose "${category}"` +
      ` (after ${previous ?? 'no previous category'}); it proposes only: ${[...proposals].join(', ')}`,
  );
}

/** The answers as a person's would be checked: a generated answer the questionnaire would refuse is a bug. */
export function checkedAnswers(rubric: Rubric, answers: Answers, seed: string): Answers {
  const parsed = parseAnswers(rubric, answers);
  if (!parsed.ok) throw new Error(`${seed}: generated answers refused: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return answers;
}

/** A figure inside a band of `level`, placed by `position` and rounded as a person would type it. */
function figureFor(indicator: Indicator, scale: Scale, level: string, position: number): number {
  const offset = indicator.basis === 'difference_from_national' && indicator.national ? indicator.national.value : 0;
  const tries = [0.25 + position / 2, 0.5, 0.2, 0.8, 0.05, 0.95];
  for (const band of indicator.bands.filter((b) => b.level === level)) {
    const [low, high] = interval(band, indicator, offset);
    for (const at of tries) {
      for (const digits of [1, 2]) {
        const figure = round(low + (high - low) * at + offset, digits);
        if (inRange(indicator, figure) && matchBand(indicator, scale, figure)?.level === level) return figure;
      }
    }
  }
  throw new Error(`indicator "${indicator.id}": no figure in range falls in a band of level "${level}"`);
}

/**
 * A band's ends on the banded figure. An open end is closed a plausible margin past the other
 * (attendance "below 50%" reads 40 to 50, not 0 to 50), within the indicator's range.
 */
function interval(band: Band, indicator: Indicator, offset: number): [number, number] {
  const rangeLow = indicator.range.min === undefined ? -Infinity : indicator.range.min - offset;
  const rangeHigh = indicator.range.max === undefined ? Infinity : indicator.range.max - offset;
  const low = band.min?.value;
  const high = band.max?.value;
  if (low !== undefined && high !== undefined) return [low, high];
  if (low !== undefined) return [low, Math.min(rangeHigh, low + margin(low))];
  if (high !== undefined) return [Math.max(rangeLow, high - margin(high)), high];
  return [Math.max(rangeLow, 0), Math.min(rangeHigh, 10)];
}

/**
 * A cohort counted by attainer band at two points, whose net impact per pupil falls in a band of
 * `level`. Most pupils stay in their band; a few move each way, as in any year group; then pupils
 * are moved one at a time, by the lightest move that helps, until the net impact is in the band.
 */
function transitionsFor(indicator: Indicator, scale: Scale, level: string, seed: string): TransitionCounts {
  const { bands, moves } = indicator.transitions!;
  const cohort = Object.fromEntries(bands.map((b) => [b.id, 12 + Math.floor(seeded(seed, 'cohort', indicator.id, b.id) * 12)]));
  const pupils = Object.values(cohort).reduce((a, b) => a + b, 0);
  const tries = [0.5, 0.25, 0.75, 0.1, 0.9];
  for (const band of indicator.bands.filter((b) => b.level === level)) {
    const [low, high] = transitionInterval(band, indicator);
    for (const at of tries) {
      const counts = cohortCounts(indicator, cohort, seed);
      let net = netImpact(indicator, counts);
      const target = Math.round((low + (high - low) * at) * pupils);
      for (let guard = 0; guard < pupils * 4 && Math.abs(target - net) > 1e-9; guard++) {
        const need = target - net;
        const move = moves
          .filter((m) => m.from !== m.to && Math.sign(m.weight) === Math.sign(need) && Math.abs(m.weight) <= Math.abs(need) + 1e-9 && (counts[m.from]![m.from] ?? 0) > 0)
          .sort((a, b) => Math.abs(a.weight) - Math.abs(b.weight))[0];
        if (!move) break;
        counts[move.from]![move.from]! -= 1;
        counts[move.from]![move.to] = (counts[move.from]![move.to] ?? 0) + 1;
        net += move.weight;
      }
      if (matchBand(indicator, scale, net / pupils)?.level === level) return counts;
    }
  }
  throw new Error(`indicator "${indicator.id}": no pupil counts give a net impact in a band of level "${level}"`);
}

/** Every pupil in their own band, then one to three pupils on each move: the churn of a real year group. */
function cohortCounts(indicator: Indicator, cohort: Record<string, number>, seed: string): TransitionCounts {
  const { bands, moves } = indicator.transitions!;
  const counts: TransitionCounts = Object.fromEntries(bands.map((b) => [b.id, Object.fromEntries(bands.map((to) => [to.id, b.id === to.id ? cohort[b.id]! : 0]))]));
  for (const m of moves.filter((x) => x.from !== x.to)) {
    const n = Math.min(1 + Math.floor(seeded(seed, 'churn', indicator.id, m.from, m.to) * 3), counts[m.from]![m.from]! - 1);
    counts[m.from]![m.from]! -= n;
    counts[m.from]![m.to]! += n;
  }
  return counts;
}

function netImpact(indicator: Indicator, counts: TransitionCounts): number {
  return indicator.transitions!.moves.reduce((n, m) => n + (counts[m.from]?.[m.to] ?? 0) * m.weight, 0);
}

/** A band's ends in net impact per pupil; an open end is closed a twentieth of the range past the other. */
function transitionInterval(band: Band, indicator: Indicator): [number, number] {
  const weights = indicator.transitions!.moves.map((m) => m.weight);
  const { min = Math.min(...weights), max = Math.max(...weights) } = indicator.range;
  const step = (max - min) / 20;
  const low = band.min?.value;
  const high = band.max?.value;
  if (low !== undefined && high !== undefined) return [low, high];
  if (low !== undefined) return [low, Math.min(max, low + step)];
  if (high !== undefined) return [Math.max(min, high - step), high];
  return [min, max];
}

function margin(end: number): number {
  return Math.max(10, Math.abs(end) * 0.2);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
