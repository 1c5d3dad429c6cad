/**
 * A second process writing to the same store file: `node --import tsx writer-process.ts <file> <count> <schoolId>`.
 * Prints "ready" once the store is open, starts writing when told "go" on stdin, exits when done.
 */
import { once } from 'node:events';
import { FileStore } from '../../src/store/file-store.js';
import { audit, submission } from './fixtures.js';

const [file, count, schoolId] = process.argv.slice(2);
if (!file || !count || !schoolId) throw new Error('usage: writer-process.ts <file> <count> <schoolId>');

const store = await FileStore.open(file);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) => store.saveSubmission(submission(i, schoolId), 0, audit(`${schoolId}:${i}`))),
);
process.exit(0);
