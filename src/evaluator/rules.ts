/**
 * Category rules: ordered, first match wins, fallback last (DOMAIN.md decision 4).
 * Conditions are read with three values (true, false, unknown) so an incomplete submission
 * never gets a guessed category: a rule fires only when every rule before it is known not to.
 */
import { rankOf, scaleOf, scopeAreas, type RubricModel } from '../rubric/model.js';
import type { BestFit, Condition, LevelTest, NumberTest, Scale } from '../rubric/schema.js';
import type { Answers, AreaResult, IndicatorResult, ProposedCategory, Provenance, RecommendationResult } from './types.js';
import { formatFigure } from './format.js';

type Truth = true | false | 'unknown';

interface Outcome {
  value: Truth;
  /** Plain-words facts behind the value. */
  facts: string[];
  /** Answers still needed to settle an unknown. */
  waitingOn: string[];
}

export interface Facts {
  model: RubricModel;
  areas: Record<string, AreaResult>;
  indicators: Record<string, IndicatorResult>;
  answers: Answers;
  previous: string | null;
  /** The school's context answers. */
  context: Record<string, string>;
  /** YYYY-MM-DD, or null when the caller gave none (a "within N months" test then waits). */
  reviewDate: string | null;
}

/** The provenance of a rule, recommendation or fallback, with the line shown to people. */
export function provenanceOf(p: { source?: string | undefined; trust?: string | undefined }): Provenance {
  const source = p.source ?? null;
  const trust = p.trust ?? null;
  if (trust !== null) {
    const on = source ? ` (its reading of the framework's words "${source.replace(/\.$/, '')}")` : '';
    return { kind: 'trust', source, trust, line: `This is the trust's own choice, not the framework's rule: ${trust.replace(/\.$/, '')}${on}.` };
  }
  return { kind: 'source', source, trust, line: `This rests on the framework's own words: "${source ?? ''}"` };
}

/**
 * Rules run in order; the first that holds proposes its category. A rule that cannot be
 * settled yet blocks only when it could change the outcome: when the first rule known to
 * hold (or the fallback) proposes the same category as every unsettled rule before it, the
 * proposal stands (DOMAIN.md decision 4: an unanswered question blocks only when the rules
 * cannot be decided without it).
 */
export function proposeCategory(facts: Facts): { category: ProposedCategory | null; undetermined: { reason: string; waitingOn: string[] } | null } {
  const { model } = facts;
  const { rubric } = model;
  if (rubric.categories.length === 0 || !rubric.fallback) return { category: null, undetermined: null };
  const categoryName = (id: string) => model.categories.get(id)?.name ?? id;
  const pending: { id: string; category: string; waitingOn: string[] }[] = [];
  const rules = rubric.rules.filter((r) => r.enabled);

  const settle = (category: ProposedCategory | null, waitingOn: string[] = []) => {
    const blocking = pending.filter((p) => category === null || p.category !== category.id);
    if (blocking.length === 0 && category) return { category, undetermined: null };
    const first = blocking[0] ?? pending[0];
    const names = first ? `Rule "${first.id}" (${categoryName(first.category)}) may apply` : 'The best fit cannot be settled';
    return {
      category: null,
      undetermined: {
        reason: `${names}; it cannot be settled until these are answered.`,
        waitingOn: dedupe([...blocking.flatMap((p) => p.waitingOn), ...waitingOn]),
      },
    };
  };

  for (const rule of rules) {
    const outcome = test(rule.when, facts);
    if (outcome.value === 'unknown') {
      pending.push({ id: rule.id, category: rule.category, waitingOn: outcome.waitingOn });
      continue;
    }
    if (outcome.value) {
      return settle({
        id: rule.category, name: categoryName(rule.category), rule: rule.id, reason: rule.reason,
        facts: dedupe(outcome.facts), provenance: provenanceOf(rule),
      });
    }
  }
  const fallback = rubric.fallback;
  if (fallback.bestFit) {
    const fit = bestFit(fallback.bestFit, facts);
    if (fit.category === null) return settle(null, fit.waitingOn);
    return settle({
      id: fit.category, name: categoryName(fit.category), rule: fallback.id, reason: fallback.reason,
      facts: fit.facts, provenance: provenanceOf(fallback),
    });
  }
  const earlier = rules.length - pending.length;
  return settle({
    id: fallback.category!,
    name: categoryName(fallback.category!),
    rule: fallback.id,
    reason: fallback.reason,
    facts: [`None of the ${earlier} earlier rules applies.`],
    provenance: provenanceOf(fallback),
  });
}

/**
 * The median level of the rated areas in scope, not-applicable areas left out; with an even
 * count the lower (worse) of the two middle levels. Unrated areas are tried at the worst and
 * the best level: when both give the same fit, it does not wait on them.
 */
