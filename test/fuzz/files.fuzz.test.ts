/**
 * Files a person hands the command line, generated: answer files to `evaluate` (run in-process;
 * each run loads every rubric, so most cases go straight to the answer parser it uses) and rubric
 * files to the rubric loader. Every file gets an answer or a refusal naming the file
 * and what is wrong; nothing throws, nothing prints a stack trace.
 */
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseAnswers } from '../../src/evaluator/answers.js';
import { RubricError } from '../../src/rubric/errors.js';
import { loadRubrics, parseRubric } from '../../src/rubric/load.js';
import { deepJson, jsonValue, LEAK, nasty } from './arbitraries.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'termly-fuzz-files-'));
const rubrics = loadRubrics();
const MINI = readFileSync(new URL('../fixtures/mini-rubric.yaml', import.meta.url), 'utf8');

const ids = (rubric: string) => {
  const r = rubrics.get(rubric)!;
  return { areas: r.groups.flatMap((g) => g.areas.map((a) => a.id)), indicators: r.indicators.map((i) => i.id) };
};
const ethos = ids('ethos');

/** Answer files: mostly the right shape with wrong values, some anything at all, some as text. */
const answersFile = fc.oneof(
  fc.record({
    school: jsonValue,
    ratings: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...ethos.areas), nasty), jsonValue, { maxKeys: 5 }), jsonValue),
    indicators: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...ethos.indicators), nasty), jsonValue, { maxKeys: 5 }), jsonValue),
    statements: jsonValue, notes: jsonValue, previous: jsonValue,
  }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  jsonValue.map((v) => JSON.stringify(v) ?? ''),
  fc.tuple(fc.constantFrom(['', ''], ['{"ratings": ', '}'], ['{"indicators": {"attendance": ', '}}']), deepJson).map(([[open, close], deep]) => `${open}${deep}${close}`),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('\uFEFF{}', '{"indicators": {"attendance": 1e999}}', '{"indicators": {"attendance": "0x10"}}', '', '\u0000'),
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('answer files to evaluate, in-process', () => {
  it('get an evaluation or a refusal naming the file; never a stack trace', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(answersFile, async (text) => {
      const file = join(dir, `answers-${n++ % 8}.json`);
      writeFileSync(file, text);
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['evaluate', '--rubric', 'ethos', '--input', file], { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: ROOT });
      expect([0, 1]).toContain(code);
      if (code === 1) {
        expect(err.join('\n')).toContain(file);
        expect(err.join('\n')).not.toMatch(LEAK);
      }
    }), { seed: 2001, numRuns: 50 });
  }, 30_000);

  it('parsed as answers on every framework, every problem names its path', () => {
    const all = [...rubrics.values()];
    fc.assert(fc.property(fc.constantFrom(...all), jsonValue, fc.dictionary(nasty, jsonValue), (rubric, raw, sections) => {
      for (const input of [raw, sections, { ratings: sections, indicators: sections, statements: sections, notes: sections }]) {
        const parsed = parseAnswers(rubric, input);
        if (!parsed.ok) {
          expect(parsed.issues.length).toBeGreaterThan(0);
          for (const issue of parsed.issues) expect(issue.message).not.toMatch(LEAK);
        }
      }
    }), { seed: 2002, numRuns: 3000 });
  });
});

/** Rubric texts: the mini rubric with lines dropped, swapped or overwritten, YAML oddities, or anything. */
const lines = MINI.split('\n');
const rubricText = fc.oneof(
  fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1), nasty).map(([i, j, junk]) => {
    const copy = [...lines];
    copy[i] = copy[i]!.replace(/:\s*.*$/, `: ${junk}`);
    copy.splice(j, 1);
    return copy.join('\n');
  }),
  fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1)).map(([i, j]) => {
    const copy = [...lines];
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy.join('\n');
  }),
  fc.constantFrom('a: &a [x]\nb: *a\n', 'a: !!js/function "x"\n', '%YAML 9.9\n---\n', '? [a]\n: b\n', '- &a [*a]\n', '{', 'id: [\n'),
  jsonValue.map((v) => JSON.stringify(v) ?? ''),
  fc.string({ maxLength: 80 }),
);

describe('rubric files', () => {
  it('load, or are refused with RubricError naming the file; nothing else is thrown', () => {
    fc.assert(fc.property(rubricText, (text) => {
      try {
        parseRubric(text, 'fuzzed.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(RubricError);
        expect((e as Error).message).toContain('fuzzed.yaml');
        expect((e as Error).message).not.toMatch(LEAK);
      }
    }), { seed: 2003, numRuns: 500 });
  });
});
