/**
 * The use-cases as every door sees them: an identity and plain data in, a view out.
 * Chat text and card actions are read here once, so Teams, Slack and the CLI agree.
 */
import { z } from 'zod';
import { nestsDeeperThan } from '../evaluator/nesting.js';
import { identify, refusals, type Actor, type Identity } from './actor.js';
import type { ReviewContext } from './context.js';
import { decide, overrideForm } from './decide.js';
import { moderate } from './moderate.js';
import { answerPairing, confirmPairing, ConfirmPairingInput } from './confirm-pairing.js';
import { peersNotice } from './peers.js';
import { calendarLines } from './jobs.js';
import { requireTrust, rubricOf } from './lookups.js';
import { parseContextCommand, setSchoolContext } from './school-context.js';
import { recordFigureText, recordStep, showStep, startReview, type Session } from './questionnaire.js';
import { remindNow } from './reminders.js';
import { importFigures, importReportLines, importWindow } from './import-figures.js';
import { reportOffer, termTitle } from './outputs.js';
import { reopenReview } from './reopen.js';
import { findSchool } from './schools.js';
import { ImportSheetError } from '../outputs/import.js';
import { schoolStatus, trustOverview } from './status.js';
import { evaluateAndPropose, submitReview } from './submit.js';
import type { ScheduleSettings } from '../scheduler/config.js';
import type { Submission, Trust } from '../store/records.js';
import type { HelpView, View } from './views.js';
import { closeWindow, openingNotice, openWindow, openWindowOf } from './windows.js';

/**
 * The platform's id for one delivery of a request (Teams: the activity id in its conversation).
 * A platform that retries delivers the same id again: the repeat gets the first answer, and
 * nothing is done or sent twice.
 */
export interface RequestRef {
  id: string;
  /** Said in leadership's own channel: what leadership is told about it is the answer itself. */
  inLeadershipChannel?: boolean;
}

export interface ReviewService {
  /** A message typed in chat: a command, or a figure while a review is open. */
  handleText(identity: Identity, text: string, request?: RequestRef): Promise<View>;
  /** A card button: its verb and the data it carries, card inputs merged in. */
  handleAction(identity: Identity, verb: string, data: Record<string, unknown>, request?: RequestRef): Promise<View>;
  /**
   * A spreadsheet sent in chat: its indicator figures are imported, and the row report comes
   * back. The text sent with it may say "dry run" (check only) or name a term ("2026-27-spring").
   */
  handleFile(identity: Identity, file: { name: string; content: Buffer }, text: string): Promise<View>;
  /** Someone opened the bot (installed it, or said hello): what they most likely came for. */
  greet(identity: Identity): Promise<View>;
}

