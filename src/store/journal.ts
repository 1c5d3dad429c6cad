/**
 * The file store's two files, one format: a line per record, `<kind>\t<json>`, so neither file
 * is ever one string (a store outgrows the longest string V8 allows long before a disk fills).
 *
 * - The snapshot (`<store>`, e.g. data/termly.db.json): a heading line
 *   `termly-store\t{"schemaVersion":2,"through":N}`, every record, and `end\t{"records":M}`.
 *   It is only ever replaced whole (temp file, then rename), when the journal is compacted.
 * - The journal (`<store>.journal`): what changed since, appended. One write is its record lines
 *   followed by `commit\t{"n":N}`; lines after the last commit are a write cut short and are not
 *   part of the store. A write appends only what it changes, so its cost does not grow with
 *   the trust's history.
 *
 * An evaluation's line is `evaluation\t<heading>\t<body>`, and a submission's
 * `submission\t<heading>\t<answers>`: the heading (ids, window, state, version, times) is read
 * and checked on open, the body (the evaluator's output, a head's answers: most of a store's
 * bytes) only when asked for, and checked then.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { issuesOf } from './file.js';
import {
  AuditEntry, Conversation, Decision, EvaluationRecord, JobRun, LastDone, OutboxMessage, Pairing, ReviewWindow, Submission, Trust,
} from './records.js';
import { AnswersRecord, EvaluationBody } from './records.js';
import type { EvaluationHead, Op, OpKind, SubmissionHead } from './state.js';

export const SNAPSHOT_SCHEMA_VERSION = 2;
export const SNAPSHOT_HEADING = 'termly-store';

const RECORD_SCHEMAS: Record<Exclude<OpKind, 'evaluation'>, z.ZodType> = {
  trust: Trust, window: ReviewWindow, submission: Submission, decision: Decision, conversation: Conversation,
  lastDone: LastDone, outbox: OutboxMessage, jobRun: JobRun, pairing: Pairing, audit: AuditEntry,
};
export const EvaluationHeadSchema = EvaluationRecord.omit({ evaluation: true });
export const SubmissionHeadSchema = Submission.omit({ answers: true });
const Heading = z.strictObject({ schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION), through: z.number().int().min(0) });
const Commit = z.strictObject({ n: z.number().int().min(1) });
const End = z.strictObject({ records: z.number().int().min(0) });

/** An open file, read by position; kept open so a body can be read after the file is replaced. */
export class Source {
  readonly fd: number;
  readonly ino: bigint;
  constructor(readonly path: string, flags = 'r') {
    this.fd = openSync(path, flags);
    this.ino = fstatSync(this.fd, { bigint: true }).ino;
  }
  read(offset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done === length ? buffer : buffer.subarray(0, done);
  }
  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
  }
}

/** Where an evaluation's body lies. Compaction moves it, so the slot's place is mutable. */
export interface BodyPlace {
  source: Source;
  offset: number;
  length: number;
}

/** A line read back: a record, an evaluation heading with its body's place, or a marker. */
export type Line =
  | { type: 'op'; op: Exclude<Op, { kind: 'evaluation' }> }
  | { type: 'evaluation'; head: EvaluationHead; body: BodyPlace }
  | { type: 'submission'; head: SubmissionHead; body: BodyPlace }
  | { type: 'heading'; through: number }
  | { type: 'commit'; n: number }
  /** An audit entry read for its place in the log alone. */
  | { type: 'auditSeq'; seq: number }
  | { type: 'end'; records: number };

/** The line's heading and body, for the kinds kept with their body on disk. */
export function splitRecord(op: Op): { head: string; body: string } | null {
  if (op.kind === 'evaluation') {
    const { evaluation, ...head } = op.record;
    return { head: JSON.stringify(head), body: JSON.stringify(evaluation) };
  }
  if (op.kind === 'submission') {
    const { answers, ...head } = op.record;
    return { head: JSON.stringify(head), body: JSON.stringify(answers) };
  }
  return null;
}

export function encodeOp(op: Op): string {
  const split = splitRecord(op);
  if (split) return `${op.kind}\t${split.head}\t${split.body}\n`;
  return `${op.kind}\t${JSON.stringify(op.record)}\n`;
}

export const encodeCommit = (n: number) => `commit\t${JSON.stringify({ n })}\n`;
export const encodeHeading = (through: number) => `${SNAPSHOT_HEADING}\t${JSON.stringify({ schemaVersion: SNAPSHOT_SCHEMA_VERSION, through })}\n`;
export const encodeEnd = (records: number) => `end\t${JSON.stringify({ records })}\n`;

export class LineError extends Error {
  constructor(readonly line: number, readonly problems: string[]) {
    super(problems.map((p) => `line ${line}: ${p}`).join('; '));
  }
}

