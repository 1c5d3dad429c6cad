/** `/status <school>` and `/status`: where a school stands, and the trust at a glance. */
import { evaluationOptions } from './evaluation-input.js';
import { contextLines } from './school-context.js';
import { evaluate } from '../evaluator/evaluate.js';
import { categoryName, describeArea, describeIndicator, shareWords } from '../evaluator/explain.js';
import { formatFigure } from '../evaluator/format.js';
import { modelOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import type { Evaluation } from '../evaluator/types.js';
import { buildSchedule } from '../support/index.js';
import type { Decision, OutboxMessage, Submission, Trust } from '../store/records.js';
import { canSee, refusals, type Actor } from './actor.js';
import { supportView } from './calendar-file.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { findSchool } from './schools.js';
import { reviewedTerm, termTitle } from './outputs.js';
import { nextTerm } from './terms.js';
import { decisionOn } from './reopen.js';
import { londonDate } from './time.js';
import { pairingLines } from './pairings.js';
import type { NotFoundView, OverviewView, RefusalView, SchoolStatusView, SupportSchedule } from './views.js';
import { plannedWindows, windowRef } from './windows.js';

export function arrowFor(rubricCategories: string[], decisions: Decision[]): string {
  const last = decisions.at(-1);
  const before = decisions.at(-2);
  if (!last) return '';
  if (!before) return '·';
  const delta = rubricCategories.indexOf(last.category) - rubricCategories.indexOf(before.category);
  return delta > 0 ? '↑' : delta < 0 ? '↓' : '→';
}

export async function schoolStatus(ctx: ReviewContext, actor: Actor, trust: Trust, query: string, showAll = false): Promise<SchoolStatusView | NotFoundView | RefusalView> {
  const match = findSchool(trust.schools, query);
  const visible = trust.schools.filter((s) => canSee(actor, s.id));
  if (match.kind !== 'found') {
    const suggestions = (match.kind === 'ambiguous' ? match.schools : match.suggestions).filter((s) => canSee(actor, s.id));
    return { kind: 'not_found', query, suggestions: (suggestions.length ? suggestions : visible).map((s) => s.name) };
  }
  const school = match.school;
  if (!canSee(actor, school.id)) return refusals.notYourSchool(actor, school.name);

  const rubric = rubricOf(ctx, trust);
  const windows = await plannedWindows(ctx);
  const all = await ctx.store.listDecisions({ schoolId: school.id });
  const current = all.at(-1) ?? null;
  const decisions = decisionPerWindow(all, windows);
  const open = windows.find((w) => w.state === 'open') ?? null;

  const evaluated = await latestEvaluationOf(ctx, school.id, current?.windowId ?? null, windows.map((w) => w.id));
  const evaluation = evaluated?.evaluation;
  const model = modelOf(rubric);
  const submission = open ? await ctx.store.getSubmission(school.id, open.id) : null;
  // A proposal submitted in the open window and not yet decided: its flags and basis are what leadership moderates.
  const pending = open && submission?.state === 'submitted' && !(await decisionOn(ctx, submission))
    ? (await ctx.store.latestEvaluation(school.id, open.id))?.evaluation
    : undefined;
  const shown = pending ?? evaluation;
  const decidedWindow = current ? windows.find((w) => w.id === current.windowId) : undefined;
  const term = decidedWindow ? nextTerm(ctx.calendar, decidedWindow) : null;
  const support = current && rubric.support && term ? supportLines(ctx, rubric, current.category, term) : [];
  const undelivered = (await ctx.store.listOutbox({ state: 'failed', schoolId: school.id })).map((m) => undeliveredLine(m, trust));
  const decider = current ? trust.people.find((p) => p.id === current.decidedBy) : undefined;

  return {
    kind: 'status',
    school: { id: school.id, name: school.name },
    note: match.fuzzy ? `Showing ${school.name}: there is no school called "${query}".` : null,
    rubricName: rubric.name,
    category: current ? { id: current.category, name: categoryName(rubric, current.category) } : null,
    since: current ? londonDate(new Date(sinceOf(all).decidedAt)) : null,
    decidedBy: decider?.name ?? current?.decidedBy ?? null,
    rationale: current?.rationale ?? null,
    trend: decisions.map((d) => ({ window: windowTitle(windows, d.windowId), category: { id: d.category, name: categoryName(rubric, d.category) } })),
    arrow: arrowFor(rubric.categories.map((c) => c.id), decisions),
    areas: evaluation ? Object.values(evaluation.areas).map((a) => ({ name: a.name, level: describeArea(rubric, a), source: a.source, attention: needsAttention(rubric, model.areas.get(a.id)?.area.scale, a.level) })) : [],
    indicators: evaluation ? Object.values(evaluation.indicators).filter((i) => i.value !== null).map((i) => ({ name: i.name, value: formatFigure(i.value!, i.unit), level: describeIndicator(rubric, i), attention: needsAttention(rubric, model.indicators.get(i.id)?.scale, i.level) })) : [],
    levelsFrom: evaluated ? windowTitle(windows, evaluated.windowId) : null,
    showAll,
    groupShares: evaluation ? sharesOf(evaluation) : [],
    shareTrend: rubric.groups.some((g) => g.reportShareAt) ? await shareTrend(ctx, school.id, windows) : [],
    hasCategories: rubric.categories.length > 0,
    submission: open ? { window: windowRef(open), state: (await decisionOn(ctx, submission)) ? 'decided' : submission?.state ?? 'not_started', progress: submissionProgress(ctx, trust, submission) } : null,
    support,
    priorities: current?.priorities.map((id) => rubric.groups.flatMap((g) => g.areas).find((a) => a.id === id)?.name ?? id) ?? [],
    undelivered,
    // Evaluations kept before proposals carried their provenance show none.
    basis: shown?.category?.provenance?.line
      ? `${pending ? `Proposed ${shown.category.name.toUpperCase()}, awaiting a decision. ` : ''}${shown.category.provenance.line}`
      : null,
    flags: shown?.flags.map((f) => f.message) ?? [],
    context: contextLines(rubric, school),
    pairings: await pairingLines(ctx, trust, rubric, school.id),
  };
}

/** The decision that stands in each window (a review reopened and decided again counts once), in window order. */
export function decisionPerWindow(decisions: Decision[], windows: { id: string; opensOn: string }[]): Decision[] {
  const last = new Map<string, Decision>();
  for (const d of decisions) last.set(d.windowId, d);
  // Each window looked up once, not on every comparison (the overview does this for every school).
  const opens = new Map([...last.keys()].map((id) => [id, windows.find((w) => w.id === id)?.opensOn ?? '']));
  return [...last.values()].sort((a, b) => opens.get(a.windowId)!.localeCompare(opens.get(b.windowId)!));
}

/** The decision that put the school in its category: the first of the latest run of that category. */
function sinceOf(decisions: Decision[]): Decision {
  let i = decisions.length - 1;
  while (i > 0 && decisions[i - 1]!.category === decisions[i]!.category) i--;
  return decisions[i]!;
}

/**
 * Area and indicator levels come from the evaluation behind the current decision; with no
 * decision (or a framework without categories), from the newest evaluation there is.
 */
async function latestEvaluationOf(ctx: ReviewContext, schoolId: string, decidedWindow: string | null, windowIds: string[]): Promise<{ evaluation: Evaluation; windowId: string } | undefined> {
  const order = decidedWindow ? [decidedWindow] : [...windowIds].reverse();
  for (const windowId of order) {
    const record = await ctx.store.latestEvaluation(schoolId, windowId);
    if (record) return { evaluation: record.evaluation, windowId };
  }
  return undefined;
}

/** A line needs attention when it is below its scale's best level (scales run worst first). */
function needsAttention(rubric: Rubric, scaleId: string | undefined, level: string | null): boolean {
  const levels = rubric.scales.find((s) => s.id === scaleId)?.levels;
  return level !== null && levels !== undefined && levels.at(-1)?.id !== level;
}

function sharesOf(evaluation: Evaluation): { name: string; share: string }[] {
  return Object.values(evaluation.groups).filter((g) => g.share)
    .map((g) => ({ name: g.name, share: shareWords(g.share!) }));
}

/** Each reviewed window's strand shares, oldest first: the trend of a framework without categories. */
async function shareTrend(ctx: ReviewContext, schoolId: string, windows: { id: string }[]): Promise<SchoolStatusView['shareTrend']> {
  const trend: SchoolStatusView['shareTrend'] = [];
  for (const window of windows) {
    const record = await ctx.store.latestEvaluation(schoolId, window.id);
    const shares = record ? sharesOf(record.evaluation) : [];
    if (shares.length) trend.push({ window: windowTitle(windows, window.id), shares });
  }
  return trend;
}

function windowTitle(windows: { id: string }[], id: string): string {
  const w = windows.find((x) => x.id === id);
  return w ? windowRef(w as Parameters<typeof windowRef>[0]).title.replace(/ review$/, '') : id;
}

function submissionProgress(ctx: ReviewContext, trust: Trust, submission: Submission | null): string {
  if (!submission) return 'not started';
  const rubric = rubricOf(ctx, trust);
  const school = trust.schools.find((s) => s.id === submission.schoolId);
  const evaluation = evaluate(rubric, submission.answers, school ? evaluationOptions(ctx, trust, school, null) : {});
  const total = Object.values(evaluation.areas).filter((a) => a.source !== 'not_applicable').length;
  const rated = Object.values(evaluation.areas).filter((a) => a.selfRating).length;
  const missing = evaluation.missing.length;
  return `${rated} of ${total} areas rated, ${missing === 0 ? 'every answer in' : `${missing} answer${missing === 1 ? '' : 's'} to come`}`;
}

/**
 * The support a category brings in a term is the same for every school that holds it (no
 * school's own dates go in: lastDone is empty), so it is laid out once per calendar, rubric,
 * category and term, not on every /status.
 */
const supportCache = new WeakMap<object, WeakMap<Rubric, Map<string, SchoolStatusView['support']>>>();

function supportLines(ctx: ReviewContext, rubric: Rubric, category: string, term: { firstDay: string; lastDay: string }): SchoolStatusView['support'] {
  const byRubric = supportCache.get(ctx.calendar) ?? new WeakMap<Rubric, Map<string, SchoolStatusView['support']>>();
  supportCache.set(ctx.calendar, byRubric);
  const byKey = byRubric.get(rubric) ?? new Map<string, SchoolStatusView['support']>();
  byRubric.set(rubric, byKey);
  const key = `${category}\u0000${term.firstDay}\u0000${term.lastDay}`;
  let lines = byKey.get(key);
  if (!lines) {
    const schedule = buildSchedule({ rubric, category, calendar: ctx.calendar, from: term.firstDay, to: term.lastDay, lastDone: {} });
    lines = supportInPlace(supportView(rubric, category, schedule, null));
    byKey.set(key, lines);
  }
  return lines.map((l) => ({ ...l }));
}

/** One line per activity: "weekly (Tuesdays), 30 minutes · from Tue 5 Jan · 11 times this term", then what is on request. */
function supportInPlace(schedule: SupportSchedule): SchoolStatusView['support'] {
  return [
    ...schedule.summary.map((line) => ({ title: line.title, owner: line.owner, when: `${line.often} · from ${line.first} · ${line.amount}` })),
    ...schedule.onRequest.map((item) => ({ title: item.title, owner: item.owner, when: 'on request' })),
  ];
}

/** A trust of up to this many schools sees every school on its overview, as one short card. */
export const OVERVIEW_ALL = 25;
/** A larger trust's first card lists at most this many schools needing attention. */
export const OVERVIEW_ATTENTION = 15;
/** Every school, this many to a page, one click from the first card. */
export const OVERVIEW_PAGE = 25;

type OverviewRow = OverviewView['schools'][number];

/**
 * The trust at a glance. Up to OVERVIEW_ALL schools: every school. Beyond: counts by category
 * and by review state, then the schools needing attention (a proposal awaiting a decision; not
 * submitted once the open window's last day has passed; in the category with the most support),
 * at most OVERVIEW_ATTENTION, so the card stays one Teams message; `page` (from 1) is one page
 * of every school, in the trust's order.
 */
export async function trustOverview(ctx: ReviewContext, actor: Actor, trust: Trust, page = 0): Promise<OverviewView | RefusalView> {
  if (!actor.leadership) {
    const own = trust.schools.filter((s) => actor.person.schoolIds.includes(s.id));
    return { kind: 'refusal', message: `The trust overview is for leadership. Try /status ${own[0]?.name ?? '<your school>'}.` };
  }
  const pages = Math.max(1, Math.ceil(trust.schools.length / OVERVIEW_PAGE));
  if (page > pages) return { kind: 'refusal', message: `The overview has ${pages} page${pages === 1 ? '' : 's'} of schools, so there is no page ${page}. Type /status for the overview.` };
  const rubric = rubricOf(ctx, trust);
  const windows = await plannedWindows(ctx);
  const open = windows.find((w) => w.state === 'open') ?? null;
  const today = londonDate(ctx.now());
  const late = open !== null && today > open.closesOn;
  // One read for the whole trust: each school's submission, proposal and newest decisions, enough for the arrow after a reopened window's second decision.
  const standings = new Map((await ctx.store.listStandings(open?.id ?? null, 3)).map((s) => [s.schoolId, s]));
  const categories = rubric.categories.map((c) => c.id);
  const mostSupport = categories[0];
  const byCategory = new Map<string, number>();
  const byState = new Map<string, number>();
  const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  const rows: OverviewRow[] = [];
  const awaiting: OverviewRow[] = [];
  const behind: OverviewRow[] = [];
  const lowest: OverviewRow[] = [];
  for (const school of trust.schools) {
    const standing = standings.get(school.id);
    const decisions = decisionPerWindow(standing?.decisions ?? [], windows);
    const current = decisions.at(-1)?.category;
    const submission = standing?.submission;
    const proposal = submission?.state === 'submitted' ? standing?.proposal : null;
    const state = !open ? 'no window open'
      : !submission ? 'not started'
        : submission.state === 'draft' ? 'draft'
          : proposal && standing?.decided ? 'decided'
            : 'awaiting a decision';
    const row: OverviewRow = {
      school: { id: school.id, name: school.name },
      category: current ? categoryName(rubric, current).toUpperCase() : '—',
      arrow: arrowFor(categories, decisions),
      submission: state === 'awaiting a decision' ? (proposal?.category ? `submitted: ${proposal.category.name.toUpperCase()} proposed` : 'submitted')
        : late && (state === 'not started' || state === 'draft') ? `${state}, late` : state,
    };
    rows.push(row);
    count(byCategory, current ?? '');
    count(byState, late && (state === 'not started' || state === 'draft') ? `${state}, late` : state);
    if (state === 'awaiting a decision') awaiting.push(row);
    else if (late && (state === 'not started' || state === 'draft')) behind.push(row);
    else if (current !== undefined && current === mostSupport) lowest.push(row);
  }
  const summary = {
    total: rows.length,
    categories: [...categories, ''].filter((c) => byCategory.has(c))
      .map((c) => ({ name: c ? categoryName(rubric, c).toUpperCase() : 'not yet categorised', count: byCategory.get(c)! })),
    reviews: ['awaiting a decision', 'decided', 'draft', 'draft, late', 'not started', 'not started, late', 'no window open']
      .filter((s) => byState.has(s)).map((state) => ({ state, count: byState.get(state)! })),
  };
  let shown: OverviewView['shown'];
  let schools: OverviewRow[];
  if (page > 0) {
    shown = { kind: 'page', page, pages };
    schools = rows.slice((page - 1) * OVERVIEW_PAGE, page * OVERVIEW_PAGE);
  } else if (rows.length <= OVERVIEW_ALL) {
    shown = { kind: 'all' };
    schools = rows;
  } else {
    const attention = [...awaiting, ...behind, ...lowest];
    shown = { kind: 'attention', more: Math.max(0, attention.length - OVERVIEW_ATTENTION) };
    schools = attention.slice(0, OVERVIEW_ATTENTION);
  }
  const upcoming = open ?? windows.find((w) => w.state === 'scheduled' && w.opensOn >= today) ?? null;
  const reviewed = await reviewedTerm(ctx, trust);
  const heatmap = 'kind' in reviewed ? null : { windowId: reviewed.id, term: termTitle(reviewed) };
  return { kind: 'overview', trustName: trust.name, rubricName: rubric.name, window: upcoming ? windowRef(upcoming) : null, heatmap, summary, shown, schools };
}

/** A message that could not be delivered, as leadership reads it: to whom, what, and why, without internal keys. */
function undeliveredLine(message: OutboxMessage, trust: Trust): string {
  const { view, recipient } = message.payload as { view?: { kind?: unknown; title?: unknown; headline?: unknown }; recipient?: { kind?: unknown; personId?: unknown } };
  const what = typeof view?.title === 'string' ? view.title
    : typeof view?.headline === 'string' ? view.headline
      : typeof view?.kind === 'string' ? `the ${view.kind} card` : 'a message';
  const person = recipient?.kind === 'person' ? trust.people.find((p) => p.id === recipient.personId) : undefined;
  const to = recipient?.kind === 'leadership' ? 'To leadership' : person ? `To ${person.name}` : 'A message';
  return `${to}: ${what} (${message.lastError ?? 'not delivered'})`;
}
