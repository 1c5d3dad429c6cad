/** The single-file layout's document (schema version 1) as operations: how it is migrated and how a MemoryStore starts from one. */
import type { StoreData } from './records.js';
import type { Op } from './state.js';

export function opsOfDocument(data: StoreData): Op[] {
  const ops: Op[] = [];
  if (data.trust) ops.push({ kind: 'trust', record: data.trust });
  for (const record of data.windows) ops.push({ kind: 'window', record });
  for (const record of data.submissions) ops.push({ kind: 'submission', record });
  for (const record of data.evaluations) ops.push({ kind: 'evaluation', record });
  for (const record of data.decisions) ops.push({ kind: 'decision', record });
  for (const record of data.conversations) ops.push({ kind: 'conversation', record });
  for (const record of data.lastDone) ops.push({ kind: 'lastDone', record });
  for (const record of data.outbox) ops.push({ kind: 'outbox', record });
  for (const record of data.jobRuns ?? []) ops.push({ kind: 'jobRun', record });
  for (const record of data.pairings ?? []) ops.push({ kind: 'pairing', record });
  for (const record of data.audit) ops.push({ kind: 'audit', record });
  return ops;
}
