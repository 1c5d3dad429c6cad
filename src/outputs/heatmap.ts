/**
 * The trust heat map: schools down the side, the rubric's areas across (grouped as the rubric
 * groups them), each cell coloured by level with the level's letter in it, a category column,
 * and a legend in the rubric's level names. For a framework reported as shares (CAT), strands
 * across, each cell the share of statements fully met. Pure: a model, then a Vega-Lite spec.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Evaluation } from '../evaluator/types.js';
import { modelOf, scaleOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import { levelCodes, levelColour, levelColours, NO_LEVEL, shareColour, textColourOn } from './palette.js';
import { CHART_CONFIG } from './chart.js';

export interface HeatmapSchool {
  name: string;
  /** The evaluation of the school's review in the term, or null when there is none. */
  evaluation: Evaluation | null;
  /** The category decided in the term (its name), or null. */
  category: { id: string; name: string } | null;
}

export interface HeatmapInput {
  trustName: string;
  /** "Autumn term 2025-26". */
  term: string;
  rubric: Rubric;
  schools: HeatmapSchool[];
}

export interface HeatmapCell {
  school: string;
  group: string;
  column: string;
  /** The level's letter, or the share as "60%"; empty when there is nothing to show. */
  label: string;
  /** The level's name, or the share in words, for people and tests. */
  meaning: string;
  fill: string;
  text: string;
}

export interface HeatmapModel {
  title: string;
  subtitle: string;
  kind: 'levels' | 'shares';
  schools: string[];
  groups: { name: string; columns: string[] }[];
  cells: HeatmapCell[];
  /** One cell per school in the category column; null for frameworks without categories. */
  categories: HeatmapCell[] | null;
  legend: { label: string; fill: string }[];
}

export function heatmapModel(input: HeatmapInput): HeatmapModel {
  const { rubric } = input;
  const schools = input.schools.map((s) => s.name);
  const shares = rubric.groups.every((g) => g.reportShareAt);
  const title = `${input.trustName}: heat map`;
  const subtitle = `${input.term} · ${rubric.name}`;
  if (shares) return shareModel(input, title, subtitle, schools);

  const model = modelOf(rubric);
  const cells: HeatmapCell[] = [];
  for (const school of input.schools) {
    for (const group of rubric.groups) {
      for (const area of group.areas) {
        const scale = scaleOf(model, area.scale);
        const level = school.evaluation?.areas[area.id]?.level ?? null;
        const fill = levelColour(scale, level);
        const known = level !== null && fill !== NO_LEVEL;
        cells.push({
          school: school.name, group: group.name, column: area.name,
          label: known ? levelCodes(scale).get(level)! : '',
          meaning: known ? scale.levels.find((l) => l.id === level)!.name : school.evaluation ? 'not rated' : 'no review',
          fill, text: textColourOn(fill),
        });
      }
    }
  }
  const legend: HeatmapModel['legend'] = [];
  const usedScales = [...new Set(rubric.groups.flatMap((g) => g.areas.map((a) => a.scale)))].map((id) => scaleOf(model, id));
  for (const scale of usedScales) {
    const codes = levelCodes(scale);
    const colours = levelColours(scale.levels.length);
    // Best first, as people read a legend.
    scale.levels.forEach((l, i) => legend.unshift({ label: `${codes.get(l.id)}  ${l.name}`, fill: colours[i]! }));
  }
  legend.push({ label: '     not rated, or no review', fill: NO_LEVEL });
  const categories = rubric.categories.length
    ? input.schools.map((s) => {
        const rank = s.category ? rubric.categories.findIndex((c) => c.id === s.category!.id) : -1;
        const fill = rank < 0 ? NO_LEVEL : levelColours(rubric.categories.length)[rank]!;
        return { school: s.name, group: 'Category', column: 'Category', label: s.category?.name ?? '—', meaning: s.category?.name ?? 'not decided', fill, text: textColourOn(fill) };
      })
    : null;
  return {
    title, subtitle, kind: 'levels', schools,
    groups: rubric.groups.map((g) => ({ name: g.name, columns: g.areas.map((a) => a.name) })),
    cells, categories, legend,
  };
}

