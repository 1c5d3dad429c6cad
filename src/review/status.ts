/** `/status <school>` and `/status`: where a school stands, and the trust at a glance. */
import { evaluate } from '../evaluator/evaluate.js';
import { categoryName, describeArea, describeIndicator, shareWords } from '../evaluator/explain.js';
import { formatFigure } from '../evaluator/format.js';
import type { Evaluation } from '../evaluator/types.js';
import type { Rubric } from '../rubric/schema.js';
import { buildSchedule } from '../support/index.js';
import type { Decision, Submission, Trust } from '../store/records.js';
import { canSee, refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { findSchool } from './schools.js';
import { nextTerm } from './terms.js';
import { londonDate } from './time.js';
import type { NotFoundView, OverviewView, RefusalView, SchoolStatusView } from './views.js';
import { ensureWindows, windowRef } from './windows.js';

export function arrowFor(rubricCategories: string[], decisions: Decision[]): string {
  const last = decisions.at(-1);
  const before = decisions.at(-2);
  if (!last) return '';
  if (!before) return '·';
  const delta = rubricCategories.indexOf(last.category) - rubricCategories.indexOf(before.category);
  return delta > 0 ? '↑' : delta < 0 ? '↓' : '→';
}

export async function schoolStatus(ctx: ReviewContext, actor: Actor, trust: Trust, query: string): Promise<SchoolStatusView | NotFoundView | RefusalView> {
  const match = findSchool(trust.schools, query);
  const visible = trust.schools.filter((s) => canSee(actor, s.id));
  if (match.kind !== 'found') {
    const suggestions = (match.kind === 'ambiguous' ? match.schools : match.suggestions).filter((s) => canSee(actor, s.id));
    return { kind: 'not_found', query, suggestions: (suggestions.length ? suggestions : visible).map((s) => s.name) };
  }
  const school = match.school;
  if (!canSee(actor, school.id)) return refusals.notYourSchool(actor, school.name);

  const rubric = rubricOf(ctx, trust);
  const decisions = await ctx.store.listDecisions({ schoolId: school.id });
  const current = decisions.at(-1) ?? null;
  const windows = await ensureWindows(ctx);
  const open = windows.find((w) => w.state === 'open') ?? null;

  const evaluation = await latestEvaluationOf(ctx, school.id, current?.windowId ?? null, windows.map((w) => w.id));
  const submission = open ? await ctx.store.getSubmission(school.id, open.id) : null;
  const decidedWindow = current ? windows.find((w) => w.id === current.windowId) : undefined;
  const term = decidedWindow ? nextTerm(ctx.calendar, decidedWindow) : null;
  const support = current && rubric.support && term ? supportLines(ctx, rubric, current.category, term) : [];
  const undelivered = (await ctx.store.listOutbox({ state: 'failed' }))
    // The outbox keeps the school a message is about beside its view (src/outbox/payload.ts).
    .filter((m) => (m.payload.school as { id?: unknown } | null | undefined)?.id === school.id)
    .map((m) => `${m.idempotencyKey} (${m.lastError ?? 'not delivered'})`);
  const decider = current ? trust.people.find((p) => p.id === current.decidedBy) : undefined;

  return {
    kind: 'status',
    school: { id: school.id, name: school.name },
    rubricName: rubric.name,
    category: current ? { id: current.category, name: categoryName(rubric, current.category) } : null,
    since: current ? londonDate(new Date(current.decidedAt)) : null,
    decidedBy: decider?.name ?? current?.decidedBy ?? null,
    rationale: current?.rationale ?? null,
    trend: decisions.map((d) => ({ window: windowTitle(windows, d.windowId), category: { id: d.category, name: categoryName(rubric, d.category) } })),
    arrow: arrowFor(rubric.categories.map((c) => c.id), decisions),
    areas: evaluation ? Object.values(evaluation.areas).map((a) => ({ name: a.name, level: describeArea(rubric, a), source: a.source })) : [],
    indicators: evaluation ? Object.values(evaluation.indicators).filter((i) => i.value !== null).map((i) => ({ name: i.name, value: formatFigure(i.value!, i.unit), level: describeIndicator(rubric, i) })) : [],
    groupShares: evaluation ? sharesOf(evaluation) : [],
    shareTrend: rubric.groups.some((g) => g.reportShareAt) ? await shareTrend(ctx, school.id, windows) : [],
    hasCategories: rubric.categories.length > 0,
    submission: open ? { window: windowRef(open), state: submission?.state ?? 'not_started', progress: submissionProgress(ctx, trust, submission) } : null,
    support,
    priorities: current?.priorities.map((id) => rubric.groups.flatMap((g) => g.areas).find((a) => a.id === id)?.name ?? id) ?? [],
    undelivered,
  };
}

/**
 * Area and indicator levels come from the evaluation behind the current decision; with no
 * decision (or a framework without categories), from the newest evaluation there is.
 */
async function latestEvaluationOf(ctx: ReviewContext, schoolId: string, decidedWindow: string | null, windowIds: string[]): Promise<Evaluation | undefined> {
  const order = decidedWindow ? [decidedWindow] : [...windowIds].reverse();
  for (const windowId of order) {
    const record = await ctx.store.latestEvaluation(schoolId, windowId);
    if (record) return record.evaluation as unknown as Evaluation;
  }
  return undefined;
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
    const shares = record ? sharesOf(record.evaluation as unknown as Evaluation) : [];
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
  const evaluation = evaluate(rubric, submission.answers);
  const total = Object.keys(evaluation.areas).length;
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
    const support = buildSchedule({ rubric, category, calendar: ctx.calendar, from: term.firstDay, to: term.lastDay, lastDone: {} });
    lines = [...summariseSupport(support.occurrences), ...support.undated.map((a) => ({ title: a.title, owner: a.owner, when: 'when needed' }))];
    byKey.set(key, lines);
  }
  return lines.map((l) => ({ ...l }));
}

