/**
 * The demo trust files (data/demo/<name>-trust.yaml, one per shipped rubric): the trust as the
 * store keeps it, and the history to seed, per school and term. Checked with zod and across its
 * own references on load, and against its rubric when seeded; an error names the file, the path
 * inside it and the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../rubric/errors.js';
import { Id, TermName, type Rubric } from '../rubric/schema.js';
import { Trust } from '../store/records.js';

export const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const SUFFIX = '-trust.yaml';
/** The demo seeded when none is chosen. */
export const DEFAULT_DEMO = 'ethos';

/** The file of a demo trust by its name: "cmat" is data/demo/cmat-trust.yaml. */
export function demoTrustFile(name: string, dir: string = DEMO_DIR): string {
  return join(dir, `${name}${SUFFIX}`);
}

/** The demo trusts on offer, by name: every data/demo/<name>-trust.yaml. Adding a file adds a demo. */
export function demoNames(dir: string = DEMO_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
}

export const DEMO_TRUST_FILE = demoTrustFile(DEFAULT_DEMO);

export const HistoryTerm = z
  .strictObject({
    term: TermName,
    /** The category leadership decided. Absent for a rubric without categories: the term is a submitted review only. */
    category: Id.optional(),
    /** What the evaluator proposed, when leadership overrode it; else the same as `category`. */
    proposed: Id.optional(),
    /** How strong the school's answers were: 0 is the worst level everywhere, 1 the best. */
    strength: z.number().min(0).max(1),
    rationale: z.string().trim().min(1).optional(),
  })
  .refine((t) => (t.proposed === undefined || t.proposed === t.category) === (t.rationale === undefined), {
    message: 'a rationale is given exactly when the decision overrides the proposal (proposed differs from category)',
    path: ['rationale'],
  })
  .refine((t) => t.category !== undefined || t.proposed === undefined, {
    message: 'a proposal is overridden by a decided category: give "category" with "proposed"',
    path: ['proposed'],
  });
export type HistoryTerm = z.infer<typeof HistoryTerm>;

export const DemoTrust = z.strictObject({
  trust: Trust,
  history: z.strictObject({
    /** The person (by id) recorded as deciding every past category; not needed when no term has one. */
    decidedBy: z.string().min(1).optional(),
    /** School id → its terms, oldest first. */
    schools: z.record(z.string(), z.array(HistoryTerm).min(1)),
  }),
});
export type DemoTrust = z.infer<typeof DemoTrust>;

export class DemoTrustError extends Error {
  readonly code = 'DEMO_TRUST_INVALID';
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: the demo trust cannot be used\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DemoTrustError';
  }
}

export function loadDemoTrust(file: string = DEMO_TRUST_FILE): DemoTrust {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DemoTrustError(file, [`cannot be read as YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  const parsed = DemoTrust.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new DemoTrustError(file, parsed.error.issues.map((i) => `${formatPath(i.path) || '(top)'}: ${i.message}`));
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new DemoTrustError(file, problems);
  return parsed.data;
}

function crossCheck({ trust, history }: DemoTrust): string[] {
  const problems: string[] = [];
  const schools = new Set(trust.schools.map((s) => s.id));
  const people = new Set(trust.people.map((p) => p.id));
  for (const person of trust.people) {
    for (const id of person.schoolIds) if (!schools.has(id)) problems.push(`trust.people: ${person.id} leads "${id}", which is not one of the trust's schools`);
  }
  // A chat account stands for one person: a second would be found by no one (the first match wins).
  const accounts = new Map<string, string>();
  for (const person of trust.people) {
    for (const account of [person.teams && `Teams id ${person.teams.aadObjectId.toLowerCase()}`, person.slack && `Slack id ${person.slack.userId}`]) {
      if (!account) continue;
      const holder = accounts.get(account);
      if (holder) problems.push(`trust.people: ${person.id} has the ${account}, which is ${holder}'s already`);
      else accounts.set(account, person.id);
    }
  }
  const decided = Object.values(history.schools).some((terms) => terms.some((t) => t.category !== undefined));
  if (history.decidedBy === undefined) {
    if (decided) problems.push('history.decidedBy: not given, but the history has decided categories: name the person who decided them');
  } else if (!people.has(history.decidedBy)) {
    problems.push(`history.decidedBy: "${history.decidedBy}" is not one of the trust's people`);
  }
  for (const school of trust.schools) {
    const terms = history.schools[school.id];
    if (!terms) {
      problems.push(`history.schools: no history for ${school.id}`);
      continue;
    }
    if (!trust.people.some((p) => p.roles.includes('head') && p.schoolIds.includes(school.id))) {
      problems.push(`trust.people: ${school.id} has no head`);
    }
    const order = terms.map((t) => t.term).join(',');
    if (!['autumn', 'autumn,spring', 'autumn,spring,summer'].includes(order)) {
      problems.push(`history.schools.${school.id}: terms must run autumn, spring, summer, each once; found ${order}`);
    }
  }
  for (const id of Object.keys(history.schools)) {
    if (!schools.has(id)) problems.push(`history.schools.${id}: not one of the trust's schools`);
  }
  return problems;
}

/**
 * What the demo trust says that its rubric must bear out: decided categories exactly when the
 * rubric has categories, each one of them, and someone to rate every line a central role rates.
 */
export function checkAgainstRubric({ trust, history }: DemoTrust, rubric: Rubric): string[] {
  const problems: string[] = [];
  const categories = new Set(rubric.categories.map((c) => c.id));
  for (const [schoolId, terms] of Object.entries(history.schools)) {
    terms.forEach((t, i) => {
      const at = `history.schools.${schoolId}[${i}]`;
      if (categories.size === 0) {
        if (t.category !== undefined) problems.push(`${at}.category: the ${rubric.id} rubric has no categories, so its history is submitted reviews only; remove "category"`);
        return;
      }
      if (t.category === undefined) problems.push(`${at}.category: the ${rubric.id} rubric has categories; give the one leadership decided (${[...categories].join(', ')})`);
      for (const key of ['category', 'proposed'] as const) {
        const value = t[key];
        if (value !== undefined && !categories.has(value)) problems.push(`${at}.${key}: "${value}" is not a category of the ${rubric.id} rubric (${[...categories].join(', ')})`);
      }
    });
  }
  const raters = new Map<string, string[]>();
  for (const area of rubric.groups.flatMap((g) => g.areas)) {
    if (area.ratedBy !== 'head') raters.set(area.ratedBy, [...(raters.get(area.ratedBy) ?? []), area.name]);
  }
  for (const [role, areas] of raters) {
    if (!trust.people.some((p) => p.roles.includes(role))) {
      problems.push(`trust.people: no one holds the "${role}" role, which rates ${areas.join(', ')} in the ${rubric.id} rubric`);
    }
  }
  return problems;
}
