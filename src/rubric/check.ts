/**
 * Checks a rubric beyond its shape: every reference resolves, every band layout can be
 * settled by DOMAIN.md decision 1, every rule can fire, every package has a category.
 */
import { bandContains, describeBand } from './bands.js';
import type { RubricIssue } from './errors.js';
import { modelOf, rankOf, scopeAreas, type RubricModel } from './model.js';
import type { Band, BestFit, Condition, Indicator, LevelTest, Rubric, Scale } from './schema.js';

export function checkRubric(rubric: Rubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const model = modelOf(rubric);

  checkUnique(rubric, add);
  const scaleIds = new Set(rubric.scales.map((s) => s.id));
  const roleIds = new Set(['head', ...rubric.roles.map((r) => r.id)]);

  rubric.scales.forEach((scale, s) => {
    duplicates(scale.levels.map((l) => l.id)).forEach((id) => add(`scales[${s}].levels`, `level "${id}" is listed twice`));
  });

  rubric.indicators.forEach((indicator, i) => {
    const at = `indicators[${i}]`;
    const scale = model.scales.get(indicator.scale);
    if (!scale) return add(`${at}.scale`, unknown('scale', indicator.scale, scaleIds));
    checkIndicator(indicator, scale, at, add);
  });

  rubric.groups.forEach((group, g) => {
    group.areas.forEach((area, a) => {
      const at = `groups[${g}].areas[${a}]`;
      const scale = model.scales.get(area.scale);
      if (!scale) return add(`${at}.scale`, unknown('scale', area.scale, scaleIds));
      const levels = new Set(scale.levels.map((l) => l.id));
      if (!roleIds.has(area.ratedBy)) add(`${at}.ratedBy`, unknown('role', area.ratedBy, roleIds));
      for (const level of Object.keys(area.descriptors)) {
        if (!levels.has(level)) add(`${at}.descriptors.${level}`, unknownLevel(scale, level));
      }
      area.indicators.forEach((id, k) => {
        const indicator = model.indicators.get(id);
        if (!indicator) add(`${at}.indicators[${k}]`, unknown('indicator', id, new Set(model.indicators.keys())));
        else if (indicator.scale !== area.scale) {
          add(`${at}.indicators[${k}]`, `indicator "${id}" is on scale "${indicator.scale}" but the area is on "${area.scale}"; an area's evidence must share its scale`);
        }
      });
      area.statements.forEach((st, k) => {
        if (!levels.has(st.levelIfNotMet)) add(`${at}.statements[${k}].levelIfNotMet`, unknownLevel(scale, st.levelIfNotMet));
      });
      const phaseIds = new Set(rubric.phases.map((p) => p.id));
      area.phases?.forEach((id, k) => { if (!phaseIds.has(id)) add(`${at}.phases[${k}]`, unknown('phase', id, phaseIds)); });
      if (levels.has('not_applicable')) add(`${at}.scale`, 'a scale may not have a level "not_applicable": that word marks an area that does not apply');
    });
    if (group.reportShareAt) {
      for (const area of group.areas) {
        const scale = model.scales.get(area.scale);
        if (scale && rankOf(scale, group.reportShareAt) < 0) {
          add(`groups[${g}].reportShareAt`, `level "${group.reportShareAt}" is not on scale "${scale.id}" of area "${area.id}"`);
        }
      }
    }
  });

  checkCategories(rubric, model, add);
  rubric.peerSupport?.supportingCategories.forEach((id, i) => {
    if (!model.categories.has(id)) add(`peerSupport.supportingCategories[${i}]`, unknown('category', id, new Set(model.categories.keys())));
  });
  return issues;
}

type Add = (path: string, message: string) => void;

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

function unknown(what: string, id: string, known: Set<string>): string {
  const list = [...known];
  return `unknown ${what} "${id}"; expected one of: ${list.length ? list.join(', ') : '(none defined)'}`;
}

function unknownLevel(scale: Scale, id: string): string {
  return `unknown level "${id}" on scale "${scale.id}"; expected one of: ${scale.levels.map((l) => l.id).join(', ')}`;
}

