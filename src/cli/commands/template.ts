import { templateFile } from '../../outputs/files.js';
import { usageError, type CliIo } from '../io.js';
import { formatOf, writeOutput } from './files.js';
import { openTrust } from '../trust.js';

const USAGE = 'usage: template --format xlsx --out <file.xlsx>';

export async function templateCommand(opts: { format?: string; out?: string }, io: CliIo): Promise<void> {
  formatOf(opts.out, ['xlsx'] as const, USAGE);
  if (opts.format && opts.format !== 'xlsx') throw usageError(`the template is an XLSX workbook (its data validation needs one)\n${USAGE}`);
  const { ctx, trust } = await openTrust(io);
  writeOutput(io, opts.out!, await templateFile(ctx, trust));
}
