/**
 * `db check`: reads every file of a store and checks every line, evaluation bodies included (the
 * store itself reads those only when asked for one). Reads only: a bad file is reported, not
 * moved. A single-file store (schema version 1) is checked as such and reported for migration.
 */
import { existsSync, fstatSync, readFileSync } from 'node:fs';
import { parseStoreText } from './file.js';
import { decodeLine, LineError, loadAnswers, loadBody, scanLines, SNAPSHOT_HEADING, Source } from './journal.js';

export interface StoreCheck {
  /** Each file looked at, with what it holds or what is wrong with it. */
  files: { file: string; summary: string; problems: string[]; notes: string[] }[];
  ok: boolean;
}

const MAX_PROBLEMS = 50;

export function checkStoreFiles(file: string): StoreCheck {
  const files: StoreCheck['files'] = [];
  if (!existsSync(file)) {
    files.push({ file, summary: 'missing: an empty store', problems: [], notes: [] });
  } else {
    const start = readStart(file);
    if (!start.startsWith(`${SNAPSHOT_HEADING}\t`) && start.trimStart().startsWith('{')) files.push(checkSingleFile(file));
    else files.push(checkLines(file, 'snapshot'));
  }
  const journal = `${file}.journal`;
  if (existsSync(journal)) files.push(checkLines(journal, 'journal'));
  return { files, ok: files.every((f) => f.problems.length === 0) };
}

function readStart(file: string): string {
  const source = new Source(file);
  try {
    return source.read(0, 64).toString('utf8');
  } finally {
    source.close();
  }
}

function checkSingleFile(file: string): StoreCheck['files'][number] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, summary: 'a single-file store (schema version 1)', problems: [`cannot be read as one string: ${(e as Error).message}`], notes: [] };
  }
  const parsed = parseStoreText(text);
  if (!parsed.ok) return { file, summary: 'a single-file store (schema version 1)', problems: parsed.problems, notes: [] };
  const d = parsed.data;
  return {
    file,
    summary: `a single-file store (schema version 1): ${d.submissions.length} submissions, ${d.evaluations.length} evaluations, ${d.decisions.length} decisions, ${d.audit.length} audit entries`,
    problems: [],
    notes: ['it is migrated to the snapshot-and-journal layout the next time the bot or the CLI opens it (the file is kept as a backup)'],
  };
}

function checkLines(file: string, kind: 'snapshot' | 'journal'): StoreCheck['files'][number] {
  const source = new Source(file);
  const problems: string[] = [];
  const notes: string[] = [];
  const counts = new Map<string, number>();
  const ids = new Map<string, Set<string>>();
  let ended = false;
  let records = 0;
  let commits = 0;
  let lastCommitEnd = 0;
  let afterCommit = 0;
  try {
    const size = fstatSync(source.fd).size;
    const scanned = scanLines(source, 0, size, 1, (buffer, s, e, offset, line) => {
      if (problems.length >= MAX_PROBLEMS) return;
      try {
        const read = decodeLine(source, buffer, s, e, offset, line);
        if (kind === 'snapshot' && line === 1 && read.type !== 'heading') throw new LineError(line, [`expected the heading "${SNAPSHOT_HEADING}"`]);
        if (ended) throw new LineError(line, ['found after the end line']);
        if (read.type === 'heading' && (kind === 'journal' || line !== 1)) throw new LineError(line, ['a heading belongs on the first line of a snapshot']);
        if (read.type === 'end') {
          if (kind === 'journal') throw new LineError(line, ['an end line has no place in the journal']);
          if (read.records !== records) throw new LineError(line, [`the end line counts ${read.records} records, the file holds ${records}`]);
          ended = true;
        }
        if (read.type === 'commit') {
          if (kind === 'snapshot') throw new LineError(line, ['a commit line has no place in a snapshot']);
          commits++;
          afterCommit = 0;
          lastCommitEnd = offset + (e - s) + 1;
        }
        if (read.type === 'op' || read.type === 'evaluation' || read.type === 'submission') {
          records++;
          afterCommit++;
          const recordKind = read.type === 'op' ? read.op.kind : read.type;
          if (read.type === 'submission') loadAnswers(read.head, read.body);
          counts.set(recordKind, (counts.get(recordKind) ?? 0) + 1);
          if (read.type === 'evaluation') {
            loadBody(read.head, read.body);
            const seen = ids.get('evaluation') ?? new Set<string>();
            if (seen.has(read.head.id)) throw new LineError(line, [`evaluation "${read.head.id}" is kept twice`]);
            seen.add(read.head.id);
            ids.set('evaluation', seen);
          }
        }
      } catch (err) {
        if (!(err instanceof LineError)) throw err;
        problems.push(...err.problems.map((p) => (err.line ? `line ${err.line}: ${p}` : p)));
      }
    });
    if (kind === 'snapshot') {
      if (scanned.end !== size) problems.push(`line ${scanned.lines + 1}: cut short (no newline at the end of the file)`);
      else if (!ended && problems.length === 0) problems.push('no end line: the file was cut short');
    } else if (size > lastCommitEnd) {
      notes.push(`${size - lastCommitEnd} bytes after the last commit (${afterCommit} complete line${afterCommit === 1 ? '' : 's'}): a write cut short, not part of the store; the next write sets them aside`);
    }
  } finally {
    source.close();
  }
  const held = [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'no records';
  return { file, summary: kind === 'snapshot' ? `snapshot: ${held}` : `journal: ${commits} write${commits === 1 ? '' : 's'} (${held})`, problems, notes };
}