function checkUnique(rubric: Rubric, add: Add): void {
  const areas = rubric.groups.flatMap((g) => g.areas);
  const lists: [string, string[]][] = [
    ['scales', rubric.scales.map((s) => s.id)],
    ['roles', rubric.roles.map((r) => r.id)],
    ['indicators', rubric.indicators.map((i) => i.id)],
    ['groups', rubric.groups.map((g) => g.id)],
    ['groups[].areas', areas.map((a) => a.id)],
    ['groups[].areas[].statements', areas.flatMap((a) => a.statements.map((s) => s.id))],
    ['categories', rubric.categories.map((c) => c.id)],
    ['context', rubric.context.map((q) => q.id)],
    ['phases', rubric.phases.map((p) => p.id)],
    ['recommendations', rubric.recommendations.map((r) => r.id)],
    ['rules', [...rubric.rules.map((r) => r.id), ...(rubric.fallback ? [rubric.fallback.id] : [])]],
  ];
  for (const [path, ids] of lists) {
    for (const id of new Set(duplicates(ids))) add(path, `id "${id}" is used more than once`);
  }
}

/**
 * A band layout is settled when every allowed value falls in some band (no gap) and every
 * band wins for some value (an overlap where the better band always wins hides the worse one).
 */
function checkIndicator(indicator: Indicator, scale: Scale, at: string, add: Add): void {
  const levels = new Set(scale.levels.map((l) => l.id));
  let bandsOk = true;
  indicator.bands.forEach((band, b) => {
    if (!levels.has(band.level)) {
      add(`${at}.bands[${b}].level`, unknownLevel(scale, band.level));
      bandsOk = false;
    }
    if (band.min && band.max && (band.min.value > band.max.value || (band.min.value === band.max.value && !(band.min.inclusive && band.max.inclusive)))) {
      add(`${at}.bands[${b}]`, `the band is empty: min ${band.min.value} is not below max ${band.max.value}`);
      bandsOk = false;
    }
  });
  const { min, max } = indicator.range;
  if (min !== undefined && max !== undefined && min > max) add(`${at}.range`, `min ${min} is above max ${max}`);
  if (indicator.basis === 'difference_from_national' && !indicator.national) {
    add(`${at}.national`, 'a national figure (value and year) is required when basis is difference_from_national');
    bandsOk = false;
  }
  if (indicator.transitions) checkTransitions(indicator, at, add);
  if (!bandsOk) return;

  // Bands apply to the banded figure; for a national comparison the range shifts by the national value.
  const shift = indicator.basis === 'difference_from_national' && indicator.national ? indicator.national.value : 0;
  const lo = indicator.transitions ? transitionBounds(indicator).min : min === undefined ? undefined : min - shift;
  const hi = indicator.transitions ? transitionBounds(indicator).max : max === undefined ? undefined : max - shift;
  const points = samplePoints(indicator.bands, lo, hi);
  const rank = (band: Band) => rankOf(scale, band.level);
  const gaps = points.filter((x) => !indicator.bands.some((band) => bandContains(band, x)));
  if (gaps.length > 0) {
    add(`${at}.bands`, `no band includes ${gaps.slice(0, 3).map((x) => fmt(x + shift)).join(', ')}${indicator.unit}; every allowed value must fall in a band`);
  }
  indicator.bands.forEach((band, b) => {
    const own = points.filter((x) => bandContains(band, x));
    if (own.length === 0) return; // outside the allowed range: harmless but unreachable
    const wins = own.some((x) => !indicator.bands.some((other) => other !== band && rank(other) > rank(band) && bandContains(other, x)));
    if (!wins) {
      add(`${at}.bands[${b}]`, `band "${band.text}" (${describeBand(band, indicator.unit)}) never applies: a better band includes every value in it`);
    }
  });
}

