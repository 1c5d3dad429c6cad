/**
 * A synthetic trust for measurement: a demo trust's people and schools (same ids) plus synthetic
 * schools up to the size asked, each with a head, and every term of the past `years` academic
 * years reviewed: a submission, its evaluation and, where the rubric has categories, leadership's
 * decision. Pure and deterministic: the same demo, rubric, size, seed and `now` give the same
 * records. Categories follow a seeded walk of each school's strength; the evaluator proposes, and
 * one decision in ten overrides the proposal to a neighbouring category, with a rationale.
 */
import { evaluate } from '../evaluator/evaluate.js';
import type { Rubric } from '../rubric/schema.js';
import type { Person, School, Trust } from '../store/records.js';
import { answersAtStrength, checkedAnswers } from './answers.js';
import type { DemoTrust } from './demo-file.js';
import { iso, london, pastAcademicYear, reviewWindow, weakestAreas, type DemoHistory, type PastTerm } from './history.js';
import { seeded } from './seeded.js';

export interface SyntheticSize {
  schools: number;
  years: number;
  /** Varies the walk: another seed, other categories. */
  seed: string;
}

const TERMS = ['autumn', 'spring', 'summer'] as const;
const PRIORITY_AREAS = 2;

/** The demo trust grown to `size.schools` schools (never fewer than the demo's own). */
export function syntheticTrust(demo: DemoTrust, schools: number, rubric?: Rubric, seed = "1"): Trust {
  const trust = structuredClone(demo.trust);
  const extra: School[] = [];
  const heads: Person[] = [];
  const width = String(schools).length;
  for (let i = trust.schools.length + 1; i <= schools; i++) {
    const n = String(i).padStart(width, '0');
    const school: School = { id: `school-${n}`, name: `School ${n}`, aliases: [], ...(rubric?.context.length ? { context: syntheticContext(rubric, `${seed}/school-${n}`) } : {}) };
    extra.push(school);
    // A readable Slack id like the demo's own (U0DEMOREACH): U0DEMOSCHOOL007 leads School 007.
    heads.push({ id: `head-${school.id}`, name: `Headteacher, ${school.name}`, title: 'Headteacher', roles: ['head'], schoolIds: [school.id], slack: { userId: `U0DEMOSCHOOL${n}` } });
  }
  return { ...trust, schools: [...trust.schools, ...extra], people: [...trust.people, ...heads] };
}

/**
 * Context answers for a synthetic school, so that its reviews can be proposed: one of the first
 * three options of each choice (for Ofsted: outstanding, good, requires improvement) and a date
 * it joined the trust years before the history begins.
 */
function syntheticContext(rubric: Rubric, seed: string): Record<string, string> {
  const context: Record<string, string> = {};
  for (const question of rubric.context) {
    context[question.id] = question.kind === 'choice'
      ? question.options[Math.floor(seeded(seed, question.id) * Math.min(3, question.options.length))]!.id
      : `${2005 + Math.floor(seeded(seed, question.id) * 10)}-09-01`;
  }
  return context;
}

export function planSyntheticHistory(demo: DemoTrust, rubric: Rubric, now: Date, size: SyntheticSize): DemoHistory & { trust: Trust } {
  const trust = syntheticTrust(demo, size.schools, rubric, size.seed);
  const decidedBy = demo.history.decidedBy ?? trust.people.find((p) => p.roles.includes('ceo'))?.id ?? trust.people[0]!.id;
  const years = Array.from({ length: size.years }, (_, i) => pastAcademicYear(now, size.years - i));
  const windows = years.flatMap(({ start, academicYear }) => TERMS.map((term) => reviewWindow(academicYear, start, term)));
  const categories = rubric.categories.map((c) => c.id);
  const schools = new Map<string, PastTerm[]>();

  for (const school of trust.schools) {
    const head = trust.people.find((p) => p.roles.includes('head') && p.schoolIds.includes(school.id))!;
    let strength = seeded(size.seed, school.id, 'start');
    let previous: string | null = null;
    const terms: PastTerm[] = [];
    for (const window of windows) {
      const seed = `${size.seed}/${school.id}/${window.id}`;
      strength = Math.min(1, Math.max(0, strength + (seeded(seed, 'walk') - 0.5) * 0.3));
      const answers = checkedAnswers(rubric, answersAtStrength(rubric, strength, seed), seed);
      const evaluation = evaluate(rubric, answers, { previous, context: school.context ?? {}, ...(school.phases ? { phases: school.phases } : {}), reviewDate: window.closesOn });
      const proposed = evaluation.category?.id ?? null;
      const submittedIso = iso(
        london(window.closesOn, 15, 0).minus({ days: Math.floor(seeded(seed, 'day') * 4) }).plus({ minutes: Math.floor(seeded(seed, 'minute') * 100) }),
      );
      const submission = {
        id: `submission-${school.id}-${window.id}`, schoolId: school.id, windowId: window.id, rubricId: rubric.id,
        state: 'submitted' as const, answers, version: 1, updatedAt: submittedIso, updatedBy: head.id, submittedAt: submittedIso, submittedBy: head.id,
      };
      let decided = proposed;
      if (proposed !== null && seeded(seed, 'override') < 0.1) {
        const at = categories.indexOf(proposed);
        decided = categories[at + 1] ?? categories[at - 1] ?? proposed;
      }
      terms.push({
        submission,
        evaluation: { id: `evaluation-${school.id}-${window.id}`, submissionId: submission.id, schoolId: school.id, windowId: window.id, at: submittedIso, evaluation: { ...evaluation } },
        decision: decided === null ? null : {
          id: `decision-${school.id}-${window.id}`, schoolId: school.id, windowId: window.id, category: decided, proposed, previous,
          kind: decided === proposed ? 'confirmed' : 'overridden',
          ...(decided === proposed ? {} : { rationale: 'Leadership weighed evidence from the review visit beyond the figures.' }),
          priorities: rubric.decisionRecordsPriorities ? weakestAreas(rubric, evaluation, PRIORITY_AREAS) : [],
          decidedBy,
          decidedAt: iso(london(window.closesOn, 10, 0).plus({ days: 4 })),
        },
      });
      previous = decided;
    }
    schools.set(school.id, terms);
  }
  return { trust, windows, schools };
}
