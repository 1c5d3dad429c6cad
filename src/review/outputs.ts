/**
 * What leadership takes away: the heat map, a school's trend, the spreadsheet export, the import
 * of figures, and the termly board report. Who may ask and what data each is built from are
 * decided here, once, for the command line and every chat door. Reads never write.
 */
import { evaluationOptions } from './evaluation-input.js';
import { evaluate } from '../evaluator/evaluate.js';
import type { Evaluation } from '../evaluator/types.js';
import type { HeatmapInput } from '../outputs/heatmap.js';
import type { ExportRecord } from '../outputs/export-rows.js';
import type { PairingRecord } from '../outputs/pairings.js';
import type { ReportData } from '../outputs/report.js';
import type { TrendInput } from '../outputs/trend.js';
import { areaRatings } from '../outputs/export-rows.js';
import { levelColours } from '../outputs/palette.js';
import { modelOf, scaleOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import type { Decision, ReviewWindow, School, Submission, Trust } from '../store/records.js';
import { buildSchedule } from '../support/index.js';
import { canSee, refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { areaNameOf } from './pairings.js';
import { findSchool } from './schools.js';
import { nextTerm } from './terms.js';
import { londonDate } from './time.js';
import type { FilesView, NotFoundView, RefusalView } from './views.js';
import { windowRef } from './windows.js';

/** "Autumn term 2025-26". */
export function termTitle(window: ReviewWindow): string {
  return windowRef(window).title.replace(/ review$/, '');
}

const byOpening = (windows: ReviewWindow[]) => [...windows].sort((a, b) => a.opensOn.localeCompare(b.opensOn));

async function evaluationsIn(ctx: ReviewContext, trust: Trust, windowId: string): Promise<Map<string, Evaluation>> {
  const found = new Map<string, Evaluation>();
  for (const school of trust.schools) {
    const record = await ctx.store.latestEvaluation(school.id, windowId);
    if (record) found.set(school.id, record.evaluation);
  }
  return found;
}

/**
 * The term a picture or report is about: the one named (by window id), else the newest with a
 * reviewed school. A refusal names the terms there are.
 */
export async function reviewedTerm(ctx: ReviewContext, trust: Trust, termId?: string): Promise<ReviewWindow | RefusalView> {
  const windows = byOpening(await ctx.store.listWindows());
  if (termId) {
    const named = windows.find((w) => w.id === termId);
    return named ?? { kind: 'refusal', message: `There is no term "${termId}". The terms are: ${windows.map((w) => w.id).join(', ')}.` };
  }
  // Whether any school was evaluated: the first found answers it, with nothing copied but that one.
  for (const window of [...windows].reverse()) {
    for (const school of trust.schools) if (await ctx.store.latestEvaluation(school.id, window.id)) return window;
  }
  return { kind: 'refusal', message: 'No school has been reviewed yet, so there is nothing to show.' };
}

function lastDecisionOf(decisions: Decision[], schoolId: string): Decision | null {
  return decisions.filter((d) => d.schoolId === schoolId).at(-1) ?? null;
}

export async function heatmapData(ctx: ReviewContext, actor: Actor, trust: Trust, termId?: string): Promise<{ input: HeatmapInput; window: ReviewWindow } | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('the trust heat map');
  const window = await reviewedTerm(ctx, trust, termId);
  if ('kind' in window) return window;
  const rubric = rubricOf(ctx, trust);
  const evaluations = await evaluationsIn(ctx, trust, window.id);
  const decisions = await ctx.store.listDecisions({ windowId: window.id });
  return {
    window,
    input: {
      trustName: trust.name,
      term: termTitle(window),
      rubric,
      schools: trust.schools.map((s) => {
        const decided = lastDecisionOf(decisions, s.id);
        const category = decided ? rubric.categories.find((c) => c.id === decided.category) : undefined;
        return { name: s.name, evaluation: evaluations.get(s.id) ?? null, category: category ? { id: category.id, name: category.name } : null };
      }),
    },
  };
}

export async function trendData(ctx: ReviewContext, actor: Actor, trust: Trust, query: string): Promise<{ input: TrendInput; school: School } | RefusalView | NotFoundView> {
  const match = findSchool(trust.schools, query);
  if (match.kind !== 'found') {
    const suggestions = (match.kind === 'ambiguous' ? match.schools : match.suggestions).filter((s) => canSee(actor, s.id));
    return { kind: 'not_found', query, suggestions: suggestions.map((s) => s.name) };
  }
  const school = match.school;
  if (!canSee(actor, school.id)) return refusals.notYourSchool(actor, school.name);
  const rubric = rubricOf(ctx, trust);
  const decisions = await ctx.store.listDecisions({ schoolId: school.id });
  const terms: TrendInput['terms'] = [];
  for (const window of byOpening(await ctx.store.listWindows())) {
    const record = await ctx.store.latestEvaluation(school.id, window.id);
    const decided = lastDecisionOf(decisions.filter((d) => d.windowId === window.id), school.id);
    if (!record && !decided) continue;
    const category = decided ? rubric.categories.find((c) => c.id === decided.category) : undefined;
    terms.push({
      title: termTitle(window).replace(' term', ''),
      category: category ? { id: category.id, name: category.name } : null,
      evaluation: record ? record.evaluation : null,
    });
  }
  if (terms.length === 0) return { kind: 'refusal', message: `${school.name} has no reviewed term yet, so there is no trend to draw.` };
  return { school, input: { schoolName: school.name, rubric, terms } };
}

function figuresOf(submission: Submission | null): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [id, v] of Object.entries(submission?.answers.indicators ?? {})) if (typeof v === 'number') figures[id] = v;
  return figures;
}

