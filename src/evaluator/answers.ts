/**
 * Checks answers against a rubric before anything is saved or evaluated. Every refusal
 * names the field, the value given and what is allowed; a refused answer changes nothing.
 */
import { inRange } from '../rubric/bands.js';
import { modelOf } from '../rubric/model.js';
import type { Indicator, Rubric } from '../rubric/schema.js';
import { formatFigure } from './format.js';
import { NOT_APPLICABLE, type Answers, type TransitionCounts } from './types.js';
import { nestsDeeperThan, showValue } from './nesting.js';

export interface AnswerIssue {
  /** e.g. `indicators.attendance` */
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: AnswerIssue[] };

/** A note longer than this is refused: evidence notes are a few sentences, not documents. */
export const MAX_NOTE_LENGTH = 2000;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(path: string, message: string): Parsed<T> => ({ ok: false, issues: [{ path, message }] });
const show = showValue;
/** A figure written as a decimal, as people type it: "91.4", "-3", "1e2"; never "0x10", "Infinity" or "". */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
/** The figure exactly as given, with its unit: a refusal must not round 100.0001 to "100%". */
const exactFigure = (n: number, unit: string) => (unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : String(n));

export function parseRating(rubric: Rubric, areaId: string, value: unknown): Parsed<string> {
  const model = modelOf(rubric);
  const entry = model.areas.get(areaId);
  const path = `ratings.${areaId}`;
  if (!entry) return fail(path, `there is no area "${areaId}" in the ${rubric.name} rubric`);
  const scale = model.scales.get(entry.area.scale)!;
  // Only an area the rubric limits to some phases can be marked as not applying to a school.
  const na = entry.area.phases ? [NOT_APPLICABLE] : [];
  if (typeof value !== 'string' || !(scale.levels.some((l) => l.id === value) || na.includes(value))) {
    const why = value === NOT_APPLICABLE ? ` (${entry.area.name} applies to every school)` : '';
    return fail(path, `${show(value)} is not a level of ${entry.area.name}${why}; choose one of: ${[...scale.levels.map((l) => l.id), ...na].join(', ')}`);
  }
  return ok(value);
}

/** Where the rules test the agreed level, it must be a level of the area's scale. */
export function parseAgreedLevel(rubric: Rubric, areaId: string, value: unknown): Parsed<string> {
  const model = modelOf(rubric);
  const entry = model.areas.get(areaId);
  const path = `agreed.${areaId}`;
  if (!entry) return fail(path, `there is no area "${areaId}" in the ${rubric.name} rubric; expected one of: ${[...model.areas.keys()].join(', ')}`);
  const scale = model.scales.get(entry.area.scale)!;
  if (typeof value !== 'string' || !scale.levels.some((l) => l.id === value)) {
    return fail(path, `${show(value)} is not a level of ${entry.area.name}; choose one of: ${scale.levels.map((l) => l.id).join(', ')}`);
  }
  return ok(value);
}

/** One context answer: an option of a choice question, or a real date (YYYY-MM-DD) for a date question. */
export function parseContextAnswer(rubric: Rubric, questionId: string, value: unknown): Parsed<string> {
  const path = `context.${questionId}`;
  const question = rubric.context.find((q) => q.id === questionId);
  if (!question) {
    const known = rubric.context.map((q) => q.id);
    return fail(path, `the ${rubric.name} rubric asks no context question "${questionId}"${known.length ? `; it asks: ${known.join(', ')}` : ''}`);
  }
  if (question.kind === 'choice') {
    const options = question.options.map((o) => o.id);
    if (typeof value !== 'string' || !options.includes(value)) return fail(path, `${show(value)} is not an answer to "${question.name}"; choose one of: ${options.join(', ')}`);
    return ok(value);
  }
  if (typeof value !== 'string' || !isRealDate(value)) return fail(path, `${show(value)} is not a date; "${question.name}" needs a date as YYYY-MM-DD`);
  return ok(value);
}

