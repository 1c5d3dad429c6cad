import { heatmapFile } from '../../outputs/files.js';
import type { CliIo } from '../io.js';
import { formatOf, refused, writeOutput } from './files.js';
import { openTrust } from '../trust.js';

const USAGE = 'usage: heatmap [--term <id>] --out <file.png|file.svg>';

export async function heatmapCommand(opts: { term?: string; out?: string }, io: CliIo): Promise<void> {
  const format = formatOf(opts.out, ['png', 'svg'] as const, USAGE);
  const { ctx, trust, actor } = await openTrust(io);
  const file = await heatmapFile(ctx, actor, trust, { ...(opts.term ? { termId: opts.term } : {}), format });
  if ('kind' in file) refused(file);
  writeOutput(io, opts.out!, file);
}
