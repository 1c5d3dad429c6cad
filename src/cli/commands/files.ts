/** What the output commands share: the store opened as the command line, and files written where asked. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { NotFoundView, RefusalView } from '../../review/views.js';
import type { OutputFile } from '../../outputs/files.js';
import { inputError, usageError, type CliIo } from '../io.js';

/** The format an --out file's extension names, among those allowed. */
export function formatOf<F extends string>(out: string | undefined, allowed: readonly F[], usage: string): F {
  if (!out) throw usageError(`${usage}\n--out <file> is needed`);
  const ext = extname(out).slice(1).toLowerCase();
  if (!(allowed as readonly string[]).includes(ext)) throw usageError(`--out ${out}: the file must end in ${allowed.map((a) => `.${a}`).join(' or ')}\n${usage}`);
  return ext as F;
}

export function refused(view: RefusalView | NotFoundView): never {
  if (view.kind === 'not_found') throw inputError(`no school matches "${view.query}"${view.suggestions.length ? `; did you mean: ${view.suggestions.join(', ')}?` : ''}`);
  throw inputError(view.message);
}

export function writeOutput(io: CliIo, out: string, file: OutputFile): void {
  const path = resolve(io.cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
  io.out(`Wrote ${path} (${file.content.length.toLocaleString('en-GB')} bytes)`);
}
