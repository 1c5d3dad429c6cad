/**
 * Indicator figures from a data manager's sheet, saved into each school's submission for the
 * term as a head's answers are saved: one write per row, so a row is applied whole or not at
 * all, with an audit entry naming the importer and the file. A row with a problem is reported
 * with its row, column and value and changes nothing; a dry run changes nothing at all.
 */
import { decidedMessage, decisionOn } from './reopen.js';
import { formatFigure } from '../evaluator/format.js';
import { emptyAnswers } from '../evaluator/types.js';
import { ImportSheetError, parseSheet, type CellProblem } from '../outputs/import.js';
import type { Table } from '../outputs/table.js';
import { StoreConflictError } from '../store/port.js';
import type { ReviewWindow, Submission, Trust } from '../store/records.js';
import { refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { rubricOf } from './lookups.js';
import { termTitle } from './outputs.js';
import { evaluateAndPropose } from './submit.js';
import { londonDate } from './time.js';
import type { RefusalView } from './views.js';
import { windowFor } from './windows.js';

export interface ImportOptions {
  /** The window to import into; by default the open one, else the current term's. */
  termId?: string;
  dryRun: boolean;
  /** The file's name, kept in the audit entry. */
  source: string;
  /** Called after each row: for a progress bar on a terminal. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportedRow {
  row: number;
  school: string;
  changes: { indicator: string; from: string | null; to: string }[];
}

export interface ImportReport {
  term: { id: string; title: string };
  dryRun: boolean;
  source: string;
  applied: ImportedRow[];
  /** Rows whose figures were already saved as given. */
  unchanged: { row: number; school: string }[];
  problems: CellProblem[];
  notRead: string[];
}

/** The window an import goes into: the one named (never a closed one), else the open one, else the current term's. */
export async function importWindow(ctx: ReviewContext, termId: string | undefined): Promise<ReviewWindow | RefusalView> {
  const windows = await ctx.store.listWindows();
  if (termId) {
    const named = windows.find((w) => w.id === termId);
    if (!named) return { kind: 'refusal', message: `There is no term "${termId}". The terms are: ${windows.map((w) => w.id).join(', ')}.` };
    if (named.state === 'closed') return { kind: 'refusal', message: `The ${termTitle(named)} review is closed: its answers and decisions stand as they were. Figures go into an open or coming term.` };
    return named;
  }
  const chosen = windows.find((w) => w.state === 'open') ?? windowFor(windows, ctx, londonDate(ctx.now()));
  return chosen ?? { kind: 'refusal', message: `No review window is open or coming; name the term with --term (the terms are: ${windows.map((w) => w.id).join(', ')}).` };
}

export async function importFigures(ctx: ReviewContext, actor: Actor, trust: Trust, table: Table, options: ImportOptions): Promise<ImportReport | RefusalView> {
  if (!actor.leadership) return refusals.leadershipOnly('importing figures');
  const window = await importWindow(ctx, options.termId);
  if ('kind' in window) return window;
  const rubric = rubricOf(ctx, trust);
  let parsed;
  try {
    parsed = parseSheet(rubric, trust.schools, table, { termId: window.id, termTitle: termTitle(window) });
  } catch (e) {
    if (e instanceof ImportSheetError) return { kind: 'refusal', message: `Nothing was imported from ${options.source}: ${e.message}.` };
    throw e;
  }
  const report: ImportReport = {
    term: { id: window.id, title: termTitle(window) }, dryRun: options.dryRun, source: options.source,
    applied: [], unchanged: [], problems: [], notRead: parsed.notRead,
  };
  const indicatorName = (id: string) => rubric.indicators.find((i) => i.id === id)!;
  let done = 0;
  for (const row of parsed.rows) {
    options.onProgress?.(done++, parsed.rows.length);
    if (row.problems.length || !row.school) {
      report.problems.push(...row.problems);
      continue;
    }
    const school = row.school;
    const current = await ctx.store.getSubmission(school.id, window.id);
    const answers = current?.answers ?? emptyAnswers();
    const changes = Object.entries(row.figures)
      .filter(([id, value]) => answers.indicators[id] !== value)
      .map(([id, value]) => {
        const before = answers.indicators[id];
        const indicator = indicatorName(id);
        return { id, indicator: indicator.name, from: typeof before === 'number' ? formatFigure(before, indicator.unit) : null, to: formatFigure(value, indicator.unit) };
      });
    if (changes.length === 0) {
      report.unchanged.push({ row: row.row, school: school.name });
      continue;
    }
    // A decided review's figures are what the decision rests on: reopened first, as for a head.
    const decided = await decisionOn(ctx, current);
    if (decided) {
      report.problems.push({ row: row.row, column: '—', value: school.name, message: decidedMessage(ctx, trust, school.name, decided) });
      continue;
    }
    if (!options.dryRun) {
      const at = ctx.now().toISOString();
      const version = current?.version ?? 0;
      const saved: Submission = {
        id: current?.id ?? `${window.id}:${school.id}`,
        schoolId: school.id,
        windowId: window.id,
        rubricId: rubric.id,
        state: current?.state ?? 'draft',
        answers: { ...answers, indicators: { ...answers.indicators, ...row.figures } },
        version: version + 1,
        updatedAt: at,
        updatedBy: actor.person.id,
        ...(current?.submittedAt ? { submittedAt: current.submittedAt, submittedBy: current.submittedBy } : {}),
      };
      try {
        await ctx.store.saveSubmission(saved, version, {
          at, actor: actor.person.id, action: 'submission.imported', subject: `submission:${saved.id}`,
          detail: { importedBy: actor.person.name, file: options.source, row: row.row, version: saved.version, figures: row.figures },
        });
      } catch (e) {
        if (!(e instanceof StoreConflictError)) throw e;
        report.problems.push({ row: row.row, column: '—', value: school.name, message: `${school.name}'s review was changed by someone else during the import; nothing was written for this row: import it again` });
        continue;
      }
      // As when a head saves: a submitted review is evaluated afresh and leadership sees the new proposal.
      await evaluateAndPropose(ctx, { trust, rubric, school, window, submission: saved, steps: [] }, saved);
    }
    report.applied.push({ row: row.row, school: school.name, changes: changes.map(({ indicator, from, to }) => ({ indicator, from, to })) });
  }
  options.onProgress?.(parsed.rows.length, parsed.rows.length);
  return report;
}

/** The report in words, for the command line and chat. */
export function importReportLines(report: ImportReport): string[] {
  const verb = report.dryRun ? 'would change' : 'changed';
  const lines = [
    `${report.dryRun ? 'Dry run: nothing was saved. ' : ''}${report.source} into the ${report.term.title} (${report.term.id}): ${report.applied.length} row${report.applied.length === 1 ? '' : 's'} ${verb}, ${report.unchanged.length} already as given, ${new Set(report.problems.map((p) => p.row)).size} refused.`,
  ];
  for (const row of report.applied) {
    lines.push(`Row ${row.row}, ${row.school} ${verb}: ${row.changes.map((c) => `${c.indicator} ${c.from ?? 'empty'} → ${c.to}`).join('; ')}`);
  }
  for (const p of report.problems) lines.push(`Row ${p.row}, column ${p.column}, value "${p.value}": ${p.message}. Nothing from this row was saved.`);
  if (report.notRead.length) {
    const shown = report.notRead.slice(0, 6).map((h) => `"${h}"`).join(', ');
    lines.push(`Not read (not a school, term or figure of the framework): ${shown}${report.notRead.length > 6 ? ` and ${report.notRead.length - 6} more` : ''}.`);
  }
  return lines;
}
