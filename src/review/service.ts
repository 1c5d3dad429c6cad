/**
 * The use-cases as every door sees them: an identity and plain data in, a view out.
 * Chat text and card actions are read here once, so Teams, Slack and the CLI agree.
 */
import { z } from 'zod';
import { nestsDeeperThan } from '../evaluator/nesting.js';
import { identify, refusals, type Actor, type Identity } from './actor.js';
import type { ReviewContext } from './context.js';
import { decide } from './decide.js';
import { calendarLines } from './jobs.js';
import { requireTrust } from './lookups.js';
import { recordFigureText, recordStep, showStep, startReview, type Session } from './questionnaire.js';
import { remindNow } from './reminders.js';
import { findSchool } from './schools.js';
import { schoolStatus, trustOverview } from './status.js';
import { evaluateAndPropose, submitReview } from './submit.js';
import type { ScheduleSettings } from '../scheduler/config.js';
import type { Submission, Trust } from '../store/records.js';
import type { HelpView, RefusalView, View } from './views.js';
import { closeWindow, openWindow } from './windows.js';

export interface ReviewService {
  /** A message typed in chat: a command, or a figure while a review is open. */
  handleText(identity: Identity, text: string): Promise<View>;
  /** A card button: its verb and the data it carries, card inputs merged in. */
  handleAction(identity: Identity, verb: string, data: Record<string, unknown>): Promise<View>;
  /** Null when this person may confirm or override categories; otherwise the refusal (the override form is theirs alone). */
  mayDecide(identity: Identity): Promise<RefusalView | null>;
}

const id = z.string().min(1);
const whole = z.coerce.number().int().min(0);
/** Priorities come from a multi-select ChoiceSet as "a,b,c". */
const list = z.union([z.array(z.string()), z.string()]).optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(',').map((s) => s.trim()).filter(Boolean)));

export const ACTIONS = {
  'review.start': z.object({ schoolId: id.optional(), windowId: id.optional() }),
  'review.step': z.object({ schoolId: id, windowId: id, step: whole, version: whole, action: z.enum(['next', 'back', 'save', 'summary']) }),
  'review.submit': z.object({ schoolId: id, windowId: id, version: whole }),
  /** Shows a step as saved, without saving anything: how a head goes back from the summary. */
  'review.goto': z.object({ schoolId: id, windowId: id, step: whole }),
  'decision.confirm': z.object({ schoolId: id, windowId: id, priorities: list }),
  'decision.override': z.object({ schoolId: id, windowId: id, category: z.string().optional(), rationale: z.string().optional(), priorities: list }),
  'status.show': z.object({ schoolId: id }),
} as const;
export type ActionVerb = keyof typeof ACTIONS;

export function helpView(actor: Actor, notUnderstood: string | null = null): HelpView {
  const commands = [
    { command: 'review', description: 'start or carry on your school\'s review' },
    { command: '<figure> <value>', description: 'while a review is open, type a figure, e.g. "attendance 91.4"' },
    { command: '/status <school>', description: 'a school\'s category, trend, levels, review and support' },
  ];
  if (actor.leadership) {
    commands.push(
      { command: '/status', description: 'every school at a glance' },
      { command: '/review open', description: 'open this term\'s review window and message every head' },
      { command: '/review close', description: 'close the window; see who is missing and what awaits a decision' },
      { command: '/remind', description: 'remind heads who have not submitted' },
      { command: '/calendar', description: 'the review windows ahead' },
    );
  }
  commands.push({ command: 'help', description: 'this list' });
  return { kind: 'help', leadership: actor.leadership, commands, notUnderstood };
}

export interface ReviewServiceOptions {
  /** The scheduler's settings, so that /calendar shows the dates and times it will use. */
  schedule?: ScheduleSettings;
}