function personName(trust: Trust, id: string | undefined | null): string | null {
  if (!id) return null;
  return trust.people.find((p) => p.id === id)?.name ?? id;
}

/** A pairing kept, with the terms (indexes of the windows by opening) it was made in and ended in. */
interface PairingSpan {
  record: PairingRecord;
  made: number;
  /** The window of the supported school's next decision; Infinity while in force. */
  ended: number;
}

/** Every pairing kept with a decision, and when the supported school's next decision ended it. */
async function pairingSpans(ctx: ReviewContext, trust: Trust, rubric: Rubric, windows: readonly ReviewWindow[]): Promise<PairingSpan[]> {
  const pairings = await ctx.store.listPairings();
  if (pairings.length === 0) return [];
  const decisions = await ctx.store.listDecisions();
  const school = (id: string) => ({ id, name: trust.schools.find((s) => s.id === id)?.name ?? id });
  const day = (iso: string | undefined) => (iso ? londonDate(new Date(iso)) : null);
  const spans: PairingSpan[] = [];
  for (const p of pairings) {
    const ofSchool = decisions.filter((d) => d.schoolId === p.schoolId);
    const at = ofSchool.findIndex((d) => d.id === p.decisionId);
    const window = windows.find((w) => w.id === p.windowId);
    if (at < 0 || !window) continue;
    const next = ofSchool[at + 1];
    spans.push({
      record: {
        term: { id: window.id, title: termTitle(window) },
        school: school(p.schoolId),
        area: areaNameOf(rubric, p.area),
        peer: school(p.peerSchoolId),
        confirmedBy: personName(trust, p.confirmedBy) ?? p.confirmedBy,
        confirmedOn: day(p.confirmedAt)!,
        answer: p.answer,
        answeredBy: personName(trust, p.answeredBy),
        answeredOn: day(p.answeredAt),
        endedOn: next ? day(next.decidedAt) : null,
      },
      made: windows.indexOf(window),
      ended: next ? windows.findIndex((w) => w.id === next.windowId) : Infinity,
    });
  }
  return spans;
}

/** A term's pairings: those made at its decisions, and earlier ones still in force in it. */
function pairingsIn(spans: readonly PairingSpan[], windows: readonly ReviewWindow[], window: ReviewWindow): PairingRecord[] {
  const term = windows.indexOf(window);
  return spans.filter((s) => s.made === term || (s.record.answer !== 'declined' && s.made < term && s.ended >= term)).map((s) => s.record);
}

export interface ExportData {
  rubric: Rubric;
  terms: { window: ReviewWindow; title: string; records: ExportRecord[] }[];
  /** The pairings of the terms exported, each once. */
  pairings: PairingRecord[];
}

