/**
 * Category rules: ordered, first match wins, fallback last (DOMAIN.md decision 4).
 * Conditions are read with three values (true, false, unknown) so an incomplete submission
 * never gets a guessed category: a rule fires only when every rule before it is known not to.
 */
import { rankOf, scaleOf, scopeAreas, type RubricModel } from '../rubric/model.js';
import type { Condition, LevelTest, NumberTest, Scale } from '../rubric/schema.js';
import type { Answers, AreaResult, IndicatorResult, ProposedCategory } from './types.js';
import { formatFigure } from './format.js';

type Truth = true | false | 'unknown';

interface Outcome {
  value: Truth;
  /** Plain-words facts behind the value. */
  facts: string[];
  /** Answers still needed to settle an unknown. */
  waitingOn: string[];
}

interface Facts {
  model: RubricModel;
  areas: Record<string, AreaResult>;
  indicators: Record<string, IndicatorResult>;
  answers: Answers;
  previous: string | null;
}

export function proposeCategory(
  model: RubricModel,
  areas: Record<string, AreaResult>,
  indicators: Record<string, IndicatorResult>,
  answers: Answers,
  previous: string | null,
): { category: ProposedCategory | null; undetermined: { reason: string; waitingOn: string[] } | null } {
  const { rubric } = model;
  if (rubric.categories.length === 0 || !rubric.fallback) return { category: null, undetermined: null };
  const facts: Facts = { model, areas, indicators, answers, previous };
  const categoryName = (id: string) => model.categories.get(id)?.name ?? id;

  for (const rule of rubric.rules) {
    const outcome = test(rule.when, facts);
    if (outcome.value === 'unknown') {
      return {
        category: null,
        undetermined: {
          reason: `Rule "${rule.id}" (${categoryName(rule.category)}) may apply; it cannot be settled until these are answered.`,
          waitingOn: [...new Set(outcome.waitingOn)],
        },
      };
    }
    if (outcome.value) {
      return {
        category: { id: rule.category, name: categoryName(rule.category), rule: rule.id, reason: rule.reason, facts: dedupe(outcome.facts) },
        undetermined: null,
      };
    }
  }
  const fallback = rubric.fallback;
  return {
    category: {
      id: fallback.category,
      name: categoryName(fallback.category),
      rule: fallback.id,
      reason: fallback.reason,
      facts: [`None of the ${rubric.rules.length} earlier rules applies.`],
    },
    undetermined: null,
  };
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

function test(c: Condition, f: Facts): Outcome {
  if ('all' in c) {
    const parts = c.all.map((x) => test(x, f));
    const value: Truth = parts.some((p) => p.value === false) ? false : parts.every((p) => p.value === true) ? true : 'unknown';
    return {
      value,
      facts: parts.filter((p) => p.value === value).flatMap((p) => p.facts),
      waitingOn: value === 'unknown' ? parts.flatMap((p) => p.waitingOn) : [],
    };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => test(x, f));
    const value: Truth = parts.some((p) => p.value === true) ? true : parts.every((p) => p.value === false) ? false : 'unknown';
    return {
      value,
      facts: parts.filter((p) => p.value === value).flatMap((p) => p.facts),
      waitingOn: value === 'unknown' ? parts.flatMap((p) => p.waitingOn) : [],
    };
  }
  if ('not' in c) {
    const inner = test(c.not, f);
    return { ...inner, value: inner.value === 'unknown' ? 'unknown' : !inner.value };
  }
  if ('area' in c) return areaTest(c.area, c.level, f);
  if ('count' in c) return countTest(c.count, 'count', f);
  if ('share' in c) return countTest(c.share, 'share', f);
  if ('indicator' in c) return indicatorTest(c, f);
  if ('statement' in c) {
    const entry = f.model.statements.get(c.statement)!;
    const met = f.answers.statements[c.statement];
    if (met === undefined) return { value: 'unknown', facts: [], waitingOn: [`"${entry.statement.text}" (met or not)`] };
    return { value: met === c.met, facts: [`"${entry.statement.text}" is ${met ? 'met' : 'not met'}.`], waitingOn: [] };
  }
  const previous = f.previous;
  const name = previous ? f.model.categories.get(previous)?.name ?? previous : null;
  return {
    value: previous !== null && c.previous.is.includes(previous),
    facts: [name ? `The current category is ${name}.` : 'The school has no category yet.'],
    waitingOn: [],
  };
}