/** One line per activity: "weekly (12)", "3 days", "on 2027-01-12". */
function summariseSupport(occurrences: { activity: string; title: string; owner: string; date: string; days: number | null }[]): SchoolStatusView['support'] {
  const byActivity = new Map<string, typeof occurrences>();
  for (const o of occurrences) byActivity.set(o.activity, [...(byActivity.get(o.activity) ?? []), o]);
  return [...byActivity.values()].map((list) => {
    const first = list[0]!;
    const days = list.reduce((n, o) => n + (o.days ?? 0), 0);
    const when = days > 0 ? `${formatFigure(days, '')} day${days === 1 ? '' : 's'} from ${first.date}` : list.length === 1 ? `on ${first.date}` : `${list.length} times from ${first.date}`;
    return { title: first.title, owner: first.owner, when };
  });
}

export async function trustOverview(ctx: ReviewContext, actor: Actor, trust: Trust): Promise<OverviewView | RefusalView> {
  if (!actor.leadership) {
    const own = trust.schools.filter((s) => actor.person.schoolIds.includes(s.id));
    return { kind: 'refusal', message: `The trust overview is for leadership. Try /status ${own[0]?.name ?? '<your school>'}.` };
  }
  const rubric = rubricOf(ctx, trust);
  const windows = await ensureWindows(ctx);
  const open = windows.find((w) => w.state === 'open') ?? null;
  // Three indexed reads for the whole trust, not one scan of every decision per school.
  const submissions = new Map((open ? await ctx.store.listSubmissions({ windowId: open.id }) : []).map((s) => [s.schoolId, s]));
  const proposals = new Map((open ? await ctx.store.latestEvaluations(open.id) : []).map((e) => [e.schoolId, e.evaluation as unknown as Evaluation]));
  const decidedNow = new Set((open ? await ctx.store.listDecisions({ windowId: open.id }) : []).map((d) => d.schoolId));
  const latest = new Map<string, Decision[]>();
  for (const d of await ctx.store.listLatestDecisions(2)) latest.set(d.schoolId, [...(latest.get(d.schoolId) ?? []), d]);
  const categories = rubric.categories.map((c) => c.id);
  const schools = [];
  for (const school of trust.schools) {
    const decisions = latest.get(school.id) ?? [];
    const submission = submissions.get(school.id);
    const proposed = submission?.state === 'submitted' ? proposals.get(school.id) : undefined;
    schools.push({
      school: { id: school.id, name: school.name },
      category: decisions.length ? categoryName(rubric, decisions.at(-1)!.category).toUpperCase() : '—',
      arrow: arrowFor(categories, decisions),
      submission: !open ? 'no window open'
        : !submission ? 'not started'
          : submission.state === 'draft' ? 'draft'
            : decidedNow.has(school.id) ? 'decided'
              : proposed?.category ? `submitted: ${proposed.category.name.toUpperCase()} proposed` : 'submitted',
    });
  }
  const upcoming = open ?? windows.find((w) => w.state === 'scheduled' && w.opensOn >= londonDate(ctx.now())) ?? null;
  return { kind: 'overview', trustName: trust.name, rubricName: rubric.name, window: upcoming ? windowRef(upcoming) : null, schools };
}
