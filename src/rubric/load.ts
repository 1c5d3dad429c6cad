import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { checkRubric } from './check.js';
import { formatPath, RubricError, type RubricIssue } from './errors.js';
import { Rubric } from './schema.js';

/** The folder of shipped rubrics, found from this file so the CLI works from any directory. */
export const RUBRICS_DIR = new URL('../../rubrics/', import.meta.url).pathname;

/** Rubric files repeat little: far more alias expansion than this is a file built to exhaust memory. */
const MAX_ALIAS_COUNT = 100;

/** Parse, validate and check one rubric's text. Throws RubricError naming the file, path and problem. */
export function parseRubric(text: string, file: string): Rubric {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    // Positions come from the line counter: with prettyErrors off, yaml leaves `linePos` unset.
    throw new RubricError(file, doc.errors.map((e) => {
      const pos = e.pos[0] >= 0 ? lineCounter.linePos(e.pos[0]) : undefined;
      return { path: pos ? `line ${pos.line}, column ${pos.col}` : '', message: `not valid YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  let json: unknown;
  try {
    json = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // yaml refuses an alias that expands too far (a "billion laughs" file) rather than exhausting memory.
    throw new RubricError(file, [{ path: '', message: `not usable YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const parsed = Rubric.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    throw new RubricError(file, withLines(zodIssues(parsed.error), doc, lineCounter));
  }
  const issues = checkRubric(parsed.data);
  if (issues.length > 0) throw new RubricError(file, withLines(issues, doc, lineCounter));
  return parsed.data;
}

export function loadRubricFile(file: string): Rubric {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RubricError(file, [{ path: '', message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
  return parseRubric(text, displayPath(file));
}

/** Every rubric in a folder, by id. One bad file stops the load: a trust must not run on a half-read framework. */
export function loadRubrics(dir: string = RUBRICS_DIR): Map<string, Rubric> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return new Map(files.map((f) => {
    const rubric = loadRubricFile(join(dir, f));
    // A trust picks a rubric by id; the file name must say which id it holds.
    const expected = basename(f).replace(/\.ya?ml$/, '').replace(/-/g, '_');
    if (rubric.id !== expected) {
      throw new RubricError(displayPath(join(dir, f)), [{ path: 'id', message: `the id "${rubric.id}" must match the file name (expected "${expected}")` }]);
    }
    return [rubric.id, rubric] as const;
  }));
}

/** Rubric ids use "_", file names "-": `four_stages` lives in `four-stages.yaml`. */
export function rubricFile(id: string, dir: string = RUBRICS_DIR): string {
  return join(dir, `${id.replace(/_/g, '-')}.yaml`);
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** zod's issues in the rubric's words. A failed union reports the branch that got furthest. */
export function zodIssues(error: z.ZodError): RubricIssue[] {
  const out: RubricIssue[] = [];
  const walk = (issue: z.core.$ZodIssue, prefix: PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = issue.errors
        .map((branch) => ({ branch, depth: Math.max(...branch.map((i) => i.path.length)) }))
        .sort((a, b) => b.depth - a.depth || a.branch.length - b.branch.length)[0]!;
      if (best.depth > 0) return best.branch.forEach((i) => walk(i, path));
      return out.push({ path: formatPath(path), message: describeUnion(issue) });
    }
    // Each unexpected field is named at its own path, so its line can be found (even at the top).
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.forEach((key) => out.push({ path: formatPath([...path, key]), message: `unexpected field "${key}"` }));
    }
    out.push({ path: formatPath(path), message: describe(issue) });
  };
  error.issues.forEach((i) => walk(i, []));
  return out;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required: expected ${issue.expected}`;
  return issue.message;
}

function describeUnion(issue: z.core.$ZodIssue & { code: 'invalid_union' }): string {
  const keys = new Set<string>();
  for (const branch of issue.errors) for (const i of branch) if (i.code === 'unrecognized_keys') i.keys.forEach((k) => keys.add(k));
  const hint = keys.size ? ` (fields not allowed together here: ${[...keys].join(', ')})` : '';
  return `does not match any of the allowed forms${hint}; see docs/rubrics.md`;
}

function withLines(issues: RubricIssue[], doc: Document, counter: LineCounter): RubricIssue[] {
  return issues.map((issue) => {
    const keys = issue.path.match(/[^.[\]]+/g)?.map((k) => (/^\d+$/.test(k) ? Number(k) : k)) ?? [];
    for (let n = keys.length; n > 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) {
        const { line } = counter.linePos(node.range[0]);
        return { ...issue, path: `${issue.path} (line ${line})` };
      }
    }
    return issue;
  });
}
