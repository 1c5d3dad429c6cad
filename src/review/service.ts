/**
 * The use-cases as every door sees them: an identity and plain data in, a view out.
 * Chat text and card actions are read here once, so Teams, Slack and the CLI agree.
 */
import { z } from 'zod';
import { nestsDeeperThan } from '../evaluator/nesting.js';
import { identify, refusals, type Actor, type Identity } from './actor.js';
import type { ReviewContext } from './context.js';
import { greeting, helpView, readCommand, runCommand } from './commands.js';
import { decide, overrideForm } from './decide.js';
import { moderate } from './moderate.js';
import { answerPairing, confirmPairing, ConfirmPairingInput } from './confirm-pairing.js';
import { requireTrust } from './lookups.js';
import { recordFigureText, recordStep, showStep, startReview, type Session } from './questionnaire.js';
import { importFigures, importReportLines, importWindow } from './import-figures.js';
import { termTitle } from './outputs.js';
import { ImportSheetError } from '../outputs/import.js';
import { schoolStatus, trustOverview } from './status.js';
import { evaluateAndPropose, submitReview } from './submit.js';
import type { ScheduleSettings } from '../scheduler/config.js';
import type { Submission, Trust } from '../store/records.js';
import type { View } from './views.js';
import { openWindow } from './windows.js';

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

/** What a card action's handler gets: the asker, the trust, and every value the card sent. */
interface ActionCall {
  ctx: ReviewContext;
  actor: Actor;
  trust: Trust;
  /** Pressed on a post in leadership's own channel, where the answer replaces the card. */
  inLeadershipChannel: boolean;
  /** The card's data with its inputs merged in, as sent (a questionnaire step reads its answers here). */
  values: Record<string, unknown>;
}

/** A card action: the data its button must carry, and the use-case it calls with that data. */
interface Action<S extends z.ZodType = z.ZodType> {
  schema: S;
  run(call: ActionCall, data: z.output<S>): Promise<View>;
}

function action<S extends z.ZodType>(schema: S, run: (call: ActionCall, data: z.output<S>) => Promise<View>): Action<S> {
  return { schema, run };
}

/** A saved answer is evaluated, and a submitted review proposed afresh. */
const afterSaving = (ctx: ReviewContext) => (session: Session, submission: Submission) => evaluateAndPropose(ctx, session, submission).then(() => undefined);

