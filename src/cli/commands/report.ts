import { reportFile } from '../../outputs/files.js';
import { chromiumPath } from '../../outputs/pdf.js';
import type { CliIo } from '../io.js';
import { formatOf, refused, writeOutput } from './files.js';
import { openTrust } from '../trust.js';

const USAGE = 'usage: report [--term <id>] --out <file.html|file.pdf>';

export async function reportCommand(opts: { term?: string; out?: string }, io: CliIo): Promise<void> {
  const format = formatOf(opts.out, ['html', 'pdf'] as const, USAGE);
  const { ctx, trust, actor } = await openTrust(io);
  const file = await reportFile(ctx, actor, trust, { ...(opts.term ? { termId: opts.term } : {}), format, chromium: chromiumPath(io.env) });
  if ('kind' in file) refused(file);
  writeOutput(io, opts.out!, file);
}
