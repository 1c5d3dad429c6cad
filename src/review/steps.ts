/**
 * The questionnaire's steps, as pure functions of the rubric and the answers: which areas
 * and figures a person answers, a few at a time, and how a step's card values become answers.
 */
import { parseFigure, parseNote, parseRating, parseStatement, type AnswerIssue } from '../evaluator/answers.js';
import { formatFigure } from '../evaluator/format.js';
import type { Answers, TransitionCounts } from '../evaluator/types.js';
import { modelOf } from '../rubric/model.js';
import type { Area, Rubric } from '../rubric/schema.js';
import type { Actor } from './actor.js';
import type { QuestionItem } from './views.js';

export const AREAS_PER_STEP = 3;
export const FIGURES_PER_STEP = 6;

export interface Step {
  title: string;
  areaIds: string[];
  indicatorIds: string[];
}

/** The areas a person rates: the head's, or those of the central roles they hold. */
export function ratesArea(actor: Actor, area: Area): boolean {
  return actor.roles.includes(area.ratedBy);
}

/**
 * The steps an actor answers. With the school's phases known, an area limited to phases the
 * school does not have (CMAT Early Years) is not asked: it does not apply.
 */
export function questionnaireSteps(rubric: Rubric, actor: Actor, phases?: string[]): Step[] {
  const steps: Step[] = [];
  const applies = (a: Rubric['groups'][number]['areas'][number]) => !a.phases || phases === undefined || a.phases.some((p) => phases.includes(p));
  for (const group of rubric.groups) {
    const areas = group.areas.filter((a) => ratesArea(actor, a) && applies(a)).map((a) => a.id);
    const chunks = chunk(areas, AREAS_PER_STEP);
    chunks.forEach((ids, i) => steps.push({ title: chunks.length > 1 ? `${group.name} (${i + 1} of ${chunks.length})` : group.name, areaIds: ids, indicatorIds: [] }));
  }
  const model = modelOf(rubric);
  const mine = rubric.indicators.filter((i) => {
    const owners = model.areasOfIndicator.get(i.id);
    return owners ? owners.some((a) => ratesArea(actor, a) && applies(a)) : actor.roles.includes('head');
  });
  const figures = chunk(mine.filter((i) => !i.transitions).map((i) => i.id), FIGURES_PER_STEP);
  figures.forEach((ids, i) => steps.push({ title: figures.length > 1 ? `Figures (${i + 1} of ${figures.length})` : 'Figures', areaIds: [], indicatorIds: ids }));
  for (const t of mine.filter((i) => i.transitions)) steps.push({ title: t.name, areaIds: [], indicatorIds: [t.id] });
  return steps;
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Card field keys. A card sends them back as they were given. */
export const keys = {
  rating: (areaId: string) => `rating.${areaId}`,
  note: (areaId: string) => `note.${areaId}`,
  statement: (id: string) => `statement.${id}`,
  figure: (id: string) => `indicator.${id}`,
  transition: (id: string, from: string, to: string) => `transition.${id}.${from}.${to}`,
};

export function isAnswered(rubric: Rubric, answers: Answers, step: Step): boolean {
  const model = modelOf(rubric);
  return step.areaIds.every((id) => answers.ratings[id] !== undefined && model.areas.get(id)!.area.statements.every((s) => answers.statements[s.id] !== undefined))
    && step.indicatorIds.every((id) => answers.indicators[id] !== undefined);
}

export function progress(rubric: Rubric, answers: Answers, steps: Step[]): string {
  const areas = steps.flatMap((s) => s.areaIds);
  const figures = steps.flatMap((s) => s.indicatorIds);
  const parts = [`${areas.filter((id) => answers.ratings[id] !== undefined).length} of ${areas.length} areas rated`];
  if (figures.length) parts.push(`${figures.filter((id) => answers.indicators[id] !== undefined).length} of ${figures.length} figures given`);
  return parts.join(' · ');
}

export function items(rubric: Rubric, answers: Answers, step: Step): QuestionItem[] {
  const model = modelOf(rubric);
  const out: QuestionItem[] = [];
  for (const id of step.areaIds) {
    const { area, group } = model.areas.get(id)!;
    const scale = model.scales.get(area.scale)!;
    out.push({
      kind: 'area',
      key: keys.rating(id),
      noteKey: keys.note(id),
      areaId: id,
      name: area.name,
      group: group.name,
      choices: [...scale.levels].reverse().map((l) => ({ value: l.id, title: area.descriptors[l.id] ? `${l.name}: ${area.descriptors[l.id]}` : l.name })),
      value: answers.ratings[id] ?? null,
      note: answers.notes[id] ?? null,
      statements: area.statements.map((s) => ({ key: keys.statement(s.id), id: s.id, text: s.text, value: answers.statements[s.id] ?? null })),
    });
  }
  for (const id of step.indicatorIds) {
    const indicator = model.indicators.get(id)!;
    const given = answers.indicators[id];
    if (indicator.transitions) {
      const counts = typeof given === 'object' ? given : undefined;
      out.push({
        kind: 'transitions',
        indicatorId: id,
        name: indicator.name,
        bands: indicator.transitions.bands.map((b) => ({ value: b.id, title: b.name })),
        cells: indicator.transitions.moves.map((m) => ({ key: keys.transition(id, m.from, m.to), from: m.from, to: m.to, label: m.label, value: counts ? counts[m.from]?.[m.to] ?? 0 : null })),
      });
    } else {
      out.push({
        kind: 'indicator',
        key: keys.figure(id),
        indicatorId: id,
        name: indicator.name,
        unit: indicator.unit,
        min: indicator.range.min ?? null,
        max: indicator.range.max ?? null,
        help: indicator.help ?? (indicator.national ? `National figure ${formatFigure(indicator.national.value, indicator.unit)} (${indicator.national.year}).` : null),
        value: typeof given === 'number' ? given : null,
      });
    }
  }
  return out;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Applies one step's card values to a copy of the answers; any refusal leaves the answers untouched. */
export function applyStep(rubric: Rubric, answers: Answers, step: Step, values: Record<string, unknown>): { answers: Answers } | { errors: Record<string, string> } {
  const next: Answers = structuredClone(answers);
  const errors: Record<string, string> = {};
  const refuse = (key: string, issues: AnswerIssue[]) => (errors[key] = issues.map((i) => i.message).join('; '));
  const model = modelOf(rubric);

  for (const id of step.areaIds) {
    const rating = values[keys.rating(id)];
    if (blank(rating)) delete next.ratings[id];
    else { const p = parseRating(rubric, id, rating); if (p.ok) next.ratings[id] = p.value; else refuse(keys.rating(id), p.issues); }
    const note = values[keys.note(id)];
    if (blank(note)) delete next.notes[id];
    else { const p = parseNote(rubric, id, note); if (p.ok) next.notes[id] = p.value; else refuse(keys.note(id), p.issues); }
    for (const s of model.areas.get(id)!.area.statements) {
      const v = values[keys.statement(s.id)];
      if (blank(v)) delete next.statements[s.id];
      else { const p = parseStatement(rubric, s.id, v); if (p.ok) next.statements[s.id] = p.value; else refuse(keys.statement(s.id), p.issues); }
    }
  }
  for (const id of step.indicatorIds) {
    const indicator = model.indicators.get(id)!;
    if (!indicator.transitions) {
      const v = values[keys.figure(id)];
      if (blank(v)) delete next.indicators[id];
      else { const p = parseFigure(rubric, id, v); if (p.ok) next.indicators[id] = p.value; else refuse(keys.figure(id), p.issues); }
      continue;
    }
    const cells = indicator.transitions.moves.map((m) => ({ m, key: keys.transition(id, m.from, m.to), v: values[keys.transition(id, m.from, m.to)] }));
    if (cells.every((c) => blank(c.v))) { delete next.indicators[id]; continue; }
    const counts: TransitionCounts = {};
    for (const c of cells) {
      const n = blank(c.v) ? 0 : Number(c.v);
      if (!Number.isInteger(n) || n < 0) { errors[c.key] = `${JSON.stringify(c.v)} is not a count of pupils (a whole number, 0 or more)`; continue; }
      (counts[c.m.from] ??= {})[c.m.to] = n;
    }
    if (Object.values(counts).flatMap((r) => Object.values(r)).every((n) => n === 0) && !errors[cells[0]!.key]) {
      errors[cells[0]!.key] = 'no pupils counted: at least one pupil is needed to weigh the moves';
    }
    next.indicators[id] = counts;
  }
  return Object.keys(errors).length ? { errors } : { answers: next };
}
