/**
 * Writing a snapshot file (journal.ts has the format): to a temporary file beside it, flushed to
 * disk, then renamed over it, so a reader sees the old file or the new one, never half of one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { encodeEnd, encodeHeading, encodeOp, splitRecord, type BodyPlace } from './journal.js';
import type { EvaluationHead, Op, SubmissionHead } from './state.js';

/** A record to write: an operation, or a record whose body is copied from where it lies. */
export type SnapshotItem =
  | Op
  | { kind: 'evaluationAt'; head: EvaluationHead; body: BodyPlace }
  | { kind: 'submissionAt'; head: SubmissionHead; body: BodyPlace };

/** Where a body lies, by record: `evaluation:<id>`, `submission:<id>`. */
export const placeKey = (kind: 'evaluation' | 'submission', id: string) => `${kind}:${id}`;

const FLUSH = 4 * 1024 * 1024;

/**
 * Writes `items` as the snapshot at `path`, through journal write `through`. Returns, for each
 * evaluation and submission written, where its body now lies in the new file (see placeKey).
 */
export function writeSnapshot(path: string, through: number, items: Iterable<SnapshotItem>): Map<string, { offset: number; length: number }> {
  const temp = `${path}.writing-${process.pid}`;
  const fd = openSync(temp, 'w');
  const places = new Map<string, { offset: number; length: number }>();
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let offset = 0;
    const put = (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      offset += chunk.length;
      if (pendingBytes >= FLUSH) flush();
    };
    const flush = () => {
      const buffer = Buffer.concat(pending);
      let done = 0;
      while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
      pending = [];
      pendingBytes = 0;
    };
    put(Buffer.from(encodeHeading(through)));
    let records = 0;
    for (const item of items) {
      records++;
      if (item.kind === 'evaluationAt' || item.kind === 'submissionAt') {
        const kind = item.kind === 'evaluationAt' ? 'evaluation' : 'submission';
        put(Buffer.from(`${kind}\t${JSON.stringify(item.head)}\t`));
        places.set(placeKey(kind, item.head.id), { offset, length: item.body.length });
        put(item.body.source.read(item.body.offset, item.body.length));
        put(Buffer.from('\n'));
        continue;
      }
      const split = splitRecord(item);
      if (split && (item.kind === 'evaluation' || item.kind === 'submission')) {
        put(Buffer.from(`${item.kind}\t${split.head}\t`));
        const body = Buffer.from(split.body);
        places.set(placeKey(item.kind, item.record.id), { offset, length: body.length });
        put(body);
        put(Buffer.from('\n'));
      } else {
        put(Buffer.from(encodeOp(item)));
      }
    }
    put(Buffer.from(encodeEnd(records)));
    flush();
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Nothing to clear.
    }
    throw e;
  }
  closeSync(fd);
  renameSync(temp, path);
  return places;
}