/** Every school in every term with a review (or the term named), as the export's rows. */
export async function exportData(ctx: ReviewContext, actor: Actor, trust: Trust, termId?: string): Promise<ExportData | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('the export');
  const rubric = rubricOf(ctx, trust);
  const windows = byOpening(await ctx.store.listWindows());
  let chosen = windows;
  if (termId) {
    const named = windows.find((w) => w.id === termId);
    if (!named) return { kind: 'refusal', message: `There is no term "${termId}". The terms are: ${windows.map((w) => w.id).join(', ')}.` };
    chosen = [named];
  }
  const spans = await pairingSpans(ctx, trust, rubric, windows);
  const pairings = new Set<PairingRecord>();
  const terms: ExportData['terms'] = [];
  for (const window of chosen) {
    const submissions = await ctx.store.listSubmissions({ windowId: window.id });
    const decisions = await ctx.store.listDecisions({ windowId: window.id });
    if (!termId && submissions.length === 0 && decisions.length === 0) continue;
    const inTerm = pairingsIn(spans, windows, window);
    const records: ExportRecord[] = [];
    for (const school of trust.schools) {
      const submission = submissions.find((s) => s.schoolId === school.id) ?? null;
      const stored = await ctx.store.latestEvaluation(school.id, window.id);
      // A draft has no stored evaluation: its levels are worked out afresh, never saved (reads never write).
      const evaluation = submission?.state === 'submitted' && stored ? stored.evaluation
        : submission ? evaluate(rubric, submission.answers, evaluationOptions(ctx, trust, school, null, stored?.agreed)) : stored ? stored.evaluation : null;
      const decided = lastDecisionOf(decisions, school.id);
      records.push({
        term: { id: window.id, title: termTitle(window) },
        school: { id: school.id, name: school.name, urn: school.urn ?? null },
        state: submission ? submission.state : 'not started',
        submittedBy: personName(trust, submission?.submittedBy),
        submittedAt: submission?.submittedAt ?? null,
        evaluation,
        figures: figuresOf(submission),
        proposed: decided?.proposed ?? stored?.evaluation.category?.id ?? null,
        decided: decided ? {
          category: decided.category,
          how: decided.kind,
          by: personName(trust, decided.decidedBy) ?? decided.decidedBy,
          why: decided.rationale ?? stored?.evaluation.category?.reason ?? '',
          at: decided.decidedAt,
        } : null,
        pairings: { received: inTerm.filter((p) => p.school.id === school.id), given: inTerm.filter((p) => p.peer.id === school.id) },
      });
    }
    for (const p of inTerm) pairings.add(p);
    terms.push({ window, title: termTitle(window), records });
  }
  return { rubric, terms, pairings: [...pairings] };
}

