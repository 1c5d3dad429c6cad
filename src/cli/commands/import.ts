import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { importFigures, importReportLines, importWindow } from '../../review/import-figures.js';
import { termTitle } from '../../review/outputs.js';
import { ImportSheetError } from '../../outputs/import.js';
import { readTable, sheetFormatOf } from '../../outputs/sheets.js';
import { inputError, usageError, type CliIo } from '../io.js';
import { refused } from './files.js';
import { openTrust } from '../trust.js';

const USAGE = 'usage: import <file.csv|file.xlsx> [--term <id>] [--dry-run]';
/** Below this many rows an import is over before a bar would be read. */
const PROGRESS_FROM = 200;

export async function importCommand(opts: { positionals: string[]; term?: string; dryRun: boolean }, io: CliIo): Promise<void> {
  const [name, ...extra] = opts.positionals;
  if (!name || extra.length) throw usageError(USAGE);
  const format = sheetFormatOf(name);
  if (!format) throw usageError(`${name}: the file must end in .csv or .xlsx\n${USAGE}`);
  let content: Buffer;
  try {
    content = readFileSync(resolve(io.cwd, name));
  } catch (e) {
    throw inputError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { ctx, trust, actor } = await openTrust(io);
  // A workbook exported from Termly has a sheet per term: the one for the import's term is read.
  const window = await importWindow(ctx, opts.term);
  let table;
  try {
    table = await readTable(content, format, 'kind' in window ? undefined : termTitle(window));
  } catch (e) {
    if (e instanceof ImportSheetError) throw inputError(`${name}: ${e.message}`);
    throw e;
  }
  const bar = io.tty && table.rows.length >= PROGRESS_FROM
    ? new cliProgress.SingleBar({ format: 'Importing [{bar}] {value}/{total} rows', clearOnComplete: true, stream: process.stdout }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(table.rows.length, 0);
  let report;
  try {
    report = await importFigures(ctx, actor, trust, table, {
      ...(opts.term ? { termId: opts.term } : {}), dryRun: opts.dryRun, source: basename(name),
      ...(bar ? { onProgress: (done: number) => bar.update(done) } : {}),
    });
  } finally {
    bar?.stop();
  }
  if ('kind' in report) refused(report);
  io.out(importReportLines(report).join('\n'));
  // Good rows are saved; a refused row still makes the run a failure a script can see.
  if (report.problems.length) throw inputError(`${new Set(report.problems.map((p) => p.row)).size} row(s) refused: see above`);
}