export function createReviewService(ctx: ReviewContext, options: ReviewServiceOptions = {}): ReviewService {
  const afterSave = (session: Session, submission: Submission) => evaluateAndPropose(ctx, session, submission).then(() => undefined);

  async function who(identity: Identity): Promise<{ trust: Trust; actor: Actor } | null> {
    const trust = await requireTrust(ctx);
    const actor = identify(trust, identity);
    return actor ? { trust, actor } : null;
  }

  async function handleText(identity: Identity, raw: string): Promise<View> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    const { trust, actor } = found;
    const text = raw.trim().replace(/\s+/g, ' ');
    const [head = '', ...rest] = text.split(' ');
    const word = head.toLowerCase().replace(/^\//, '');
    const arg = rest.join(' ');

    if (word === '' || word === 'help' || word === 'hi' || word === 'hello') return helpView(actor);
    if (word === 'status') {
      if (arg) return schoolStatus(ctx, actor, trust, arg);
      if (actor.leadership) return trustOverview(ctx, actor, trust);
      const own = trust.schools.find((s) => actor.person.schoolIds.includes(s.id));
      return own ? schoolStatus(ctx, actor, trust, own.name) : refusals.stranger();
    }
    if (word === 'review') {
      const sub = arg.toLowerCase();
      if (sub === 'open' || sub.startsWith('open ')) return openWindow(ctx, actor, trust, sub.length > 5 ? { windowId: arg.slice(5).trim() } : {});
      if (sub === 'close') return closeWindow(ctx, actor, trust);
      if (!arg) return startReview(ctx, actor, trust);
      const match = findSchool(trust.schools, arg);
      if (match.kind !== 'found') return { kind: 'not_found', query: arg, suggestions: (match.kind === 'ambiguous' ? match.schools : match.suggestions).map((s) => s.name) };
      return startReview(ctx, actor, trust, { schoolId: match.school.id });
    }
    if (word === 'remind') return remindNow(ctx, actor, trust);
    if (word === 'calendar') return calendarView(actor, trust);

    const figure = await recordFigureText(ctx, actor, trust, text, afterSave);
    return figure ?? helpView(actor, text);
  }

  /** The review windows ahead, then the scheduler's coming steps with their dates and times. */
  async function calendarView(actor: Actor, trust: Trust): Promise<View> {
    if (!actor.leadership) return refusals.leadershipOnly('the review calendar');
    const { windows, coming } = await calendarLines(ctx, trust, options.schedule);
    return {
      kind: 'notice',
      title: 'Review calendar',
      lines: [
        ...(windows.length ? windows : ['No review window is left in the term dates: add the next academic year.']),
        ...(coming.length ? ['Coming up (London time):', ...coming] : []),
      ],
      action: null,
    };
  }

  async function handleAction(identity: Identity, verb: string, data: Record<string, unknown>): Promise<View> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    const { trust, actor } = found;
    // Every door, not only Teams' (which refuses it at its edge): deep values would exhaust the stack in coercion.
    if (nestsDeeperThan(data)) return { kind: 'refusal', message: 'That card sent values nested too deeply to be answers. Type "review" to get a fresh card.' };
    // An own property only: `in` would find "constructor" or "__proto__" on every object.
    if (!Object.hasOwn(ACTIONS, verb)) return { kind: 'refusal', message: `That button ("${verb}") is not one I know. Type "help" for what I can do.` };
    const parsed = ACTIONS[verb as ActionVerb].safeParse(data, { reportInput: true });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const problem = issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message;
      return { kind: 'refusal', message: `That card's data was not understood (${issue.path.join('.') || 'data'}: ${problem}). Type "review" to get a fresh card.` };
    }
    switch (verb as ActionVerb) {
      case 'review.start': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['review.start']>;
        return startReview(ctx, actor, trust, d.schoolId ? { schoolId: d.schoolId } : {});
      }
      case 'review.step': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['review.step']>;
        return recordStep(ctx, actor, trust, { ...d, values: data }, afterSave);
      }
      case 'review.goto': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['review.goto']>;
        return showStep(ctx, actor, trust, d);
      }
      case 'review.submit':
        return submitReview(ctx, actor, trust, parsed.data as z.infer<(typeof ACTIONS)['review.submit']>);
      case 'decision.confirm': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['decision.confirm']>;
        return decide(ctx, actor, trust, { schoolId: d.schoolId, windowId: d.windowId, how: 'confirm', priorities: d.priorities });
      }
      case 'decision.override': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['decision.override']>;
        return decide(ctx, actor, trust, { schoolId: d.schoolId, windowId: d.windowId, how: 'override', category: d.category, rationale: d.rationale, priorities: d.priorities });
      }
      case 'status.show':
        return schoolStatus(ctx, actor, trust, (parsed.data as z.infer<(typeof ACTIONS)['status.show']>).schoolId);
    }
  }

  async function mayDecide(identity: Identity): Promise<RefusalView | null> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    return found.actor.decides ? null : refusals.decidersOnly();
  }

  return { handleText, handleAction, mayDecide };
}