/** Every card action by its verb: a door lists and checks verbs here, and every door's buttons reach the same use-cases. */
export const ACTIONS = {
  'review.start': action(z.object({ schoolId: id.optional(), windowId: id.optional() }),
    ({ ctx, actor, trust }, d) => startReview(ctx, actor, trust, d.schoolId ? { schoolId: d.schoolId } : {})),
  'review.step': action(z.object({ schoolId: id, windowId: id, step: whole, version: whole, action: z.enum(['next', 'back', 'save', 'summary']) }),
    ({ ctx, actor, trust, values }, d) => recordStep(ctx, actor, trust, { ...d, values }, afterSaving(ctx))),
  'review.submit': action(z.object({ schoolId: id, windowId: id, version: whole }),
    ({ ctx, actor, trust }, d) => submitReview(ctx, actor, trust, d)),
  /** Shows a step as saved, without saving anything: how a head goes back from the summary. */
  'review.goto': action(z.object({ schoolId: id, windowId: id, step: whole }),
    ({ ctx, actor, trust }, d) => showStep(ctx, actor, trust, d)),
  'decision.confirm': action(z.object({ schoolId: id, windowId: id, proposalId: id.optional(), priorities: list }),
    ({ ctx, actor, trust, inLeadershipChannel }, d) => decide(ctx, actor, trust, { schoolId: d.schoolId, windowId: d.windowId, ...(d.proposalId ? { proposalId: d.proposalId } : {}), how: 'confirm', priorities: d.priorities }, inLeadershipChannel)),
  'decision.moderate': action(z.object({ schoolId: id, windowId: id, proposalId: id.optional(), area: z.string().optional(), level: z.string().optional(), reason: z.string().optional() }),
    ({ ctx, actor, trust }, d) => moderate(ctx, actor, trust, d)),
  'decision.override': action(z.object({ schoolId: id, windowId: id, proposalId: id.optional(), category: z.string().optional(), rationale: z.string().optional(), priorities: list }),
    ({ ctx, actor, trust, inLeadershipChannel }, d) => decide(ctx, actor, trust, { schoolId: d.schoolId, windowId: d.windowId, ...(d.proposalId ? { proposalId: d.proposalId } : {}), how: 'override', category: d.category, rationale: d.rationale, priorities: d.priorities }, inLeadershipChannel)),
  /** Draws the override form for the proposal named. */
  'decision.override.form': action(z.object({ schoolId: id, windowId: id, proposalId: id.optional() }),
    ({ ctx, actor, trust }, d) => overrideForm(ctx, actor, trust, d)),
  /** Opens a window leadership confirmed opening before its term has begun. */
  'window.open': action(z.object({ windowId: id }),
    ({ ctx, actor, trust }, d) => openWindow(ctx, actor, trust, { windowId: d.windowId, confirmed: true })),
  /** `all`: every area and figure, not only those needing attention ("Show all areas"). */
  'status.show': action(z.object({ schoolId: id, all: z.enum(['yes', 'no']).optional() }),
    ({ ctx, actor, trust }, d) => schoolStatus(ctx, actor, trust, d.schoolId, d.all === 'yes')),
  /** Leadership pairs a weak area of a decided school with a suggested peer (the decision post's buttons, or its list). */
  'pairing.confirm': action(ConfirmPairingInput,
    ({ ctx, actor, trust }, d) => confirmPairing(ctx, actor, trust, d)),
  /** The supporting school's head: Confirm (accepted) or Not now (declined). */
  'pairing.answer': action(z.object({ decisionId: id, area: id, answer: z.enum(['accepted', 'declined']) }),
    ({ ctx, actor, trust }, d) => answerPairing(ctx, actor, trust, d)),
  /** The trust overview redrawn: `page` 0 is its first card, 1 on one page each of every school. */
  'overview.show': action(z.object({ page: whole.optional() }),
    ({ ctx, actor, trust }, d) => trustOverview(ctx, actor, trust, d.page ?? 0)),
};
export type ActionVerb = keyof typeof ACTIONS;

export interface ReviewServiceOptions {
  /** The scheduler's settings, so that /calendar shows the dates and times it will use. */
  schedule?: ScheduleSettings;
}

export function createReviewService(ctx: ReviewContext, options: ReviewServiceOptions = {}): ReviewService {
  const afterSave = afterSaving(ctx);

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

  async function greet(identity: Identity): Promise<View> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    return greeting(ctx, found.actor, found.trust);
  }

  /** A command from the registry; else a figure, while a review is open; else help, naming what was not understood. */
  async function handleText(identity: Identity, raw: string, request?: RequestRef): Promise<View> {
    const found = await who(identity);
    if (!found) return refusals.stranger();
    const { trust, actor } = found;
    const text = raw.trim().replace(/\s+/g, ' ');
    const named = readCommand(text);
    if (named) {
      return runCommand(named.command, { ctx, actor, trust, arg: named.arg, inLeadershipChannel: request?.inLeadershipChannel === true, schedule: options.schedule });
    }
    const figure = await recordFigureText(ctx, actor, trust, text, afterSave);
    return figure ?? helpView(actor, text);
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
    const chosen: Action = ACTIONS[verb as ActionVerb];
    const parsed = chosen.schema.safeParse(data, { reportInput: true });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const problem = issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message;
      return { kind: 'refusal', message: `That card's data was not understood (${issue.path.join('.') || 'data'}: ${problem}). Type "review" to get a fresh card.` };
    }
    return chosen.run({ ctx, actor, trust, inLeadershipChannel: here, values: data }, parsed.data);
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