/** How many requests' answers are kept for repeats: retries come within seconds, so a few hundred suffice. */
const REMEMBERED_REQUESTS = 500;

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
  'decision.confirm': z.object({ schoolId: id, windowId: id, proposalId: id.optional(), priorities: list }),
  'decision.moderate': z.object({ schoolId: id, windowId: id, proposalId: id.optional(), area: z.string().optional(), level: z.string().optional(), reason: z.string().optional() }),
  'decision.override': z.object({ schoolId: id, windowId: id, proposalId: id.optional(), category: z.string().optional(), rationale: z.string().optional(), priorities: list }),
  /** Draws the override form for the proposal named. */
  'decision.override.form': z.object({ schoolId: id, windowId: id, proposalId: id.optional() }),
  /** Opens a window leadership confirmed opening before its term has begun. */
  'window.open': z.object({ windowId: id }),
  /** `all`: every area and figure, not only those needing attention ("Show all areas"). */
  'status.show': z.object({ schoolId: id, all: z.enum(['yes', 'no']).optional() }),
  /** Leadership pairs a weak area of a decided school with a suggested peer (the decision post's buttons, or its list). */
  'pairing.confirm': ConfirmPairingInput,
  /** The supporting school's head: Confirm (accepted) or Not now (declined). */
  'pairing.answer': z.object({ decisionId: id, area: id, answer: z.enum(['accepted', 'declined']) }),
  /** The trust overview redrawn: `page` 0 is its first card, 1 on one page each of every school. */
  'overview.show': z.object({ page: whole.optional() }),
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
      { command: '/review reopen <school>', description: 'reopen a decided review so its head can change answers (CEO, Director of Education)' },
      { command: '/remind', description: 'remind heads who have not submitted' },
      { command: '/calendar', description: 'the review windows ahead' },
      { command: '/context <school> [<question> <answer>]', description: 'a school\'s context (e.g. Ofsted judgement, date it joined the trust), kept until changed' },
      { command: '/report [term]', description: 'the termly board report (PDF) and the heat map' },
      { command: '/peers [area]', description: 'school-to-school support: who is strong in what, and peers suggested for weak areas' },
      { command: '(attach a .csv or .xlsx)', description: 'import indicator figures; say "dry run" with it to check only' },
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

  /** Repeats of one request share its first answer: the same promise, in flight or settled. */
  const answered = new Map<string, Promise<View>>();
  function once(identity: Identity, request: RequestRef | undefined, run: () => Promise<View>): Promise<View> {
    if (!request) return run();
    const key = `${JSON.stringify(identity)}\u0000${request.id}`;
    const kept = answered.get(key);
    if (kept) return kept;
    const answer = run();
    answered.set(key, answer);
    if (answered.size > REMEMBERED_REQUESTS) answered.delete(answered.keys().next().value!);
    // A failure is not an answer: a retry may run it again.
    answer.catch(() => answered.delete(key));
    return answer;
  }

  /** A head with a review to do in the open window gets its Start card; everyone else, help. */
  async function greet(identity: Identity): Promise<View> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    const { trust, actor } = found;
    const window = await openWindowOf(ctx);
    if (window && actor.roles.includes('head')) {
      for (const school of trust.schools.filter((s) => actor.person.schoolIds.includes(s.id))) {
        const submission = await ctx.store.getSubmission(school.id, window.id);
        if (submission?.state !== 'submitted') return openingNotice(window, school, 'Type "help" for everything else I can do.');
      }
    }
    return helpView(actor);
  }

  async function handleText(identity: Identity, raw: string, request?: RequestRef): Promise<View> {
    const here = request?.inLeadershipChannel === true;
    const found = await who(identity);
    if (!found) return refusals.stranger();
    const { trust, actor } = found;
    const text = raw.trim().replace(/\s+/g, ' ');
    const [head = '', ...rest] = text.split(' ');
    const word = head.toLowerCase().replace(/^\//, '');
    const arg = rest.join(' ');

    if (word === 'help') return helpView(actor);
    if (word === '' || word === 'hi' || word === 'hello') return greet(identity);
    if (word === 'status') {
      if (arg) return schoolStatus(ctx, actor, trust, arg);
      if (actor.leadership) return trustOverview(ctx, actor, trust);
      const own = trust.schools.find((s) => actor.person.schoolIds.includes(s.id));
      return own ? schoolStatus(ctx, actor, trust, own.name) : refusals.stranger();
    }
    if (word === 'review') {
      const sub = arg.toLowerCase();
      if (sub === 'open' || sub.startsWith('open ')) return openWindow(ctx, actor, trust, sub.length > 5 ? { windowId: arg.slice(5).trim() } : {});
      if (sub === 'close') return closeWindow(ctx, actor, trust, here);
      if (sub === 'reopen') return { kind: 'refusal', message: 'Say which school\'s review to reopen, e.g. "/review reopen Reach Academy".' };
      if (sub.startsWith('reopen ')) return reopenReview(ctx, actor, trust, arg.slice(7).trim());
      if (sub.startsWith('close ')) return actor.leadership ? unexpected('/review close', arg.slice(6), 'it closes the open window') : closeWindow(ctx, actor, trust);
      if (!arg) return startReview(ctx, actor, trust);
      const match = findSchool(trust.schools, arg);
      if (match.kind !== 'found') return { kind: 'not_found', query: arg, suggestions: (match.kind === 'ambiguous' ? match.schools : match.suggestions).map((s) => s.name) };
      return startReview(ctx, actor, trust, { schoolId: match.school.id });
    }
    // Who may use a command is answered first; then words it does not take.
    if (word === 'remind') return arg && actor.leadership ? unexpected('/remind', arg, 'it reminds every head who has not submitted') : remindNow(ctx, actor, trust);
    if (word === 'calendar') return arg && actor.leadership ? unexpected('/calendar', arg, 'it lists the review windows ahead') : calendarView(actor, trust);
    if (word === 'context') {
      if (!arg) return { kind: 'refusal', message: 'Say which school, e.g. "/context Reach Academy" to see its context, or "/context Reach Academy ofsted special_measures" to change it.' };
      return setSchoolContext(ctx, actor, trust, parseContextCommand(rubricOf(ctx, trust), arg));
    }
    if (word === 'report') return reportOffer(ctx, actor, trust, arg || undefined);
    if (word === 'peers') return peersNotice(ctx, actor, trust, arg || undefined);

    const figure = await recordFigureText(ctx, actor, trust, text, afterSave);
    return figure ?? helpView(actor, text);
  }

  /** A command given words it does not take: named, and nothing done. */
  function unexpected(command: string, extra: string, what: string): View {
    return { kind: 'refusal', message: `${command} takes nothing after it (${what}), so "${extra}" was not understood and nothing was done. Type "help" for the commands.` };
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

  async function handleAction(identity: Identity, verb: string, data: Record<string, unknown>, request?: RequestRef): Promise<View> {
    const here = request?.inLeadershipChannel === true;
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
        return decide(ctx, actor, trust, { schoolId: d.schoolId, windowId: d.windowId, ...(d.proposalId ? { proposalId: d.proposalId } : {}), how: 'confirm', priorities: d.priorities }, here);
      }
      case 'decision.override': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['decision.override']>;
        return decide(ctx, actor, trust, { schoolId: d.schoolId, windowId: d.windowId, ...(d.proposalId ? { proposalId: d.proposalId } : {}), how: 'override', category: d.category, rationale: d.rationale, priorities: d.priorities }, here);
      }
      case 'decision.override.form': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['decision.override.form']>;
        return overrideForm(ctx, actor, trust, d);
      }
      case 'window.open':
        return openWindow(ctx, actor, trust, { windowId: (parsed.data as z.infer<(typeof ACTIONS)['window.open']>).windowId, confirmed: true });
      case 'status.show': {
        const d = parsed.data as z.infer<(typeof ACTIONS)['status.show']>;
        return schoolStatus(ctx, actor, trust, d.schoolId, d.all === 'yes');
      }
      case 'overview.show':
        return trustOverview(ctx, actor, trust, (parsed.data as z.infer<(typeof ACTIONS)['overview.show']>).page ?? 0);
      case 'decision.moderate':
        return moderate(ctx, actor, trust, parsed.data as z.infer<(typeof ACTIONS)['decision.moderate']>);
      case 'pairing.confirm':
        return confirmPairing(ctx, actor, trust, parsed.data as z.infer<(typeof ACTIONS)['pairing.confirm']>);
      case 'pairing.answer':
        return answerPairing(ctx, actor, trust, parsed.data as z.infer<(typeof ACTIONS)['pairing.answer']>);
    }
  }

  async function handleFile(identity: Identity, file: { name: string; content: Buffer }, text: string): Promise<View> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    const { trust, actor } = found;
    if (!actor.leadership) return refusals.leadershipOnly('importing figures from a spreadsheet');
    // exceljs loads only when a file arrives.
    const { readTable, sheetFormatOf } = await import('../outputs/sheets.js');
    const format = sheetFormatOf(file.name);
    if (!format) return { kind: 'refusal', message: `I can import figures from a .csv or .xlsx file; "${file.name}" is neither.` };
    const termId = /\b(\d{4}-\d{2}-(?:autumn|spring|summer))\b/i.exec(text)?.[1]?.toLowerCase();
    const dryRun = /\bdry[ -]?run\b|\bcheck only\b/i.test(text);
    let table;
    try {
      const window = await importWindow(ctx, termId);
      table = await readTable(file.content, format, 'kind' in window ? undefined : termTitle(window));
    } catch (e) {
      if (e instanceof ImportSheetError) return { kind: 'refusal', message: `Nothing was imported from ${file.name}: ${e.message}.` };
      throw e;
    }
    const report = await importFigures(ctx, actor, trust, table, { ...(termId ? { termId } : {}), dryRun, source: file.name });
    if ('kind' in report) return report;
    const [headline = '', ...rest] = importReportLines(report);
    // Every row refused: nothing changed, and the answer says why, row by row.
    if (report.applied.length === 0 && report.unchanged.length === 0 && report.problems.length > 0) {
      return { kind: 'refusal', message: [`Nothing was imported from ${file.name}.`, ...rest].join('\n') };
    }
    return { kind: 'notice', title: report.dryRun ? `Checked ${file.name} (nothing saved)` : `Imported ${file.name}`, lines: [headline, ...rest], action: null };
  }

  return {
    handleText: (identity, text, request) => once(identity, request, () => handleText(identity, text, request)),
    handleAction: (identity, verb, data, request) => once(identity, request, () => handleAction(identity, verb, data, request)),
    handleFile,
    greet,
  };
}
