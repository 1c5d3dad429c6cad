/**
 * Moves a trust's records from one store to another (`db copy`): everything the source keeps,
 * exported and imported in one write, then read back from the destination and compared with
 * what was sent, kind by kind, so the copy is counted and checked, not assumed.
 */
import { isDeepStrictEqual } from 'node:util';
import { StoreRecordError, type ImportRecord, type Store } from './port.js';

export interface CopyReport {
  trustId: string;
  /** Records copied, by kind, in the order the kinds were first met. */
  counts: { kind: ImportRecord['kind']; count: number }[];
}

/** The destination did not read back what was sent: names each kind that differs. */
export class CopyMismatchError extends Error {
  readonly code = 'STORE_COPY_MISMATCH';
  constructor(readonly problems: string[]) {
    super(`the copy does not read back as sent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CopyMismatchError';
  }
}

export async function copyStore(from: Store, to: Store): Promise<CopyReport> {
  const trust = await from.getTrust();
  if (!trust) throw new StoreRecordError('the store to copy', ['it holds no trust: there is nothing to copy']);
  const records = await from.exportRecords();
  // importRecords refuses a destination that already holds a trust, and writes all or nothing.
  await to.importRecords(records);
  const sent = byKind(records);
  const read = byKind(await to.exportRecords());
  const problems: string[] = [];
  for (const kind of new Set([...sent.keys(), ...read.keys()])) {
    const a = sent.get(kind) ?? [];
    const b = read.get(kind) ?? [];
    if (a.length !== b.length) problems.push(`${kind}: ${a.length} sent, ${b.length} read back`);
    else {
      const at = a.findIndex((record, i) => !isDeepStrictEqual(record, b[i]));
      if (at >= 0) problems.push(`${kind}: record ${at + 1} of ${a.length} reads back differently`);
    }
  }
  if (problems.length) throw new CopyMismatchError(problems);
  return { trustId: trust.id, counts: [...sent].map(([kind, list]) => ({ kind, count: list.length })) };
}

function byKind(records: readonly ImportRecord[]): Map<ImportRecord['kind'], unknown[]> {
  const out = new Map<ImportRecord['kind'], unknown[]>();
  for (const r of records) out.set(r.kind, [...(out.get(r.kind) ?? []), JSON.parse(JSON.stringify(r.record))]);
  return out;
}
