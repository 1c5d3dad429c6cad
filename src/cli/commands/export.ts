import { exportFile } from '../../outputs/files.js';
import { usageError, type CliIo } from '../io.js';
import { formatOf, refused, writeOutput } from './files.js';
import { openTrust } from '../trust.js';

const USAGE = 'usage: export --format csv|xlsx [--term <id>] --out <file>';

export async function exportCommand(opts: { format?: string; term?: string; out?: string }, io: CliIo): Promise<void> {
  const format = formatOf(opts.out, ['csv', 'xlsx'] as const, USAGE);
  if (opts.format && opts.format !== format) throw usageError(`--format ${opts.format} and --out ${opts.out} disagree: use a .${opts.format} file\n${USAGE}`);
  const { ctx, trust, actor } = await openTrust(io);
  const file = await exportFile(ctx, actor, trust, { ...(opts.term ? { termId: opts.term } : {}), format });
  if ('kind' in file) refused(file);
  writeOutput(io, opts.out!, file);
}
