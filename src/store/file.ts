/**
 * The single-file store of schema version 1 (one JSON document, as stores were written before the
 * snapshot-and-journal layout): read and checked for migration and by `db check`; and what every
 * store file shares: zod issues as messages, and moving a bad file aside (never overwritten,
 * never deleted).
 */
import { constants } from 'node:fs';
import { copyFile, unlink } from 'node:fs/promises';
import type { z } from 'zod';
import { formatPath } from '../rubric/errors.js';
import { STORE_SCHEMA_VERSION, StoreData } from './records.js';

/** The store file cannot be used as it is. It has been moved aside, never overwritten. */
export class StoreCorruptError extends Error {
  readonly code = 'STORE_CORRUPT';
  constructor(readonly file: string, readonly movedTo: string, readonly problems: string[]) {
    super(`the store file ${file} is not valid and was moved to ${movedTo}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StoreCorruptError';
  }
}

export function emptyStoreData(): StoreData {
  return {
    schemaVersion: STORE_SCHEMA_VERSION,
    trust: null,
    windows: [],
    submissions: [],
    evaluations: [],
    decisions: [],
    conversations: [],
    lastDone: [],
    outbox: [],
    audit: [],
  };
}

export type ParsedStoreText = { ok: true; data: StoreData } | { ok: false; problems: string[] };

/** Reads the file's text as StoreData, or names every problem with its path. */
export function parseStoreText(text: string): ParsedStoreText {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [`expected a JSON object with schemaVersion ${STORE_SCHEMA_VERSION}, found ${describeValue(json)}`] };
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== STORE_SCHEMA_VERSION) {
    // A file from another version is reported as that alone: its records follow other rules.
    return {
      ok: false,
      problems: [`schemaVersion: expected ${STORE_SCHEMA_VERSION}, found ${JSON.stringify(version) ?? 'nothing'}`],
    };
  }
  const parsed = StoreData.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: issuesOf(parsed.error) };
  return { ok: true, data: parsed.data };
}

/** zod's issues as `path: message`, e.g. `submissions[3].version: expected number`. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const message =
      issue.code === 'unrecognized_keys'
        ? `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_type'
          ? `expected ${issue.expected}, found ${describeValue(issue.input)}`
          : issue.input !== undefined && typeof issue.input !== 'object'
            ? `${issue.message} (found ${describeValue(issue.input)})`
            : issue.message;
    return path ? `${path}: ${message}` : message;
  });
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

/**
 * Moves a bad store file to `<file>.corrupt-<timestamp>` with its bytes unchanged. The copy is
 * exclusive (an existing file of that name is never replaced: a suffix is added instead) and the
 * original is removed only once the copy is complete.
 */
export async function moveAside(file: string, at: Date): Promise<string> {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n++) {
    const target = `${file}.corrupt-${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      await copyFile(file, target, constants.COPYFILE_EXCL);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    await unlink(file);
    return target;
  }
}