function fmt(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

/** Values that represent every piece of the number line the bands cut it into. */
function samplePoints(bands: Band[], lo: number | undefined, hi: number | undefined): number[] {
  const edges = new Set<number>();
  for (const band of bands) {
    if (band.min) edges.add(band.min.value);
    if (band.max) edges.add(band.max.value);
  }
  if (lo !== undefined) edges.add(lo);
  if (hi !== undefined) edges.add(hi);
  const sorted = [...edges].sort((a, b) => a - b);
  const points: number[] = [...sorted];
  for (let i = 0; i + 1 < sorted.length; i++) points.push((sorted[i]! + sorted[i + 1]!) / 2);
  if (sorted.length === 0) points.push(0);
  else {
    points.push(sorted[0]! - 1);
    points.push(sorted[sorted.length - 1]! + 1);
  }
  return points.filter((x) => (lo === undefined || x >= lo) && (hi === undefined || x <= hi));
}

function transitionBounds(indicator: Indicator): { min: number; max: number } {
  const weights = indicator.transitions?.moves.map((m) => m.weight) ?? [0];
  return { min: Math.min(...weights), max: Math.max(...weights) };
}

function checkTransitions(indicator: Indicator, at: string, add: Add): void {
  const model = indicator.transitions!;
  const bands = new Set(model.bands.map((b) => b.id));
  const seen = new Set<string>();
  model.moves.forEach((move, m) => {
    for (const end of ['from', 'to'] as const) {
      if (!bands.has(move[end])) add(`${at}.transitions.moves[${m}].${end}`, unknown('attainer band', move[end], bands));
    }
    const key = `${move.from}>${move.to}`;
    if (seen.has(key)) add(`${at}.transitions.moves[${m}]`, `the move ${move.from} → ${move.to} is listed twice`);
    seen.add(key);
  });
  for (const from of bands) {
    for (const to of bands) {
      if (!seen.has(`${from}>${to}`)) add(`${at}.transitions.moves`, `the move ${from} → ${to} has no weight`);
    }
  }
}

function checkCategories(rubric: Rubric, model: RubricModel, add: Add): void {
  const categoryIds = new Set(rubric.categories.map((c) => c.id));
  if (rubric.categories.length === 0) {
    if (rubric.rules.length > 0) add('rules', 'rules need categories to propose; this rubric has none');
    if (rubric.fallback) add('fallback', 'a fallback needs categories to propose; this rubric has none');
    if (rubric.support) add('support', 'support packages need categories; this rubric has none');
    return;
  }
  if (!rubric.fallback) add('fallback', 'a fallback rule is required: it proposes a category when no rule matches');
  else {
    const fallback = rubric.fallback;
    if ((fallback.category === undefined) === (fallback.bestFit === undefined)) {
      add('fallback', 'give exactly one of category (a fixed category) or bestFit (the median level of the areas)');
    }
    if (fallback.category !== undefined && !categoryIds.has(fallback.category)) add('fallback.category', unknown('category', fallback.category, categoryIds));
    if (fallback.bestFit) checkBestFit(fallback.bestFit, model, categoryIds, add);
    checkProvenance(fallback, 'fallback', add);
  }

  const seenConditions = new Map<string, string>();
  rubric.rules.forEach((rule, r) => {
    const at = `rules[${r}]`;
    if (!categoryIds.has(rule.category)) add(`${at}.category`, unknown('category', rule.category, categoryIds));
    checkCondition(rule.when, `${at}.when`, model, add);
    checkProvenance(rule, at, add);
    const key = JSON.stringify(rule.when);
    const earlier = seenConditions.get(key);
    if (earlier) add(`${at}.when`, `rule "${rule.id}" can never fire: rule "${earlier}" has the same condition and comes first`);
    else seenConditions.set(key, rule.id);
  });

  rubric.recommendations.forEach((r, i) => {
    checkCondition(r.when, `recommendations[${i}].when`, model, add);
    checkProvenance(r, `recommendations[${i}]`, add);
  });

  if (rubric.support) checkSupport(rubric, categoryIds, add);
}

/** Every rule says where it comes from: the seed's words (`source`) or the trust's choice (`trust`). */
function checkProvenance(rule: { id: string; source?: string | undefined; trust?: string | undefined }, at: string, add: Add): void {
  if (rule.source === undefined && rule.trust === undefined) {
    add(at, `"${rule.id}" says neither source (the framework's words it rests on) nor trust (the trust's own choice); give one`);
  }
}

function checkBestFit(spec: BestFit, model: RubricModel, categoryIds: Set<string>, add: Add): void {
  const at = 'fallback.bestFit';
  const areaIds = new Set(model.areas.keys());
  const groupIds = new Set(model.rubric.groups.map((g) => g.id));
  spec.areas?.forEach((id, i) => { if (!areaIds.has(id)) add(`${at}.areas[${i}]`, unknown('area', id, areaIds)); });
  spec.groups?.forEach((id, i) => { if (!groupIds.has(id)) add(`${at}.groups[${i}]`, unknown('group', id, groupIds)); });
  const scales = [...new Set(scopeAreas(model, spec).map((a) => a.scale))].flatMap((id) => model.scales.get(id) ?? []);
  if (scales.length !== 1) return add(at, `the areas weighed must share one scale; they are on ${scales.map((s) => s.id).join(', ') || 'none'}`);
  const scale = scales[0]!;
  for (const level of scale.levels) {
    if (!(level.id in spec.categories)) add(`${at}.categories`, `level "${level.id}" has no category: every level of scale "${scale.id}" must propose one`);
  }
  for (const [level, category] of Object.entries(spec.categories)) {
    if (rankOf(scale, level) < 0) add(`${at}.categories.${level}`, unknownLevel(scale, level));
    if (!categoryIds.has(category)) add(`${at}.categories.${level}`, unknown('category', category, categoryIds));
  }
  spec.countAs.forEach((c, i) => {
    if (!areaIds.has(c.area)) add(`${at}.countAs[${i}].area`, unknown('area', c.area, areaIds));
    for (const level of [c.level, c.as]) if (rankOf(scale, level) < 0) add(`${at}.countAs[${i}]`, unknownLevel(scale, level));
  });
}

function checkLevelTest(test: LevelTest, scales: Scale[], at: string, add: Add): void {
  const ids = 'is' in test ? [test.is].flat() : 'atMost' in test ? [test.atMost] : [test.atLeast];
  for (const scale of scales) {
    for (const id of ids) {
      if (rankOf(scale, id) < 0) add(at, unknownLevel(scale, id));
    }
  }
}

function checkCondition(c: Condition, at: string, model: RubricModel, add: Add): void {
  const areaIds = new Set(model.areas.keys());
  if ('all' in c) return c.all.forEach((x, i) => checkCondition(x, `${at}.all[${i}]`, model, add));
  if ('any' in c) return c.any.forEach((x, i) => checkCondition(x, `${at}.any[${i}]`, model, add));
  if ('not' in c) return checkCondition(c.not, `${at}.not`, model, add);
  if ('of' in c) {
    if (c.atLeast > c.of.length) add(`${at}.atLeast`, `can never hold: it asks for ${c.atLeast} of ${c.of.length} conditions`);
    return c.of.forEach((x, i) => checkCondition(x, `${at}.of[${i}]`, model, add));
  }
  if ('context' in c) {
    const question = model.rubric.context.find((q) => q.id === c.context);
    if (!question) return add(`${at}.context`, unknown('context question', c.context, new Set(model.rubric.context.map((q) => q.id))));
    if ('is' in c) {
      if (question.kind !== 'choice') return add(`${at}.is`, `context "${c.context}" is a date; test it with withinMonths`);
      const options = new Set(question.options.map((o) => o.id));
      c.is.forEach((id, i) => { if (!options.has(id)) add(`${at}.is[${i}]`, unknown(`option of "${c.context}"`, id, options)); });
    } else if (question.kind !== 'date') add(`${at}.withinMonths`, `context "${c.context}" is a choice; test it with is`);
    return;
  }
  if ('area' in c) {
    const entry = model.areas.get(c.area);
    if (!entry) return add(`${at}.area`, unknown('area', c.area, areaIds));
    const scale = model.scales.get(entry.area.scale);
    if (scale) checkLevelTest(c.level, [scale], `${at}.level`, add);
    return;
  }
  if ('count' in c || 'share' in c) {
    const kind = 'count' in c ? 'count' : 'share';
    const spec = 'count' in c ? c.count : c.share;
    const groupIds = new Set(model.rubric.groups.map((g) => g.id));
    spec.areas?.forEach((id, i) => { if (!areaIds.has(id)) add(`${at}.${kind}.areas[${i}]`, unknown('area', id, areaIds)); });
    spec.groups?.forEach((id, i) => { if (!groupIds.has(id)) add(`${at}.${kind}.groups[${i}]`, unknown('group', id, groupIds)); });
    const areas = scopeAreas(model, spec);
    const scales = [...new Set(areas.map((a) => a.scale))].flatMap((id) => model.scales.get(id) ?? []);
    if (scales.length > 1) {
      add(`${at}.${kind}`, `the areas counted are on different scales (${scales.map((s) => s.id).join(', ')}); name areas or groups that share one scale`);
    } else checkLevelTest(spec.level, scales, `${at}.${kind}.level`, add);
    if (spec.atLeast === undefined && spec.atMost === undefined) add(`${at}.${kind}`, 'give atLeast, atMost or both');
    if (spec.atLeast !== undefined && spec.atMost !== undefined && spec.atLeast > spec.atMost) {
      add(`${at}.${kind}`, `can never hold: atLeast ${spec.atLeast} is above atMost ${spec.atMost}`);
    }
    if (kind === 'count' && spec.atLeast !== undefined && spec.atLeast > areas.length) {
      add(`${at}.count.atLeast`, `can never hold: it asks for ${spec.atLeast} areas but only ${areas.length} are counted`);
    }
    return;
  }
  if ('indicator' in c) {
    const indicator = model.indicators.get(c.indicator);
    if (!indicator) return add(`${at}.indicator`, unknown('indicator', c.indicator, new Set(model.indicators.keys())));
    const scale = model.scales.get(indicator.scale);
    if (c.level && scale) checkLevelTest(c.level, [scale], `${at}.level`, add);
    return;
  }
  if ('statement' in c) {
    if (!model.statements.has(c.statement)) add(`${at}.statement`, unknown('statement', c.statement, new Set(model.statements.keys())));
    return;
  }
  const categoryIds = new Set(model.categories.keys());
  c.previous.is.forEach((id, i) => { if (!categoryIds.has(id)) add(`${at}.previous.is[${i}]`, unknown('category', id, categoryIds)); });
}

function checkSupport(rubric: Rubric, categoryIds: Set<string>, add: Add): void {
  const support = rubric.support!;
  const strands = new Set(support.strands.map((s) => s.id));
  const packaged = new Map<string, string[]>();
  support.packages.forEach((pkg, p) => {
    const at = `support.packages[${p}]`;
    if (!categoryIds.has(pkg.category)) add(`${at}.category`, `support package refers to ${unknown('category', pkg.category, categoryIds)}`);
    if (packaged.has(pkg.category)) add(`${at}.category`, `category "${pkg.category}" already has a support package`);
    packaged.set(pkg.category, pkg.includes);
    duplicates(pkg.activities.map((a) => a.id)).forEach((id) => add(`${at}.activities`, `activity "${id}" is listed twice`));
    pkg.activities.forEach((activity, a) => {
      if (!strands.has(activity.strand)) add(`${at}.activities[${a}].strand`, unknown('strand', activity.strand, strands));
    });
  });
  support.packages.forEach((pkg, p) => {
    pkg.includes.forEach((id, i) => {
      if (!packaged.has(id)) add(`support.packages[${p}].includes[${i}]`, `category "${id}" has no support package to include`);
    });
    if (reaches(pkg.category, pkg.category, packaged, new Set())) {
      add(`support.packages[${p}].includes`, `category "${pkg.category}" includes itself through its includes`);
    }
  });
}

function reaches(target: string, from: string, graph: Map<string, string[]>, seen: Set<string>): boolean {
  for (const next of graph.get(from) ?? []) {
    if (next === target) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    if (reaches(target, next, graph, seen)) return true;
  }
  return false;
}