/** Reads one line (without its newline) of `source` at `offset`; `line` is its number, for messages. */
export function decodeLine(source: Source, buffer: Buffer, start: number, end: number, offset: number, line: number, lazyAudit = false): Line {
  const tab = buffer.indexOf(9, start);
  if (tab < 0 || tab >= end) throw new LineError(line, ['expected "<kind>\\t<record>"']);
  const kind = buffer.toString('latin1', start, tab);
  const second = kind === 'evaluation' || kind === 'submission' ? buffer.indexOf(9, tab + 1) : -1;
  // A submission written whole, on one line without a second tab, is read whole.
  if (kind === 'evaluation' || (kind === 'submission' && second >= 0 && second < end)) {
    if (second < 0 || second >= end) throw new LineError(line, [`an ${kind} line needs its heading and its body, separated by a tab`]);
    const text = buffer.toString('utf8', tab + 1, second);
    const body = { source, offset: offset + (second + 1 - start), length: end - second - 1 };
    return kind === 'evaluation'
      ? { type: 'evaluation', head: parse(EvaluationHeadSchema, text, line, kind), body }
      : { type: 'submission', head: parse(SubmissionHeadSchema, text, line, kind), body };
  }
  if (kind === 'audit' && lazyAudit) {
    // Only the sequence number is needed to go on writing: `db check` and listAudit check the rest.
    const seq = /^\{"seq":(\d+),/.exec(buffer.toString('latin1', tab + 1, Math.min(end, tab + 24)));
    if (seq) return { type: 'auditSeq', seq: Number(seq[1]) };
  }
  const text = buffer.toString('utf8', tab + 1, end);
  switch (kind) {
    case SNAPSHOT_HEADING: return { type: 'heading', through: parse(Heading, text, line, 'the heading').through };
    case 'commit': return { type: 'commit', n: parse(Commit, text, line, 'a commit').n };
    case 'end': return { type: 'end', records: parse(End, text, line, 'the end').records };
    default: {
      const schema = RECORD_SCHEMAS[kind as keyof typeof RECORD_SCHEMAS];
      if (!schema) throw new LineError(line, [`"${kind.slice(0, 40)}" is not a kind of record the store keeps`]);
      return { type: 'op', op: { kind, record: parse(schema, text, line, kind) } as Exclude<Op, { kind: 'evaluation' }> };
    }
  }
}

function parse<S extends z.ZodType>(schema: S, text: string, line: number, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LineError(line, [`${what}: not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new LineError(line, issuesOf(parsed.error).map((p) => `${what}: ${p}`));
  return parsed.data;
}

/** An evaluation's body read back and checked: the record whole. */
export function loadBody(head: EvaluationHead, place: BodyPlace): EvaluationRecord {
  return { ...head, evaluation: readBody(EvaluationBody, place, `the body of evaluation "${head.id}"`) };
}

/** A submission's answers read back and checked: the record whole. */
export function loadAnswers(head: SubmissionHead, place: BodyPlace): Submission {
  return { ...head, answers: readBody(AnswersRecord, place, `the answers of submission "${head.id}"`) };
}

function readBody<S extends z.ZodType>(schema: S, place: BodyPlace, what: string): z.output<S> {
  const text = place.source.read(place.offset, place.length).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LineError(0, [`${what} is not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new LineError(0, issuesOf(parsed.error).map((p) => `${what}: ${p}`));
  return parsed.data;
}

const CHUNK = 8 * 1024 * 1024;

/**
 * Calls `each` for every complete line of `source` from `from` to `to` (byte offsets), in
 * chunks, so a file of any size is read without holding it whole. Returns where the last complete
 * line ended: bytes after it (a line still being written, or cut short) are left for later.
 */
export function scanLines(
  source: Source, from: number, to: number, firstLine: number,
  each: (buffer: Buffer, start: number, end: number, offset: number, line: number) => void,
): { end: number; lines: number } {
  let offset = from;
  let line = firstLine;
  let carry = 0;
  let buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(0, to - from)));
  while (offset < to) {
    // The unfinished line from the last chunk stays at the front; a line longer than the buffer grows it.
    if (carry === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, carry);
      buffer = bigger;
    }
    const want = Math.min(buffer.length - carry, to - offset);
    let got = 0;
    while (got < want) {
      const n = readSync(source.fd, buffer, carry + got, want - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    if (got === 0) break;
    const filled = carry + got;
    const base = offset - carry;
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl >= 0 && nl < filled; nl = buffer.indexOf(10, start)) {
      each(buffer, start, nl, base + start, line++);
      start = nl + 1;
    }
    carry = filled - start;
    if (carry > 0 && start > 0) buffer.copy(buffer, 0, start, filled);
    offset += got;
  }
  return { end: offset - carry, lines: line - firstLine };
}
