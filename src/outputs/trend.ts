/**
 * A school's trend: its category over the terms (for a framework without categories, each
 * strand's share fully met), and its key indicators over the terms drawn over their bands,
 * each band shaded in its level's colour so a figure's edge is visible. Pure: model, then spec.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Evaluation } from '../evaluator/types.js';
import { modelOf, scaleOf } from '../rubric/model.js';
import type { Indicator, Rubric } from '../rubric/schema.js';
import { CHART_CONFIG } from './chart.js';
import { levelColours, levelCodes } from './palette.js';

export interface TrendTerm {
  /** "Autumn 2025-26". */
  title: string;
  category: { id: string; name: string } | null;
  evaluation: Evaluation | null;
}

export interface TrendInput {
  schoolName: string;
  rubric: Rubric;
  /** Oldest first. */
  terms: TrendTerm[];
}

export interface TrendModel {
  title: string;
  subtitle: string;
  terms: string[];
  /** Worst first; empty for a framework without categories. */
  categories: { name: string; fill: string }[];
  categoryPoints: { term: string; category: string; fill: string }[];
  /** For a framework reported as shares: each strand's share fully met per term, 0..100. */
  sharePoints: { term: string; strand: string; percent: number }[];
  indicators: { name: string; unit: string }[];
  values: { indicator: string; term: string; value: number; level: string }[];
  bands: { indicator: string; from: number; to: number; fill: string; level: string }[];
}

/** Band edges in the figure's own terms: a national comparison's bands are read against value − national. */
function edges(indicator: Indicator): { from: number | null; to: number | null; level: string }[] {
  const offset = indicator.basis === 'difference_from_national' ? indicator.national?.value ?? 0 : 0;
  return indicator.bands.map((b) => ({ from: b.min ? b.min.value + offset : null, to: b.max ? b.max.value + offset : null, level: b.level }));
}

export function trendModel(input: TrendInput): TrendModel {
  const { rubric } = input;
  const model = modelOf(rubric);
  const terms = input.terms.map((t) => t.title);
  const catColours = levelColours(Math.max(2, rubric.categories.length));
  const categories = rubric.categories.map((c, i) => ({ name: c.name, fill: catColours[i]! }));
  const categoryPoints = input.terms.flatMap((t) => {
    const rank = t.category ? rubric.categories.findIndex((c) => c.id === t.category!.id) : -1;
    return rank < 0 ? [] : [{ term: t.title, category: categories[rank]!.name, fill: categories[rank]!.fill }];
  });
  const sharePoints = input.terms.flatMap((t) => Object.values(t.evaluation?.groups ?? {})
    .filter((g) => g.share).map((g) => ({ term: t.title, strand: g.name, percent: Math.round(g.share!.value * 1000) / 10 })));

  const values: TrendModel['values'] = [];
  for (const t of input.terms) {
    for (const result of Object.values(t.evaluation?.indicators ?? {})) {
      const indicator = model.indicators.get(result.id);
      if (!indicator || indicator.transitions || result.value === null) continue;
      const scale = scaleOf(model, indicator.scale);
      values.push({ indicator: indicator.name, term: t.title, value: result.value, level: result.level ? `${levelCodes(scale).get(result.level) ?? ''}` : '' });
    }
  }
  const shown = rubric.indicators.filter((i) => values.some((v) => v.indicator === i.name));
  const bands: TrendModel['bands'] = [];
  for (const indicator of shown) {
    const scale = scaleOf(model, indicator.scale);
    const colours = levelColours(scale.levels.length);
    const own = values.filter((v) => v.indicator === indicator.name).map((v) => v.value);
    const all = edges(indicator);
    const finite = [...own, ...all.flatMap((e) => [e.from, e.to]).filter((x): x is number => x !== null)];
    // The picture shows the figures and the nearest edges, not the whole allowed range (0–5,000).
    const spread = Math.max(...own) - Math.min(...own) || Math.abs(own[0]!) || 1;
    const lo = Math.max(indicator.range.min ?? -Infinity, Math.min(...own) - spread);
    const hi = Math.min(indicator.range.max ?? Infinity, Math.max(...own) + spread);
    for (const e of all) {
      const from = Math.max(lo, e.from ?? Math.min(lo, ...finite));
      const to = Math.min(hi, e.to ?? Math.max(hi, ...finite));
      if (to <= from) continue;
      const rank = scale.levels.findIndex((l) => l.id === e.level);
      bands.push({ indicator: indicator.name, from, to, fill: colours[rank]!, level: scale.levels[rank]!.name });
    }
  }
  return {
    title: `${input.schoolName}: trend`,
    subtitle: rubric.name,
    terms,
    categories,
    categoryPoints,
    sharePoints,
    indicators: shown.map((i) => ({ name: i.name, unit: i.unit })),
    values,
    bands,
  };
}

