/**
 * The demo trust's past terms as store records: closed review windows, submitted answers,
 * their evaluations and leadership's decisions. Pure: the time is an argument. The history is
 * the academic year before the one `now` falls in, so it is always in the past.
 *
 * Every rubric is reviewed in a window each term: a termly one by definition, and CMAT's annual
 * matrix is re-rated at each term's monitoring review. A rubric without categories (CAT) has no
 * proposal and no decision: its past terms are submitted reviews and their evaluations.
 */
import { DateTime } from 'luxon';
import { evaluate, type EvaluateOptions } from '../evaluator/evaluate.js';
import type { Answers, Evaluation } from '../evaluator/types.js';
import { modelOf, rankOf, scaleOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import type { Decision, EvaluationRecord, ReviewWindow, Submission } from '../store/records.js';
import { answersAtStrength, answersForCategory, checkedAnswers } from './answers.js';
import type { DemoTrust } from './demo-file.js';
import { seeded } from './seeded.js';

const LONDON = 'Europe/London';

export interface PastTerm {
  submission: Submission;
  evaluation: EvaluationRecord;
  /** Null for a rubric without categories: there is nothing to decide. */
  decision: Decision | null;
}

/** How many priority areas a demo decision records, where the rubric records them (CMAT's Focus step). */
const PRIORITY_AREAS = 2;

export interface DemoHistory {
  windows: ReviewWindow[];
  /** School id → its terms, oldest first. */
  schools: Map<string, PastTerm[]>;
}

/**
 * Where each past term's review window fell: two school weeks from the first Monday on or after
 * this day, late in the term as the calendar's windows are, and clear of every holiday in any year.
 */
const WINDOW_STARTS = { autumn: { month: 11, day: 24 }, spring: { month: 3, day: 2 }, summer: { month: 6, day: 29 } } as const;

/** The academic year `yearsBack` years before the one `now` falls in: its first calendar year and its id ("2025-26"). */
export function pastAcademicYear(now: Date, yearsBack: number): { start: number; academicYear: string } {
  const today = DateTime.fromJSDate(now, { zone: LONDON });
  const start = (today.month >= 9 ? today.year : today.year - 1) - yearsBack;
  return { start, academicYear: `${start}-${String((start + 1) % 100).padStart(2, '0')}` };
}

export function planDemoHistory(demo: DemoTrust, rubric: Rubric, now: Date): DemoHistory {
  const { start, academicYear } = pastAcademicYear(now, 1);

  const windows = new Map<string, ReviewWindow>();
  const schools = new Map<string, PastTerm[]>();
  for (const school of demo.trust.schools) {
    const head = demo.trust.people.find((p) => p.roles.includes('head') && p.schoolIds.includes(school.id))!;
    let previous: string | null = null;
    const terms: PastTerm[] = [];
    for (const past of demo.history.schools[school.id] ?? []) {
      const window = windows.get(past.term) ?? reviewWindow(academicYear, start, past.term);
      windows.set(past.term, window);
      const seed = `${school.id}/${window.id}`;
      const decided = past.category ?? null;
      const proposed = past.proposed ?? decided;
      const facts = { context: school.context ?? {}, ...(school.phases ? { phases: school.phases } : {}), reviewDate: window.closesOn };
      const { answers, evaluation } = proposed === null
        ? withEvaluation(rubric, checkedAnswers(rubric, answersAtStrength(rubric, past.strength, seed), seed), facts)
        : answersForCategory(rubric, proposed, past.strength, previous, seed, facts);
      // A school submits on one of the last four days of the window, late in the afternoon.
      const submittedIso = iso(
        london(window.closesOn, 15, 0).minus({ days: Math.floor(seeded(seed, 'day') * 4) }).plus({ minutes: Math.floor(seeded(seed, 'minute') * 100) }),
      );
      const submission: Submission = {
        id: `submission-${school.id}-${window.id}`,
        schoolId: school.id,
        windowId: window.id,
        rubricId: rubric.id,
        state: 'submitted',
        answers,
        version: 1,
        updatedAt: submittedIso,
        updatedBy: head.id,
        submittedAt: submittedIso,
        submittedBy: head.id,
      };
      terms.push({
        submission,
        evaluation: {
          id: `evaluation-${school.id}-${window.id}`,
          submissionId: submission.id,
          schoolId: school.id,
          windowId: window.id,
          at: submittedIso,
          evaluation: { ...evaluation },
        },
        decision: decided === null ? null : {
          id: `decision-${school.id}-${window.id}`,
          schoolId: school.id,
          windowId: window.id,
          category: decided,
          proposed,
          previous,
          kind: decided === proposed ? 'confirmed' : 'overridden',
          ...(past.rationale ? { rationale: past.rationale } : {}),
          priorities: rubric.decisionRecordsPriorities ? weakestAreas(rubric, evaluation, PRIORITY_AREAS) : [],
          // Checked on load: a history with decided categories names who decided them.
          decidedBy: demo.history.decidedBy!,
          // The categorisation meeting: the Tuesday after the window closes.
          decidedAt: iso(london(window.closesOn, 10, 0).plus({ days: 4 })),
        },
      });
      previous = decided;
    }
    schools.set(school.id, terms);
  }
  return { windows: [...windows.values()], schools };
}

export function withEvaluation(rubric: Rubric, answers: Answers, facts: EvaluateOptions = {}): { answers: Answers; evaluation: Evaluation } {
  return { answers, evaluation: evaluate(rubric, answers, facts) };
}

/**
 * The priority areas leadership and the head agree with a decision: the areas lowest on their
 * scales (as a share of the scale, so a Met/Not Met area compares with a five-level one), the
 * earlier in the rubric first among equals.
 */
export function weakestAreas(rubric: Rubric, evaluation: Evaluation, count: number): string[] {
  const model = modelOf(rubric);
  const place = (id: string): number => {
    const { area } = model.areas.get(id)!;
    const scale = scaleOf(model, area.scale);
    const level = evaluation.areas[id]?.level;
    return level ? rankOf(scale, level) / (scale.levels.length - 1) : 1;
  };
  // An area that does not apply to the school (no early years) is never a priority.
  const ids = [...model.areas.keys()].filter((id) => evaluation.areas[id]?.source !== 'not_applicable');
  return ids.map((id, i) => ({ id, i, at: place(id) })).sort((a, b) => a.at - b.at || a.i - b.i).slice(0, count).map((a) => a.id);
}

/** The past review window of a term in the academic year starting in September of `start`. */
export function reviewWindow(academicYear: string, start: number, term: keyof typeof WINDOW_STARTS): ReviewWindow {
  const from = WINDOW_STARTS[term];
  const first = DateTime.fromObject({ year: term === 'autumn' ? start : start + 1, month: from.month, day: from.day }, { zone: LONDON });
  const opens = first.plus({ days: (8 - first.weekday) % 7 });
  const closes = opens.plus({ days: 11 });
  return {
    id: `${academicYear}-${term}`,
    academicYear,
    term,
    opensOn: opens.toISODate()!,
    closesOn: closes.toISODate()!,
    state: 'closed',
    openedAt: iso(opens.set({ hour: 8 })),
    closedAt: iso(closes.set({ hour: 17 })),
  };
}

export function london(date: string, hour: number, minute: number): DateTime {
  return DateTime.fromISO(date, { zone: LONDON }).set({ hour, minute });
}

export function iso(at: DateTime): string {
  return at.toISO({ suppressMilliseconds: false })!;
}