function bestFit(spec: BestFit, f: Facts): { category: string | null; facts: string[]; waitingOn: string[] } {
  const scoped = scopeAreas(f.model, spec).filter((a) => f.areas[a.id]!.source !== 'not_applicable');
  if (scoped.length === 0) return { category: null, facts: [], waitingOn: ['at least one area that applies to the school'] };
  const scale = scaleOf(f.model, scoped[0]!.scale);
  const counted = (areaId: string, level: string) => spec.countAs.find((c) => c.area === areaId && c.level === level)?.as ?? level;
  const known = scoped.filter((a) => f.areas[a.id]!.level).map((a) => rankOf(scale, counted(a.id, f.areas[a.id]!.level!)));
  const unknown = scoped.filter((a) => !f.areas[a.id]!.level);
  const median = (ranks: number[]) => [...ranks].sort((x, y) => x - y)[Math.floor((ranks.length - 1) / 2)]!;
  const low = median([...known, ...unknown.map(() => 0)]);
  const high = median([...known, ...unknown.map(() => scale.levels.length - 1)]);
  if (low !== high) return { category: null, facts: [], waitingOn: unknown.map((a) => `${a.name} (rating)`) };
  const level = scale.levels[low]!;
  const tally = scale.levels
    .map((l) => ({ l, n: scoped.filter((a) => f.areas[a.id]!.level && counted(a.id, f.areas[a.id]!.level!) === l.id).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${x.l.name}`)
    .join(', ');
  const recounted = spec.countAs
    .filter((c) => f.areas[c.area]?.level === c.level)
    .map((c) => `${f.areas[c.area]!.name} ${levelName(scale, c.level)} is counted as ${levelName(scale, c.as)} for the fit.`);
  const left = Object.values(f.areas).filter((a) => a.source === 'not_applicable' && scoped.every((s) => s.id !== a.id));
  return {
    category: spec.categories[level.id] ?? null,
    facts: [
      `The best fit of the ${known.length} rated area${known.length === 1 ? '' : 's'} is ${level.name} (the middle level of ${tally}).`,
      ...recounted,
      ...(left.length ? [`Not applicable, left out: ${left.map((a) => a.name).join(', ')}.`] : []),
    ],
    waitingOn: [],
  };
}

/** The rubric's recommendations whose condition holds (an unsettled one is left out until it is). */
export function recommend(f: Facts): RecommendationResult[] {
  return f.model.rubric.recommendations.flatMap((r) => {
    const outcome = test(r.when, f);
    return outcome.value === true
      ? [{ id: r.id, strand: r.strand, items: r.items, facts: dedupe(outcome.facts), provenance: provenanceOf(r) }]
      : [];
  });
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
  if ('of' in c) {
    const parts = c.of.map((x) => test(x, f));
    const yes = parts.filter((p) => p.value === true).length;
    const maybe = parts.filter((p) => p.value === 'unknown').length;
    const value: Truth = yes >= c.atLeast ? true : yes + maybe < c.atLeast ? false : 'unknown';
    return {
      value,
      facts: [`${yes} of ${parts.length} hold (at least ${c.atLeast} needed).`, ...parts.filter((p) => p.value === true).flatMap((p) => p.facts)],
      waitingOn: value === 'unknown' ? parts.flatMap((p) => p.waitingOn) : [],
    };
  }
  if ('context' in c) return contextTest(c, f);
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
  return area.source === 'self_rated' ? 'self-rated' : area.source === 'agreed' ? 'agreed at moderation' : 'from its evidence';
}

function contextTest(c: { context: string; is: string[] } | { context: string; withinMonths: number }, f: Facts): Outcome {
  const question = f.model.rubric.context.find((q) => q.id === c.context)!;
  const answer = f.context[c.context];
  if (answer === undefined) return { value: 'unknown', facts: [], waitingOn: [`${question.name} (school context)`] };
  if ('is' in c) {
    const name = question.kind === 'choice' ? question.options.find((o) => o.id === answer)?.name ?? answer : answer;
    return { value: c.is.includes(answer), facts: [`${question.name}: ${name}.`], waitingOn: [] };
  }
  if (f.reviewDate === null) return { value: 'unknown', facts: [], waitingOn: ['the review date'] };
  const months = monthsBetween(answer, f.reviewDate);
  return {
    value: months < c.withinMonths,
    facts: [months < 0 ? `${question.name}: ${answer}, after the review date.` : `${question.name}: ${answer}, ${months} full month${months === 1 ? '' : 's'} before the review.`],
    waitingOn: [],
  };
}

/** Whole months from one date to a later one (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return to < from ? Math.min(months, -1) : months;
}

function areaTest(areaId: string, t: LevelTest, f: Facts): Outcome {
  const result = f.areas[areaId]!;
  const scale = scaleOf(f.model, f.model.areas.get(areaId)!.area.scale);
  if (result.source === 'not_applicable') return { value: false, facts: [`${result.name} does not apply to this school.`], waitingOn: [] };
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
  // Areas that do not apply to the school are left out of every count and share.
  const results = scoped.map((a) => f.areas[a.id]!).filter((r) => r.source !== 'not_applicable');
  const matching = results.filter((r) => r.level && satisfies(scale, r.level, spec.level));
  const unknown = results.filter((r) => !r.level);
  const total = results.length;
  const [known, most] = kind === 'count' ? [matching.length, matching.length + unknown.length] : total === 0 ? [0, 0] : [matching.length / total, (matching.length + unknown.length) / total];
  const lowOk = spec.atLeast === undefined ? true : known >= spec.atLeast ? true : most < spec.atLeast ? false : 'unknown';
  const highOk = spec.atMost === undefined ? true : most <= spec.atMost ? true : known > spec.atMost ? false : 'unknown';
  const value: Truth = lowOk === false || highOk === false ? false : lowOk === true && highOk === true ? true : 'unknown';
  const what = describeTest(scale, spec.level);
  const amount = kind === 'count' ? `${matching.length} of ${total}` : `${total ? Math.round((matching.length / total) * 100) : 0}% (${matching.length} of ${total})`;
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