/** Okabe–Ito: colours told apart with any common colour-blindness; strands also differ by shape. */
const STRANDS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function trendSpec(model: TrendModel): TopLevelSpec {
  const x = { field: 'term', type: 'ordinal' as const, sort: model.terms, scale: { domain: model.terms }, axis: { title: null, labelAngle: 0 } };
  const top = model.categories.length
    ? {
        title: { text: 'Category', anchor: 'start' as const, fontSize: 12 },
        data: { values: model.categoryPoints },
        width: Math.max(240, 110 * model.terms.length),
        height: 26 * model.categories.length,
        encoding: {
          x,
          y: { field: 'category', type: 'ordinal' as const, scale: { domain: [...model.categories.map((c) => c.name)].reverse() }, axis: { title: null } },
        },
        layer: [
          { mark: { type: 'line' as const, color: '#555555' } },
          { mark: { type: 'point' as const, filled: true, size: 160, stroke: '#333333' }, encoding: { fill: { field: 'fill', type: 'nominal' as const, scale: null } } },
        ],
      }
    : {
        title: { text: 'Share of success statements fully met', anchor: 'start' as const, fontSize: 12 },
        data: { values: model.sharePoints },
        width: Math.max(240, 110 * model.terms.length),
        height: 160,
        encoding: {
          x,
          y: { field: 'percent', type: 'quantitative' as const, scale: { domain: [0, 100] }, axis: { title: '%' } },
          color: { field: 'strand', type: 'nominal' as const, scale: { range: STRANDS }, legend: { title: null, orient: 'right' as const } },
          shape: { field: 'strand', type: 'nominal' as const },
        },
        layer: [{ mark: { type: 'line' as const } }, { mark: { type: 'point' as const, filled: true, size: 70 } }],
      };
  const panels = model.indicators.map((indicator) => ({
    title: { text: `${indicator.name}${indicator.unit ? ` (${indicator.unit})` : ''}`, anchor: 'start' as const, fontSize: 11, limit: 260 },
    width: 260,
    height: 110,
    layer: [
      {
        data: { values: model.bands.filter((b) => b.indicator === indicator.name) },
        mark: { type: 'rect' as const, opacity: 0.55 },
        encoding: {
          x: { value: 0 }, x2: { value: 260 },
          y: { field: 'from', type: 'quantitative' as const, scale: { zero: false, nice: false }, axis: { title: null, grid: false } },
          y2: { field: 'to' },
          fill: { field: 'fill', type: 'nominal' as const, scale: null },
          tooltip: { field: 'level' },
        },
      },
      {
        data: { values: model.values.filter((v) => v.indicator === indicator.name) },
        encoding: { x: { ...x, axis: { title: null, labelAngle: 0, labelFontSize: 9, labelLimit: 84 } }, y: { field: 'value', type: 'quantitative' as const } },
        layer: [
          { mark: { type: 'line' as const, color: '#222222' } },
          { mark: { type: 'point' as const, filled: true, color: '#222222', size: 40 } },
          { mark: { type: 'text' as const, dy: -9, fontSize: 10 }, encoding: { text: { field: 'level' } } },
        ],
      },
    ],
  }));
  const rows: unknown[] = [top];
  for (let i = 0; i < panels.length; i += 3) rows.push({ hconcat: panels.slice(i, i + 3), spacing: 24 });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: model.title, subtitle: model.indicators.length ? `${model.subtitle} · key indicators over their bands (letters: the level each figure reached)` : model.subtitle, anchor: 'start', fontSize: 16, subtitleFontSize: 12 },
    background: '#ffffff',
    padding: 12,
    config: CHART_CONFIG,
    vconcat: rows,
    spacing: 24,
  } as TopLevelSpec;
}