export function parseContext(rubric: Rubric, raw: unknown): Parsed<Record<string, string>> {
  if (raw === undefined) return ok({});
  if (!isRecord(raw)) return fail('context', `expected an object keyed by question id, got ${show(raw)}`);
  const issues: AnswerIssue[] = [];
  const context: Record<string, string> = {};
  for (const [id, v] of Object.entries(raw)) {
    const parsed = parseContextAnswer(rubric, id, v);
    if (parsed.ok) context[id] = parsed.value;
    else issues.push(...parsed.issues);
  }
  return issues.length ? { ok: false, issues } : ok(context);
}

/** A school's phases: ids from the rubric's list. */
export function parsePhases(rubric: Rubric, raw: unknown): Parsed<string[]> {
  const known = rubric.phases.map((p) => p.id);
  if (!Array.isArray(raw) || raw.some((p) => typeof p !== 'string')) return fail('phases', `expected a list of phases, e.g. ["${known[0] ?? 'primary'}"], got ${show(raw)}`);
  const bad = (raw as string[]).filter((p) => !known.includes(p));
  if (bad.length) return fail('phases', `${bad.map(show).join(', ')} ${bad.length === 1 ? 'is not a phase' : 'are not phases'} of the ${rubric.name} rubric; expected some of: ${known.join(', ') || '(it lists none)'}`);
  return ok([...new Set(raw as string[])]);
}

/** YYYY-MM-DD naming a day that exists (2026-02-30 does not). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A figure as typed: a number, or text such as "91.4" or "91.4%". */
export function parseFigure(rubric: Rubric, indicatorId: string, value: unknown): Parsed<number> {
  const indicator = modelOf(rubric).indicators.get(indicatorId);
  const path = `indicators.${indicatorId}`;
  if (!indicator) return fail(path, `there is no indicator "${indicatorId}" in the ${rubric.name} rubric`);
  if (indicator.transitions) return fail(path, `${indicator.name} is a table of pupil counts between attainer bands, not one figure`);
  const needs = `${indicator.name} needs a figure${indicator.unit ? ` in ${indicator.unit}` : ''}`;
  const text = typeof value === 'string' ? value.trim().replace(/\s*%$/, '') : null;
  if (text !== null && !DECIMAL.test(text)) return fail(path, `${show(value)} is not a number; ${needs}`);
  const n = typeof value === 'number' ? value : text !== null ? Number(text) : NaN;
  if (Number.isNaN(n)) return fail(path, `${show(value)} is not a number; ${needs}`);
  if (!Number.isFinite(n)) return fail(path, `${typeof value === 'string' ? show(value) : 'the figure given'} is not a finite number (too large to hold); ${needs}`);
  if (!inRange(indicator, n)) return fail(path, `${exactFigure(n, indicator.unit)} is outside the allowed range for ${indicator.name} (${rangeWords(indicator)})`);
  return ok(n);
}

export function parseTransitions(rubric: Rubric, indicatorId: string, value: unknown): Parsed<TransitionCounts> {
  const indicator = modelOf(rubric).indicators.get(indicatorId);
  const path = `indicators.${indicatorId}`;
  if (!indicator?.transitions) return fail(path, `"${indicatorId}" is not a transition indicator in the ${rubric.name} rubric`);
  const bands = indicator.transitions.bands.map((b) => b.id);
  if (!isRecord(value)) return fail(path, `expected pupil counts by band, e.g. {"${bands[0]}": {"${bands[0]}": 3, ...}}`);
  const issues: AnswerIssue[] = [];
  const counts: TransitionCounts = {};
  for (const [from, row] of Object.entries(value)) {
    if (!bands.includes(from)) { issues.push({ path: `${path}.${from}`, message: `"${from}" is not an attainer band; expected one of: ${bands.join(', ')}` }); continue; }
    if (!isRecord(row)) { issues.push({ path: `${path}.${from}`, message: `expected counts by band, got ${show(row)}` }); continue; }
    counts[from] = {};
    for (const [to, n] of Object.entries(row)) {
      if (!bands.includes(to)) issues.push({ path: `${path}.${from}.${to}`, message: `"${to}" is not an attainer band; expected one of: ${bands.join(', ')}` });
      else if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) issues.push({ path: `${path}.${from}.${to}`, message: `${show(n)} is not a count of pupils (a whole number, 0 or more)` });
      else counts[from]![to] = n;
    }
  }
  const pupils = Object.values(counts).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0);
  if (issues.length === 0 && pupils === 0) issues.push({ path, message: 'no pupils counted: at least one pupil is needed to weigh the moves' });
  return issues.length ? { ok: false, issues } : ok(counts);
}