function shareModel(input: HeatmapInput, title: string, subtitle: string, schools: string[]): HeatmapModel {
  const { rubric } = input;
  const level = rubric.groups[0]!.reportShareAt!;
  const levelName = rubric.scales.flatMap((s) => s.levels).find((l) => l.id === level)?.name ?? level;
  const heading = `Share of success statements rated ${levelName}`;
  const cells: HeatmapCell[] = [];
  for (const school of input.schools) {
    for (const group of rubric.groups) {
      const share = school.evaluation?.groups[group.id]?.share ?? null;
      const fill = share ? shareColour(share.value) : NO_LEVEL;
      const percent = share ? `${Math.round(share.value * 100)}%` : '';
      cells.push({ school: school.name, group: heading, column: group.name, label: percent, meaning: share ? `${percent} fully met` : 'no review', fill, text: textColourOn(fill) });
    }
  }
  return {
    title, subtitle, kind: 'shares', schools,
    groups: [{ name: heading, columns: rubric.groups.map((g) => g.name) }],
    cells, categories: null,
    legend: [0, 0.25, 0.5, 0.75, 1].reverse().map((v) => ({ label: `${v * 100}% rated ${levelName}`, fill: shareColour(v) })),
  };
}

const CELL = 30;
const ROW = 26;

/** A grid of cells with their labels: one per group, and the category column. */
function grid(name: string, cells: HeatmapCell[], columns: string[], schools: string[], opts: { step: number; yAxis: boolean; xAxis: boolean; bold?: boolean }) {
  return {
    name,
    title: { text: name === 'category' ? 'Category' : cells[0]?.group ?? '', fontSize: 11, anchor: 'start' as const, limit: Math.max(opts.step * columns.length + 24, 60) },
    data: { values: cells },
    width: { step: opts.step },
    height: { step: ROW },
    encoding: {
      x: { field: 'column', type: 'nominal' as const, sort: columns, scale: { domain: columns }, axis: opts.xAxis ? { title: null, labelAngle: -90, labelLimit: 200, ticks: false, domain: false } : null },
      y: { field: 'school', type: 'nominal' as const, sort: schools, scale: { domain: schools }, axis: opts.yAxis ? { title: null, labelLimit: 280, ticks: false, domain: false, labelFontSize: 12 } : null },
    },
    layer: [
      { mark: { type: 'rect' as const, stroke: '#ffffff', strokeWidth: 1 }, encoding: { fill: { field: 'fill', type: 'nominal' as const, scale: null }, tooltip: { field: 'meaning' } } },
      { mark: { type: 'text' as const, fontSize: 11, fontWeight: opts.bold ? ('bold' as const) : ('normal' as const) }, encoding: { text: { field: 'label' }, fill: { field: 'text', type: 'nominal' as const, scale: null } } },
    ],
  };
}

/** About how wide a group's title is in bold 11px DejaVu Sans, whose bold letters average about 0.77 em. */
const titleWidth = (text: string) => Math.ceil(text.length * 8.5);
/** Cells widen (to this at most) so that a narrow group's title fits above it. */
const MAX_CELL = 110;

export function heatmapSpec(model: HeatmapModel): TopLevelSpec {
  const columns = model.groups.map((g, i) => grid(g.name, model.cells.filter((c) => c.group === g.name), g.columns, model.schools, {
    step: model.kind === 'shares' ? 56 : Math.min(MAX_CELL, Math.max(CELL, Math.ceil(titleWidth(g.name) / g.columns.length))), yAxis: i === 0, xAxis: true,
  }));
  const category = model.categories ? [grid('category', model.categories, ['Category'], model.schools, { step: 120, yAxis: false, xAxis: false, bold: true })] : [];
  const legend = {
    title: { text: model.kind === 'shares' ? 'Share' : 'Levels', fontSize: 12, anchor: 'start' as const },
    data: { values: model.legend },
    height: { step: 18 },
    width: 260,
    encoding: { y: { field: 'label', type: 'nominal' as const, sort: null, axis: null } },
    layer: [
      { mark: { type: 'rect' as const, stroke: '#999999', strokeWidth: 0.5 }, encoding: { x: { value: 0 }, x2: { value: 14 }, fill: { field: 'fill', type: 'nominal' as const, scale: null } } },
      { mark: { type: 'text' as const, align: 'left' as const, fontSize: 11, dx: 0 }, encoding: { x: { value: 20 }, text: { field: 'label' } } },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: model.title, subtitle: model.subtitle, anchor: 'start', fontSize: 16, subtitleFontSize: 12 },
    background: '#ffffff',
    padding: 12,
    config: CHART_CONFIG,
    vconcat: [{ hconcat: [...columns, ...category], spacing: 8 }, legend],
    spacing: 16,
  } as TopLevelSpec;
}
