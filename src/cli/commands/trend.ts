import { trendFile } from '../../outputs/files.js';
import { usageError, type CliIo } from '../io.js';
import { formatOf, refused, writeOutput } from './files.js';
import { openTrust } from '../trust.js';

const USAGE = 'usage: trend <school> --out <file.png|file.svg>   e.g. trend reach --out reach.png';

export async function trendCommand(opts: { positionals: string[]; out?: string }, io: CliIo): Promise<void> {
  const school = opts.positionals.join(' ').trim();
  if (!school) throw usageError(USAGE);
  const format = formatOf(opts.out, ['png', 'svg'] as const, USAGE);
  const { ctx, trust, actor } = await openTrust(io);
  const file = await trendFile(ctx, actor, trust, { school, format });
  if ('kind' in file) refused(file);
  writeOutput(io, opts.out!, file);
}
