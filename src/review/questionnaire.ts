/**
 * The questionnaire: a school's review, a few areas at a time, then the figures, then a
 * summary with the proposed outcome. Every step is saved as it comes; a refused value
 * saves nothing from its step.
 */
import { agreedLevels, evaluationOptions } from './evaluation-input.js';
import { evaluate } from '../evaluator/evaluate.js';
import { describeChange, levelName } from '../evaluator/explain.js';
import { formatFigure } from '../evaluator/format.js';
import type { Answers, ModerationFlag } from '../evaluator/types.js';
import { emptyAnswers } from '../evaluator/types.js';
import { modelOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import type { ReviewWindow, School, Submission, Trust } from '../store/records.js';
import { StoreConflictError } from '../store/port.js';
import type { Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { categoryInForce, rubricOf } from './lookups.js';
import { applyStep, isAnswered, items, keys, progress, questionnaireSteps, type Step } from './steps.js';
import type { NoticeView, QuestionnaireView, RefusalView, SummaryView } from './views.js';
import { windowRef } from './windows.js';
import { dayAndDate } from './time.js';
import { decidedMessage, decisionOn } from './reopen.js';

export { AREAS_PER_STEP, FIGURES_PER_STEP, isAnswered, keys, questionnaireSteps, type Step } from './steps.js';

export interface Session {
  trust: Trust;
  rubric: Rubric;
  school: School;
  window: ReviewWindow;
  submission: Submission | null;
  steps: Step[];
}

/** Who may answer a school's review, in which window: refusals name the reason. */
export async function openSession(ctx: ReviewContext, actor: Actor, trust: Trust, schoolId: string | undefined): Promise<Session | RefusalView> {
  const rubric = rubricOf(ctx, trust);
  const window = (await ctx.store.listWindows()).find((w) => w.state === 'open');
  const isHead = actor.roles.includes('head');
  const id = schoolId ?? (actor.person.schoolIds.length === 1 ? actor.person.schoolIds[0] : undefined);
  if (!id) {
    return { kind: 'refusal', message: isHead ? 'You lead more than one school: say which, e.g. "review Reach Academy".' : 'Say which school, e.g. "review Reach Academy".' };
  }
  const school = trust.schools.find((s) => s.id === id);
  if (!school) return { kind: 'refusal', message: `There is no school "${id}" in ${trust.name}.` };
  const steps = questionnaireSteps(rubric, actor, trust.schools.find((s) => s.id === id)?.phases);
  const headHere = isHead && actor.person.schoolIds.includes(school.id);
  const central = actor.roles.some((r) => r !== 'head' && rubric.roles.some((x) => x.id === r));
  if (!headHere && !central) {
    if (isHead) return { kind: 'refusal', message: `Sorry, you can answer for your own school only, not ${school.name}.` };
    return { kind: 'refusal', message: `Only the head of ${school.name} and the central leads who rate its lines answer its review.` };
  }
  if (!window) return { kind: 'refusal', message: 'No review window is open just now, so there is nothing to answer. You will get a message when the next one opens.' };
  const mine = headHere ? steps : questionnaireSteps(rubric, { ...actor, roles: actor.roles.filter((r) => r !== 'head') }, school.phases);
  if (mine.length === 0) return { kind: 'refusal', message: `There is nothing in the ${rubric.name} for you to rate.` };
  return { trust, rubric, school, window, submission: await ctx.store.getSubmission(school.id, window.id), steps: mine };
}

export function stepView(session: Session, index: number, errors: Record<string, string> = {}, notice: string | null = null, pending?: Answers): QuestionnaireView {
  const answers = pending ?? session.submission?.answers ?? emptyAnswers();
  const step = session.steps[index]!;
  return {
    kind: 'questionnaire',
    school: { id: session.school.id, name: session.school.name },
    window: windowRef(session.window),
    rubricName: session.rubric.name,
    step: index,
    steps: session.steps.length,
    title: step.title,
    progress: progress(session.rubric, answers, session.steps),
    items: items(session.rubric, answers, step),
    errors,
    version: session.submission?.version ?? 0,
    canBack: index > 0,
    notice,
  };
}

export async function summaryView(ctx: ReviewContext, session: Session, notice: string | null = null, decided = false): Promise<SummaryView> {
  const answers = session.submission?.answers ?? emptyAnswers();
  const previous = await categoryInForce(ctx, session.school.id);
  const agreed = await agreedLevels(ctx, session.school.id, session.window.id);
  const evaluation = evaluate(session.rubric, answers, evaluationOptions(ctx, session.trust, session.school, previous, agreed));
  const mineOpen = session.steps.filter((s) => !isAnswered(session.rubric, answers, s)).map((s) => s.title);
  return {
    kind: 'summary',
    school: { id: session.school.id, name: session.school.name },
    window: windowRef(session.window),
    steps: session.steps.length,
    version: session.submission?.version ?? 0,
    state: session.submission?.state ?? 'draft',
    proposal: evaluation.category
      ? {
          category: { id: evaluation.category.id, name: evaluation.category.name },
          reason: evaluation.category.reason,
          facts: evaluation.category.facts,
          change: evaluation.change ? describeChange(session.rubric, evaluation.change) : '',
          basis: evaluation.category.provenance.line,
        }
      : null,
    undetermined: evaluation.undetermined ? `${evaluation.undetermined.reason} Waiting on: ${evaluation.undetermined.waitingOn.join(', ')}.` : null,
    flags: evaluation.flags.map((f) => ownWords(session.rubric, f)),
    missing: evaluation.missing.map((m) => m.name),
    canSubmit: mineOpen.length === 0,
    decided,
    notice,
  };
}

/**
 * A moderation flag as the person who rated it reads it: what they said, what the evidence
 * says, which of the two the proposal reads, and that leadership talks it through (not "please moderate").
 */
function ownWords(rubric: Rubric, flag: ModerationFlag): string {
  const area = modelOf(rubric).areas.get(flag.area)?.area;
  if (!area) return flag.message;
  const name = (id: string) => levelName(rubric, area.scale, id);
  const reads = flag.complete
    ? 'The proposal reads the evidence; your rating is kept beside it'
    : 'Your rating stands until the rest of the evidence is in';
  return `${area.name}: you rated it ${name(flag.selfRating)}, and its evidence points to ${name(flag.evidenceLevel)}. ${reads}, and leadership will look at the difference with you.`;
}

/** Starts or resumes: the first step with something unanswered, or the summary when all is in. */
export async function startReview(ctx: ReviewContext, actor: Actor, trust: Trust, payload: { schoolId?: string } = {}): Promise<QuestionnaireView | SummaryView | RefusalView> {
  const session = await openSession(ctx, actor, trust, payload.schoolId);
  if ('kind' in session) return session;
  const answers = session.submission?.answers ?? emptyAnswers();
  const first = session.steps.findIndex((s) => !isAnswered(session.rubric, answers, s));
  const decided = await decisionOn(ctx, session.submission);
  if (decided) return summaryView(ctx, session, decidedMessage(ctx, trust, session.school.name, decided), true);
  if (first < 0) return summaryView(ctx, session, session.submission?.state === 'submitted' ? 'Submitted. You can still change answers until the window closes.' : null);
  // The central team's lines may be in already: "welcome back" only to someone who has answered before.
  const answeredBefore = session.steps.some((s) => s.areaIds.some((id) => answers.ratings[id] !== undefined) || s.indicatorIds.some((id) => answers.indicators[id] !== undefined));
  const resumed = answeredBefore ? `Welcome back: carrying on from "${session.steps[first]!.title}".` : null;
  return stepView(session, first, {}, resumed);
}

/** A step as saved, with nothing changed: going back from the summary to edit. */
export async function showStep(ctx: ReviewContext, actor: Actor, trust: Trust, payload: { schoolId: string; windowId: string; step: number }): Promise<QuestionnaireView | RefusalView> {
  const session = await openSession(ctx, actor, trust, payload.schoolId);
  if ('kind' in session) return session;
  if (session.window.id !== payload.windowId) {
    return { kind: 'refusal', message: `That review is for a window that is no longer open. Type "review" for the ${windowRef(session.window).title}.` };
  }
  return stepView(session, Math.min(Math.max(0, payload.step), session.steps.length - 1));
}

export type StepAction = 'next' | 'back' | 'save' | 'summary';

export interface StepPayload {
  schoolId: string;
  windowId: string;
  step: number;
  /** The submission version the card was drawn from. */
  version: number;
  action: StepAction;
  values: Record<string, unknown>;
}

/** Records one step's answers and moves on. */
export async function recordStep(
  ctx: ReviewContext, actor: Actor, trust: Trust, payload: StepPayload,
  onSaved: (session: Session, submission: Submission) => Promise<void>,
): Promise<QuestionnaireView | SummaryView | NoticeView | RefusalView> {
  const session = await openSession(ctx, actor, trust, payload.schoolId);
  if ('kind' in session) return session;
  if (session.window.id !== payload.windowId) {
    return { kind: 'refusal', message: `That questionnaire was for a window that is no longer open. Type "review" for the ${windowRef(session.window).title}.` };
  }
  const index = Math.min(Math.max(0, Math.trunc(payload.step)), session.steps.length - 1);
  const decided = await decisionOn(ctx, session.submission);
  if (decided) return { kind: 'refusal', message: decidedMessage(ctx, trust, session.school.name, decided) };
  const current = session.submission?.version ?? 0;
  if (payload.version !== current) {
    return stepView(session, index, {}, 'These answers were changed elsewhere since this card was drawn; here are the latest. Please check them and carry on.');
  }
  const applied = applyStep(session.rubric, session.submission?.answers ?? emptyAnswers(), session.steps[index]!, payload.values);
  if ('errors' in applied) {
    const view = stepView(session, index, applied.errors, 'Nothing from this step was saved: please correct the values marked.');
    return view;
  }

  let submission = session.submission;
  if (JSON.stringify(applied.answers) !== JSON.stringify(submission?.answers ?? emptyAnswers())) {
    const reopened = submission?.state === 'submitted' && actor.roles.includes('head') && actor.person.schoolIds.includes(session.school.id);
    const saved: Submission = {
      id: submission?.id ?? `${session.window.id}:${session.school.id}`,
      schoolId: session.school.id,
      windowId: session.window.id,
      rubricId: session.rubric.id,
      state: reopened ? 'draft' : submission?.state ?? 'draft',
      answers: applied.answers,
      version: current + 1,
      updatedAt: ctx.now().toISOString(),
      updatedBy: actor.person.id,
      ...(submission?.submittedAt && !reopened ? { submittedAt: submission.submittedAt, submittedBy: submission.submittedBy } : {}),
    };
    try {
      await ctx.store.saveSubmission(saved, current, {
        at: saved.updatedAt, actor: actor.person.id, action: reopened ? 'submission.reopened' : 'submission.answered',
        subject: `submission:${saved.id}`, detail: { step: session.steps[index]!.title, version: saved.version },
      });
    } catch (e) {
      if (!(e instanceof StoreConflictError)) throw e;
      const fresh = { ...session, submission: await ctx.store.getSubmission(session.school.id, session.window.id) };
      return stepView(fresh, index, {}, 'Someone else saved this review a moment ago; here are the latest answers. Please check them and carry on.');
    }
    submission = saved;
    await onSaved(session, saved);
  }
  const next: Session = { ...session, submission };

  if (payload.action === 'save') {
    return {
      kind: 'notice',
      title: `Saved: ${session.school.name}`,
      lines: [`Your answers so far are saved (${progress(session.rubric, submission?.answers ?? emptyAnswers(), session.steps)}).`, `Type "review" to carry on. The window closes on ${dayAndDate(session.window.closesOn)}.`],
      action: { title: 'Carry on', verb: 'review.start', data: { schoolId: session.school.id, windowId: session.window.id } },
    };
  }
  if (payload.action === 'back') return stepView(next, Math.max(0, index - 1));
  if (payload.action === 'summary' || index + 1 >= session.steps.length) {
    const reopenedNote = submission?.state === 'draft' && session.submission?.state === 'submitted' ? 'You changed a submitted review: submit it again so leadership sees the change.' : null;
    return summaryView(ctx, next, reopenedNote);
  }
  return stepView(next, index + 1);
}

/**
 * A figure typed in plain text while a review is open: "attendance 91.4", "Persistent absence: 20%".
 * Returns null when the text does not look like a figure at all (so the door can show help).
 */
export async function recordFigureText(
  ctx: ReviewContext, actor: Actor, trust: Trust, text: string,
  onSaved: (session: Session, submission: Submission) => Promise<void>,
): Promise<NoticeView | RefusalView | null> {
  const match = /^\s*([a-z][a-z0-9 _'&()-]*?)\s*[:=]?\s*(-?\d+(?:\.\d+)?)\s*%?\s*$/i.exec(text);
  if (!match) return null;
  const session = await openSession(ctx, actor, trust, undefined);
  if ('kind' in session) return session;
  const mine = session.steps.flatMap((s) => s.indicatorIds).map((id) => modelOf(session.rubric).indicators.get(id)!).filter((i) => !i.transitions);
  const candidates = figuresNamed(mine, match[1]!);
  if (candidates.length !== 1) {
    return { kind: 'refusal', message: candidates.length
      ? `"${match[1]}" could be ${candidates.map((i) => i.name).join(' or ')}: which? Type it again with the figure's full name. Nothing was saved.`
      : `I don't know a figure called "${match[1]}", so nothing was saved. Type a figure's name or the abbreviation in brackets after it: ${mine.map((i) => i.name).join(', ')}.` };
  }
  const indicator = candidates[0]!;
  const step = session.steps.findIndex((s) => s.indicatorIds.includes(indicator.id));
  const result = await recordStep(ctx, actor, trust, {
    schoolId: session.school.id, windowId: session.window.id, step, version: session.submission?.version ?? 0, action: 'save',
    values: { ...currentValues(session, step), [keys.figure(indicator.id)]: match[2] },
  }, onSaved);
  if (result.kind === 'questionnaire') {
    return { kind: 'refusal', message: Object.values(result.errors)[0] ?? result.notice ?? 'That figure was not saved.' };
  }
  if (result.kind !== 'notice') return result.kind === 'refusal' ? result : null;
  const evaluation = evaluate(session.rubric, (await ctx.store.getSubmission(session.school.id, session.window.id))!.answers, evaluationOptions(ctx, session.trust, session.school, null));
  const level = evaluation.indicators[indicator.id]!;
  const levelName = session.rubric.scales.find((s) => s.id === indicator.scale)!.levels.find((l) => l.id === level.level)?.name;
  return {
    kind: 'notice',
    title: `Saved for ${session.school.name}`,
    lines: [`${indicator.name}: ${formatFigure(Number(match[2]), indicator.unit)}${levelName ? ` (${levelName})` : ''}.`],
    action: null,
  };
}

const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * The figures a typed name means: a figure's full name, its name without the bracketed
 * abbreviation, its id, or exactly that abbreviation ("PA" for "Persistent absence (PA)").
 * Never a prefix: "pa" must not find "partial timetables".
 */
export function figuresNamed<T extends { id: string; name: string }>(figures: T[], typed: string): T[] {
  const t = plain(typed);
  return figures.filter((i) => {
    const name = plain(i.name);
    const abbreviation = /\(([^()]+)\)\s*$/.exec(i.name)?.[1];
    return t === name || t === plain(i.name.replace(/\s*\([^()]*\)\s*$/, '')) || t === plain(i.id) || (abbreviation !== undefined && t === plain(abbreviation));
  });
}

/** The step's answers as card values, so saving one figure leaves the others on its step as they are. */
function currentValues(session: Session, step: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const answers = session.submission?.answers ?? emptyAnswers();
  for (const item of items(session.rubric, answers, session.steps[step]!)) {
    if (item.kind === 'indicator') values[item.key] = item.value ?? '';
    if (item.kind === 'transitions') for (const c of item.cells) values[c.key] = c.value ?? '';
  }
  return values;
}

