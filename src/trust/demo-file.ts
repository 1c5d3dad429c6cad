/**
 * The demo trust file (data/demo/ethos-trust.yaml): the trust as the store keeps it, and the
 * history to seed, a decided category per school and term. Checked with zod and across its
 * own references on load; an error names the file, the path inside it and the problem.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../rubric/errors.js';
import { Id, TermName } from '../rubric/schema.js';
import { Trust } from '../store/records.js';

export const DEMO_TRUST_FILE = fileURLToPath(new URL('../../data/demo/ethos-trust.yaml', import.meta.url));

export const HistoryTerm = z
  .strictObject({
    term: TermName,
    /** The category leadership decided. */
    category: Id,
    /** What the evaluator proposed, when leadership overrode it; else the same as `category`. */
    proposed: Id.optional(),
    /** How strong the school's answers were: 0 is the worst level everywhere, 1 the best. */
    strength: z.number().min(0).max(1),
    rationale: z.string().trim().min(1).optional(),
  })
  .refine((t) => (t.proposed === undefined || t.proposed === t.category) === (t.rationale === undefined), {
    message: 'a rationale is given exactly when the decision overrides the proposal (proposed differs from category)',
    path: ['rationale'],
  });
export type HistoryTerm = z.infer<typeof HistoryTerm>;

export const DemoTrust = z.strictObject({
  trust: Trust,
  history: z.strictObject({
    /** The person (by id) recorded as deciding every past category. */
    decidedBy: z.string().min(1),
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
  if (!people.has(history.decidedBy)) problems.push(`history.decidedBy: "${history.decidedBy}" is not one of the trust's people`);
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
