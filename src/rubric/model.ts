import type { Area, Category, Group, Indicator, Rubric, Scale, Statement } from './schema.js';

/** Look-ups over a validated rubric, built once per rubric object. */
export interface RubricModel {
  readonly rubric: Rubric;
  readonly scales: ReadonlyMap<string, Scale>;
  /** Every area in file order, with its group. */
  readonly areas: ReadonlyMap<string, { area: Area; group: Group }>;
  readonly indicators: ReadonlyMap<string, Indicator>;
  readonly statements: ReadonlyMap<string, { statement: Statement; area: Area }>;
  readonly categories: ReadonlyMap<string, Category>;
  /** Indicator id → the areas it is evidence for. */
  readonly areasOfIndicator: ReadonlyMap<string, Area[]>;
}

const cache = new WeakMap<Rubric, RubricModel>();

export function modelOf(rubric: Rubric): RubricModel {
  const cached = cache.get(rubric);
  if (cached) return cached;
  const areas = new Map<string, { area: Area; group: Group }>();
  const statements = new Map<string, { statement: Statement; area: Area }>();
  const areasOfIndicator = new Map<string, Area[]>();
  for (const group of rubric.groups) {
    for (const area of group.areas) {
      areas.set(area.id, { area, group });
      for (const statement of area.statements) statements.set(statement.id, { statement, area });
      for (const id of area.indicators) areasOfIndicator.set(id, [...(areasOfIndicator.get(id) ?? []), area]);
    }
  }
  const model: RubricModel = {
    rubric,
    scales: new Map(rubric.scales.map((s) => [s.id, s])),
    areas,
    indicators: new Map(rubric.indicators.map((i) => [i.id, i])),
    statements,
    categories: new Map(rubric.categories.map((c) => [c.id, c])),
    areasOfIndicator,
  };
  cache.set(rubric, model);
  return model;
}

/** A level's place on its scale: 0 is the worst. -1 when the level is not on the scale. */
export function rankOf(scale: Scale, levelId: string): number {
  return scale.levels.findIndex((l) => l.id === levelId);
}

export function scaleOf(model: RubricModel, scaleId: string): Scale {
  const scale = model.scales.get(scaleId);
  // Unreachable for a checked rubric; kept as an error so a bypassed check cannot go unnoticed.
  if (!scale) throw new Error(`rubric ${model.rubric.id}: unknown scale "${scaleId}"`);
  return scale;
}

/** Categories compare by their place in the rubric: index 0 needs the most support. */
export function categoryRank(rubric: Rubric, categoryId: string): number {
  return rubric.categories.findIndex((c) => c.id === categoryId);
}

/** The areas a count or share condition looks at. */
export function scopeAreas(model: RubricModel, scope: { areas?: string[]; groups?: string[] }): Area[] {
  if (!scope.areas && !scope.groups) return [...model.areas.values()].map((a) => a.area);
  const ids = new Set(scope.areas ?? []);
  const groups = new Set(scope.groups ?? []);
  return [...model.areas.values()]
    .filter(({ area, group }) => ids.has(area.id) || groups.has(group.id))
    .map((a) => a.area);
}
