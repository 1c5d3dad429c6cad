/** `db check`: every file of the store checked, line by line; exit 1 when any is wrong. */
import { checkStoreFiles } from '../../store/check.js';
import { storeFile } from '../../store/open.js';
import { inputError, usageError, type CliIo } from '../io.js';

export function dbCommand(opts: { positionals: string[]; json: boolean }, io: CliIo): void {
  if (opts.positionals[0] !== 'check' || opts.positionals.length > 1) throw usageError('usage: db check [--json]');
  const file = storeFile({ env: io.env });
  const result = checkStoreFiles(file);
  if (opts.json) {
    io.out(JSON.stringify(result, null, 2));
  } else {
    for (const f of result.files) {
      io.out(`${f.file}: ${f.problems.length ? 'NOT VALID' : 'valid'}, ${f.summary}`);
      for (const n of f.notes) io.out(`  note: ${n}`);
      for (const p of f.problems) io.out(`  - ${p}`);
    }
  }
  if (!result.ok) throw inputError(`the store ${file} has problems (listed above); nothing was changed`);
}
