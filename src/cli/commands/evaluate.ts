import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isRealDate, parseAgreedLevel, parseAnswers, parseContext, parsePhases } from '../../evaluator/answers.js';
import { evaluate } from '../../evaluator/evaluate.js';
import { areaLevels, explainEvaluation } from '../../evaluator/explain.js';
import type { AgreedLevel } from '../../evaluator/types.js';
import { MAX_NESTING, nestsDeeperThan } from '../../evaluator/nesting.js';
import type { Rubric } from '../../rubric/schema.js';
import { inputError, usageError, type CliIo } from '../io.js';
import { rubricById } from './rubric.js';

const INPUT_FIELDS = ['school', 'ratings', 'indicators', 'statements', 'notes', 'previous', 'transitions', 'context', 'phases', 'date', 'agreed'];

export function evaluateCommand(opts: { rubric?: string; input?: string; json: boolean }, io: CliIo): void {
  if (!opts.rubric || !opts.input) throw usageError('usage: evaluate --rubric <id> --input <file> [--json]');
  const rubric = rubricById(opts.rubric);
  const input = readInput(resolve(io.cwd, opts.input), opts.input);

  const unknown = Object.keys(input).filter((k) => !INPUT_FIELDS.includes(k));
  if (unknown.length) throw inputError(`${opts.input}: unexpected field ${unknown.map((k) => `"${k}"`).join(', ')}; expected: ${INPUT_FIELDS.join(', ')}`);
  if (input.school !== undefined && typeof input.school !== 'string') throw inputError(`${opts.input}: school: expected the school's name as text, got ${JSON.stringify(input.school)}`);
  const previous = input.previous ?? null;
  if (previous !== null && (typeof previous !== 'string' || !rubric.categories.some((c) => c.id === previous))) {
    throw inputError(`${opts.input}: previous: ${JSON.stringify(previous)} is not a category of ${rubric.name}; expected one of: ${rubric.categories.map((c) => c.id).join(', ') || '(this rubric has none)'}`);
  }

  const parsed = parseAnswers(rubric, { ...input, indicators: withTransitions(rubric, input, opts.input) });
  const issues = parsed.ok ? [] : [...parsed.issues];
  const context = parseContext(rubric, input.context);
  if (!context.ok) issues.push(...context.issues);
  const phases = input.phases === undefined ? null : parsePhases(rubric, input.phases);
  if (phases && !phases.ok) issues.push(...phases.issues);
  const date = input.date ?? todayIn();
  if (typeof date !== 'string' || !isRealDate(date)) issues.push({ path: 'date', message: `${JSON.stringify(date)} is not a date; the review date is YYYY-MM-DD` });
  const agreed: Record<string, AgreedLevel> = {};
  if (input.agreed !== undefined) {
    if (typeof input.agreed !== 'object' || input.agreed === null || Array.isArray(input.agreed)) issues.push({ path: 'agreed', message: 'expected an object of area id → agreed level' });
    else for (const [id, v] of Object.entries(input.agreed)) {
      const level = parseAgreedLevel(rubric, id, v);
      if (level.ok) agreed[id] = { level: level.value };
      else issues.push(...level.issues);
    }
  }
  if (!parsed.ok || issues.length) throw inputError(`${opts.input}: ${issues.length === 1 ? 'one problem' : `${issues.length} problems`}\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);

  const evaluation = evaluate(rubric, parsed.value, {
    previous,
    context: context.ok ? context.value : {},
    ...(phases?.ok ? { phases: phases.value } : {}),
    reviewDate: date as string,
    agreed,
  });
  const school = typeof input.school === 'string' ? input.school : undefined;
  if (opts.json) {
    // Per area, the self-rating, the evidence and the level used, with which one it is.
    // `evidence` is the evidence's level here; the items behind it are under `evidenceDetail`.
    const areas = Object.fromEntries(Object.entries(evaluation.areas).map(([id, a]) => [id, { ...a, ...areaLevels(rubric, a), evidenceDetail: a.evidence }]));
    io.out(JSON.stringify({ school: school ?? null, reviewDate: date, ...evaluation, areas }, null, 2));
  } else io.out(explainEvaluation(rubric, evaluation, school));
}

/** Today in London: the review date when an input file gives none. */
function todayIn(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function readInput(path: string, shown: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw inputError(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse refuses it.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw inputError(`${shown}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw inputError(`${shown}: expected a JSON object`);
  if (nestsDeeperThan(data)) throw inputError(`${shown}: lists or objects nested more than ${MAX_NESTING} levels deep; answers need a few levels at most`);
  return data as Record<string, unknown>;
}

/** The input's `transitions` table is the rubric's transition indicator, written at top level for people. */
function withTransitions(rubric: Rubric, input: Record<string, unknown>, shown: string): unknown {
  if (input.transitions === undefined) return input.indicators;
  const indicator = rubric.indicators.filter((i) => i.transitions);
  if (indicator.length !== 1) throw inputError(`${shown}: transitions: the ${rubric.name} rubric has ${indicator.length === 0 ? 'no' : 'more than one'} transition indicator; give the counts under indicators.<id> instead`);
  const indicators = input.indicators ?? {};
  if (typeof indicators !== 'object' || indicators === null || Array.isArray(indicators)) return input.indicators;
  return { ...indicators, [indicator[0]!.id]: input.transitions };
}
