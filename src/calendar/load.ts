import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { zodIssues } from '../rubric/load.js';
import { checkCalendar } from './check.js';
import { CalendarFileError } from './errors.js';
import { Calendar } from './schema.js';

/** The shipped defaults: England, typical local-authority dates. A trust edits or replaces it. */
export const CALENDAR_FILE = new URL('../../data/calendar/england.yaml', import.meta.url).pathname;

/** Parse, validate and check a calendar's text. Throws CalendarFileError naming the file, path and problem. */
export function parseCalendar(text: string, file: string): Calendar {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new CalendarFileError(file, doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return { path: `line ${line}, column ${col}`, message: `not valid YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  return validateCalendar(doc.toJS(), file);
}

/** Validate calendar data already in memory (e.g. from a store or a test). */
export function validateCalendar(data: unknown, source: string): Calendar {
  const parsed = Calendar.safeParse(data);
  if (!parsed.success) throw new CalendarFileError(source, zodIssues(parsed.error));
  const issues = checkCalendar(parsed.data);
  if (issues.length > 0) throw new CalendarFileError(source, issues);
  return parsed.data;
}

export function loadCalendar(file: string = CALENDAR_FILE): Calendar {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CalendarFileError(shown, [{ path: '', message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
  return parseCalendar(text, shown);
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