export function parseStatement(rubric: Rubric, statementId: string, value: unknown): Parsed<boolean> {
  const entry = modelOf(rubric).statements.get(statementId);
  const path = `statements.${statementId}`;
  if (!entry) return fail(path, `there is no statement "${statementId}" in the ${rubric.name} rubric`);
  if (typeof value === 'boolean') return ok(value);
  if (value === 'true' || value === 'met') return ok(true);
  if (value === 'false' || value === 'not_met') return ok(false);
  return fail(path, `${show(value)} is not an answer to "${entry.statement.text}"; expected true (met) or false (not met)`);
}

export function parseNote(rubric: Rubric, areaId: string, value: unknown): Parsed<string> {
  const path = `notes.${areaId}`;
  if (!modelOf(rubric).areas.has(areaId)) return fail(path, `there is no area "${areaId}" in the ${rubric.name} rubric`);
  if (typeof value !== 'string') return fail(path, `a note is text, got ${show(value)}`);
  if (value.length > MAX_NOTE_LENGTH) return fail(path, `the note is ${value.length} characters; at most ${MAX_NOTE_LENGTH} are kept`);
  return ok(value.trim());
}

/** A whole set of answers, e.g. from an input file. Unknown sections are refused, not ignored. */
export function parseAnswers(rubric: Rubric, raw: unknown): Parsed<Answers> {
  if (nestsDeeperThan(raw)) return fail('', 'the answers nest lists or objects too deeply to be answers (a few levels at most)');
  if (!isRecord(raw)) return fail('', `expected an object with ratings, indicators, statements and notes, got ${show(raw)}`);
  const answers: Answers = { ratings: {}, indicators: {}, statements: {}, notes: {} };
  const issues: AnswerIssue[] = [];
  const section = (name: keyof Answers): Record<string, unknown> => {
    const v = raw[name];
    if (v === undefined) return {};
    if (isRecord(v)) return v;
    issues.push({ path: name, message: `expected an object keyed by id, got ${show(v)}` });
    return {};
  };
  const take = <T>(parsed: Parsed<T>, set: (v: T) => void) => (parsed.ok ? set(parsed.value) : issues.push(...parsed.issues));
  const model = modelOf(rubric);
  for (const [id, v] of Object.entries(section('ratings'))) take(parseRating(rubric, id, v), (x) => (answers.ratings[id] = x));
  for (const [id, v] of Object.entries(section('indicators'))) {
    const set = (x: number | TransitionCounts) => (answers.indicators[id] = x);
    if (model.indicators.get(id)?.transitions) take(parseTransitions(rubric, id, v), set);
    else take(parseFigure(rubric, id, v), set);
  }
  for (const [id, v] of Object.entries(section('statements'))) take(parseStatement(rubric, id, v), (x) => (answers.statements[id] = x));
  for (const [id, v] of Object.entries(section('notes'))) take(parseNote(rubric, id, v), (x) => (answers.notes[id] = x));
  return issues.length ? { ok: false, issues } : ok(answers);
}

function rangeWords(indicator: Indicator): string {
  const { min, max } = indicator.range;
  const f = (n: number) => formatFigure(n, indicator.unit);
  if (min !== undefined && max !== undefined) return `${f(min)} to ${f(max)}`;
  if (min !== undefined) return `at least ${f(min)}`;
  if (max !== undefined) return `at most ${f(max)}`;
  return 'any number';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
