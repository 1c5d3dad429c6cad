import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAnswers } from '../../evaluator/answers.js';
import { evaluate } from '../../evaluator/evaluate.js';
import { explainEvaluation } from '../../evaluator/explain.js';
import { MAX_NESTING, nestsDeeperThan } from '../../evaluator/nesting.js';
import type { Rubric } from '../../rubric/schema.js';
import { inputError, usageError, type CliIo } from '../io.js';
import { rubricById } from './rubric.js';

const INPUT_FIELDS = ['school', 'ratings', 'indicators', 'statements', 'notes', 'previous', 'transitions'];

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
  if (!parsed.ok) throw inputError(`${opts.input}: ${parsed.issues.length === 1 ? 'one problem' : `${parsed.issues.length} problems`}\n${parsed.issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);

  const evaluation = evaluate(rubric, parsed.value, previous);
  const school = typeof input.school === 'string' ? input.school : undefined;
  io.out(opts.json ? JSON.stringify({ school: school ?? null, ...evaluation }, null, 2) : explainEvaluation(rubric, evaluation, school));
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
