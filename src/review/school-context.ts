/**
 * A school's context facts (the rubric's context questions, e.g. Ethos's current Ofsted
 * judgement and the date the school joined the trust) and its phases: answered once, kept on
 * the school's record until changed. Leadership sets them from chat (`/context`) and the CLI.
 */
import { parseContextAnswer, parsePhases } from '../evaluator/answers.js';
import type { Rubric } from '../rubric/schema.js';
import type { School, Trust } from '../store/records.js';
import type { Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { findSchool } from './schools.js';
import type { NoticeView, NotFoundView, RefusalView } from './views.js';

export interface ContextChange {
  /** A school's name, alias or id. */
  school: string;
  /** Question id → answer (option id, or YYYY-MM-DD for a date). */
  answers: Record<string, string>;
  phases?: string[];
}

/** The context questions and phases, each with the school's answer, in words. */
export function contextLines(rubric: Rubric, school: School): string[] {
  const lines = rubric.context.map((q) => {
    const answer = school.context?.[q.id];
    const shown = answer === undefined ? 'not recorded' : q.kind === 'choice' ? q.options.find((o) => o.id === answer)?.name ?? answer : answer;
    return `${q.name}: ${shown}`;
  });
  if (rubric.phases.length) {
    const phases = school.phases?.map((id) => rubric.phases.find((p) => p.id === id)?.name ?? id).join(', ');
    lines.push(`Phases: ${phases ?? 'not recorded (every area applies)'}`);
  }
  return lines;
}

/** Shows (no answers given) or changes a school's context; only the CEO and the Director of Education change it. */
export async function setSchoolContext(ctx: ReviewContext, actor: Actor, trust: Trust, change: ContextChange): Promise<NoticeView | NotFoundView | RefusalView> {
  const rubric = rubricOf(ctx, trust);
  const match = findSchool(trust.schools, change.school);
  if (match.kind !== 'found') {
    return { kind: 'not_found', query: change.school, suggestions: (match.kind === 'ambiguous' ? match.schools : match.suggestions).map((s) => s.name) };
  }
  const school = match.school;
  if (!actor.leadership) return { kind: 'refusal', message: 'Sorry, a school\'s context is kept by trust leadership.' };
  if (rubric.context.length === 0 && rubric.phases.length === 0) {
    return { kind: 'refusal', message: `The ${rubric.name} asks no context questions.` };
  }
  const asking = Object.keys(change.answers).length > 0 || change.phases !== undefined;
  if (!asking) return { kind: 'notice', title: `${school.name}: context`, lines: [...contextLines(rubric, school), usage(rubric, school)], action: null };
  if (!actor.decides && !actor.roles.includes('system')) {
    return { kind: 'refusal', message: 'Sorry, a school\'s context is set by the CEO or the Director of Education.' };
  }
  const problems: string[] = [];
  const answers: Record<string, string> = {};
  for (const [id, value] of Object.entries(change.answers)) {
    const parsed = parseContextAnswer(rubric, id, value);
    if (parsed.ok) answers[id] = parsed.value;
    else problems.push(parsed.issues[0]!.message);
  }
  let phases = school.phases;
  if (change.phases !== undefined) {
    const parsed = parsePhases(rubric, change.phases);
    if (parsed.ok) phases = parsed.value;
    else problems.push(parsed.issues[0]!.message);
  }
  if (problems.length) return { kind: 'refusal', message: `Nothing changed: ${problems.join('; ')}.` };

  const updated: School = { ...school, context: { ...(school.context ?? {}), ...answers }, ...(phases ? { phases } : {}) };
  const at = ctx.now().toISOString();
  await ctx.store.saveTrust(
    { ...trust, schools: trust.schools.map((s) => (s.id === school.id ? updated : s)) },
    { at, actor: actor.person.id, action: 'school.context', subject: `school:${school.id}`, detail: { before: { context: school.context ?? {}, phases: school.phases ?? null }, after: { context: updated.context ?? {}, phases: updated.phases ?? null } } },
  );
  return {
    kind: 'notice',
    title: `${school.name}: context saved`,
    lines: [...contextLines(rubric, updated), 'Kept until changed; proposals from now on read it.'],
    action: null,
  };
}

function usage(rubric: Rubric, school: School): string {
  const q = rubric.context[0];
  if (!q) return `To change: /context ${school.name} phases ${rubric.phases.map((p) => p.id).join(',')}`;
  const example = q.kind === 'choice' ? q.options[0]!.id : '2026-09-01';
  return `To change: /context ${school.name} ${q.id} ${example} (questions: ${[...rubric.context.map((x) => x.id), ...(rubric.phases.length ? ['phases'] : [])].join(', ')})`;
}

/**
 * Reads "/context Reach Academy ofsted special_measures" (or "... phases primary,secondary"):
 * the last two words are the question and the answer, the rest names the school. With no
 * question given, the whole text names the school and its context is shown.
 */
export function parseContextCommand(rubric: Rubric, text: string): ContextChange {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const questions = new Set([...rubric.context.map((q) => q.id), 'phases']);
  const at = words.length >= 3 ? words.length - 2 : -1;
  if (at > 0 && questions.has(words[at]!.toLowerCase())) {
    const id = words[at]!.toLowerCase();
    const value = words[at + 1]!;
    const school = words.slice(0, at).join(' ');
    return id === 'phases' ? { school, answers: {}, phases: value.split(',').map((p) => p.trim()).filter(Boolean) } : { school, answers: { [id]: value } };
  }
  return { school: words.join(' '), answers: {} };
}