export function satisfies(scale: Scale, level: string, t: LevelTest): boolean {
  const rank = rankOf(scale, level);
  if ('is' in t) return [t.is].flat().includes(level);
  if ('atMost' in t) return rank <= rankOf(scale, t.atMost);
  return rank >= rankOf(scale, t.atLeast);
}

export function describeTest(scale: Scale, t: LevelTest): string {
  const name = (id: string) => scale.levels.find((l) => l.id === id)?.name ?? id;
  if ('is' in t) return [t.is].flat().map(name).join(' or ');
  if ('atMost' in t) return rankOf(scale, t.atMost) === 0 ? name(t.atMost) : `${name(t.atMost)} or worse`;
  return rankOf(scale, t.atLeast) === scale.levels.length - 1 ? name(t.atLeast) : `${name(t.atLeast)} or better`;
}

function levelName(scale: Scale, id: string): string {
  return scale.levels.find((l) => l.id === id)?.name ?? id;
}

function sourceWords(area: AreaResult): string {
  return area.source === 'self_rated' ? 'rated' : 'from its evidence';
}

function areaTest(areaId: string, t: LevelTest, f: Facts): Outcome {
  const result = f.areas[areaId]!;
  const scale = scaleOf(f.model, f.model.areas.get(areaId)!.area.scale);
  if (!result.level) return { value: 'unknown', facts: [], waitingOn: [`${result.name} (rating)`] };
  return {
    value: satisfies(scale, result.level, t),
    facts: [`${result.name} is ${levelName(scale, result.level)} (${sourceWords(result)}).`],
    waitingOn: [],
  };
}

function countTest(
  spec: { areas?: string[]; groups?: string[]; level: LevelTest; atLeast?: number; atMost?: number },
  kind: 'count' | 'share',
  f: Facts,
): Outcome {
  const scoped = scopeAreas(f.model, spec);
  const scale = scaleOf(f.model, scoped[0]!.scale);
  const results = scoped.map((a) => f.areas[a.id]!);
  const matching = results.filter((r) => r.level && satisfies(scale, r.level, spec.level));
  const unknown = results.filter((r) => !r.level);
  const total = results.length;
  const [known, most] = kind === 'count' ? [matching.length, matching.length + unknown.length] : [matching.length / total, (matching.length + unknown.length) / total];
  const lowOk = spec.atLeast === undefined ? true : known >= spec.atLeast ? true : most < spec.atLeast ? false : 'unknown';
  const highOk = spec.atMost === undefined ? true : most <= spec.atMost ? true : known > spec.atMost ? false : 'unknown';
  const value: Truth = lowOk === false || highOk === false ? false : lowOk === true && highOk === true ? true : 'unknown';
  const what = describeTest(scale, spec.level);
  const amount = kind === 'count' ? `${matching.length} of ${total}` : `${Math.round((matching.length / total) * 100)}% (${matching.length} of ${total})`;
  const names = matching.map((r) => r.name).join(', ');
  return {
    value,
    facts: [`${amount} areas ${matching.length === 1 && kind === 'count' ? 'is' : 'are'} ${what}${names ? `: ${names}` : ''}.`],
    waitingOn: value === 'unknown' ? unknown.map((r) => `${r.name} (rating)`) : [],
  };
}

function indicatorTest(c: { indicator: string; level?: LevelTest; value?: NumberTest }, f: Facts): Outcome {
  const result = f.indicators[c.indicator]!;
  if (result.value === null || (c.level && !result.level)) {
    return { value: 'unknown', facts: [], waitingOn: [`${result.name} (figure)`] };
  }
  const shown = `${result.name} is ${formatFigure(result.value, result.unit)}`;
  if (c.level) {
    const scale = scaleOf(f.model, f.model.indicators.get(c.indicator)!.scale);
    return { value: satisfies(scale, result.level!, c.level), facts: [`${shown} (${levelName(scale, result.level!)}).`], waitingOn: [] };
  }
  const v = result.value;
  const t = c.value!;
  const ok = (t.lt === undefined || v < t.lt) && (t.lte === undefined || v <= t.lte) && (t.gt === undefined || v > t.gt) && (t.gte === undefined || v >= t.gte);
  return { value: ok, facts: [`${shown}.`], waitingOn: [] };
}