/** The termly board report's facts: summary, changes, support, school-to-school support, late submissions, moderation. */
export async function reportData(ctx: ReviewContext, actor: Actor, trust: Trust, termId?: string): Promise<{ data: ReportData; window: ReviewWindow } | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('the board report');
  const window = await reviewedTerm(ctx, trust, termId);
  if ('kind' in window) return window;
  const rubric = rubricOf(ctx, trust);
  const model = modelOf(rubric);
  const submissions = await ctx.store.listSubmissions({ windowId: window.id });
  const decisions = await ctx.store.listDecisions({ windowId: window.id });
  const evaluations = await evaluationsIn(ctx, trust, window.id);
  const catColours = levelColours(Math.max(2, rubric.categories.length));
  const categoryName = (id: string | null) => (id ? rubric.categories.find((c) => c.id === id)?.name ?? id : null);

  const windows = byOpening(await ctx.store.listWindows());
  const pairings = pairingsIn(await pairingSpans(ctx, trust, rubric, windows), windows, windows.find((w) => w.id === window.id)!);
  const changes: ReportData['changes'] = [];
  const support: ReportData['support']['rows'] = [];
  const strands = rubric.support?.strands ?? [];
  const next = nextTerm(ctx.calendar, window);
  for (const school of trust.schools) {
    const decided = lastDecisionOf(decisions, school.id);
    if (!decided) continue;
    const evaluation = evaluations.get(school.id);
    changes.push({
      school: school.name,
      previous: categoryName(decided.previous),
      category: categoryName(decided.category)!,
      how: decided.kind,
      decidedBy: personName(trust, decided.decidedBy) ?? decided.decidedBy,
      why: decided.rationale ?? evaluation?.category?.reason ?? '',
      on: londonDate(new Date(decided.decidedAt)),
    });
    if (rubric.support && next) {
      const schedule = buildSchedule({ rubric, category: decided.category, calendar: ctx.calendar, from: next.firstDay, to: next.lastDay, lastDone: {} });
      const days: Record<string, number> = Object.fromEntries(strands.map((s) => [s.name, 0]));
      let meetings = 0;
      for (const o of schedule.occurrences) {
        const strand = strands.find((s) => s.id === o.strand)?.name ?? o.strand;
        if (o.days !== null) days[strand] = Math.round(((days[strand] ?? 0) + o.days) * 100) / 100;
        else meetings++;
      }
      support.push({ school: school.name, category: categoryName(decided.category)!, days, meetings });
    }
  }

  const late: ReportData['late'] = [];
  for (const school of trust.schools) {
    const submission = submissions.find((s) => s.schoolId === school.id);
    if (!submission) late.push({ school: school.name, state: 'missing', detail: 'no answers given' });
    else if (submission.state === 'draft') late.push({ school: school.name, state: 'not submitted', detail: `draft, last saved ${londonDate(new Date(submission.updatedAt))}` });
    else if (submission.submittedAt && londonDate(new Date(submission.submittedAt)) > window.closesOn) {
      late.push({ school: school.name, state: 'late', detail: `submitted ${londonDate(new Date(submission.submittedAt))}, after the window closed on ${window.closesOn}` });
    }
  }

  const moderation: ReportData['moderation'] = [];
  const flags: ReportData['flags'] = [];
  for (const school of trust.schools) {
    const evaluation = evaluations.get(school.id);
    if (!evaluation) continue;
    for (const area of Object.values(evaluation.areas)) {
      const r = areaRatings(area);
      const entry = model.areas.get(area.id);
      if (!entry || r.agreed === null || r.agreed === r.self) continue;
      const scale = scaleOf(model, entry.area.scale);
      const name = (id: string | null) => (id ? scale.levels.find((l) => l.id === id)?.name ?? id : '—');
      moderation.push({ school: school.name, area: area.name, self: name(r.self), evidence: name(r.evidence), agreed: name(r.agreed) });
    }
    for (const flag of evaluation.flags) flags.push({ school: school.name, message: flag.message });
  }

  const counts = rubric.categories.map((c, i) => ({ name: c.name, fill: catColours[i]!, count: trust.schools.filter((s) => lastDecisionOf(decisions, s.id)?.category === c.id).length }));
  return {
    window,
    data: {
      trustName: trust.name,
      rubricName: rubric.name,
      term: { id: window.id, title: termTitle(window), opensOn: window.opensOn, closesOn: window.closesOn },
      madeOn: londonDate(ctx.now()),
      summary: {
        schools: trust.schools.length,
        submitted: submissions.filter((s) => s.state === 'submitted').length,
        decided: trust.schools.filter((s) => lastDecisionOf(decisions, s.id)).length,
        categories: counts,
        shares: rubric.categories.length ? [] : rubric.groups.filter((g) => g.reportShareAt).map((g) => {
          const values = [...evaluations.values()].map((e) => e.groups[g.id]?.share?.value).filter((v): v is number => v !== undefined);
          return { strand: g.name, average: values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) : null };
        }),
      },
      changes,
      support: { term: next ? `${next.term[0]!.toUpperCase()}${next.term.slice(1)} term ${next.academicYear}` : null, strands: strands.map((s) => s.name), rows: support },
      pairings,
      late,
      moderation,
      flags,
    },
  };
}

/** `/report [term]` in chat: the board report and the heat map, offered as files to take away. */
export async function reportOffer(ctx: ReviewContext, actor: Actor, trust: Trust, termId?: string): Promise<FilesView | RefusalView> {
  const report = await reportData(ctx, actor, trust, termId);
  if ('kind' in report) return report;
  const { data, window } = report;
  const s = data.summary;
  const supporting = data.pairings.filter((p) => p.answer !== 'declined');
  return {
    kind: 'files',
    title: `Board report: ${data.term.title}`,
    lines: [
      `${s.schools} schools, ${s.submitted} reviews submitted${s.categories.length ? `, ${s.decided} categories decided` : ''}.`,
      ...(data.changes.length ? [`Categories: ${data.changes.map((c) => `${c.school} ${c.category}`).join(', ')}.`] : []),
      ...(supporting.length ? [`School-to-school support: ${supporting.map((p) => `${p.peer.name} supports ${p.school.name} in ${p.area}`).join(', ')}.`] : []),
      data.late.length ? `Late or missing: ${data.late.map((l) => `${l.school} (${l.state})`).join(', ')}.` : 'Every school submitted on time.',
    ],
    files: [
      { kind: 'report.pdf', subject: window.id, filename: `board-report-${window.id}.pdf`, label: 'The board report to print or send (PDF)' },
      { kind: 'report.html', subject: window.id, filename: `board-report-${window.id}.html`, label: 'The same report as a web page' },
      { kind: 'heatmap.png', subject: window.id, filename: `heatmap-${window.id}.png`, label: 'The heat map (PNG)' },
    ],
  };
}
