/**
 * Reading a data manager's sheet of indicator figures, row by row. Pure: a table and the
 * rubric in, for each row the school and the figures it gives or the problems found, each
 * naming the row, the column and the value. Nothing here writes; the use-case applies rows.
 */
import { parseFigure } from '../evaluator/answers.js';
import type { Rubric } from '../rubric/schema.js';
import type { School } from '../store/records.js';
import { exportHeader, HEADERS } from './export-rows.js';
import { columnLetter, type CellValue, type Table } from './table.js';

export interface CellProblem {
  /** The sheet row number (the header is row 1). */
  row: number;
  /** "C (Attendance (%))". */
  column: string;
  value: string;
  message: string;
}

export interface ParsedRow {
  row: number;
  school: School | null;
  figures: Record<string, number>;
  problems: CellProblem[];
}

export interface ParsedSheet {
  /** Column index → indicator id, for the columns read as figures. */
  figureColumns: { index: number; indicatorId: string; header: string }[];
  /** Headers neither a school, a term, a figure of the rubric nor another column of Termly's own export: not read. */
  notRead: string[];
  rows: ParsedRow[];
}

/** The sheet cannot be read at all (no header, no school column): nothing is imported. */
export class ImportSheetError extends Error {
  readonly code = 'IMPORT_SHEET_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ImportSheetError';
  }
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_]+/g, ' ').trim();
const shown = (v: CellValue) => (v === null ? '' : String(v));

/**
 * The indicator a header names: its id, its name, or its name followed by its unit and range as
 * exports and the template write them ("Attendance (%)", "Attendance (%, 0 to 100)"). "Attendance
 * (self)", an area's column in an export, is not a figure.
 */
export function indicatorOfHeader(rubric: Rubric, header: string): string | null {
  const h = norm(header);
  for (const i of rubric.indicators) {
    if (h === norm(i.id) || h === norm(i.name)) return i.id;
    const rest = h.startsWith(`${norm(i.name)} (`) && h.endsWith(')') ? h.slice(norm(i.name).length + 2, -1).trim() : null;
    if (rest === null) continue;
    const unit = norm(i.unit);
    if (unit ? rest === unit || rest.startsWith(`${unit},`) : /^(-?\d|any)/.test(rest)) return i.id;
  }
  return null;
}

export interface ImportTarget {
  /** The window the figures go into. */
  termId: string;
  termTitle: string;
}

export function parseSheet(rubric: Rubric, schools: School[], table: Table, target: ImportTarget): ParsedSheet {
  const header = table.header.map((h) => h.trim());
  if (header.every((h) => h === '')) throw new ImportSheetError('the sheet has no header row: row 1 should name the columns (School or URN, then one column per indicator)');
  const find = (...names: string[]) => header.findIndex((h) => names.some((n) => norm(h) === norm(n)));
  const schoolId = find(HEADERS.schoolId);
  const urn = find(HEADERS.urn);
  const schoolName = find(HEADERS.school, 'school name', 'academy');
  const termId = find(HEADERS.termId);
  if (schoolId < 0 && urn < 0 && schoolName < 0) {
    throw new ImportSheetError(`no column names the school: row 1 needs a "${HEADERS.school}" (name), "${HEADERS.schoolId}" or "${HEADERS.urn}" column; it has ${header.filter(Boolean).map((h) => `"${h}"`).join(', ')}`);
  }
  const known = new Set([schoolId, urn, schoolName, termId, find(HEADERS.term)]);
  const figureColumns: ParsedSheet['figureColumns'] = [];
  const notRead: string[] = [];
  const seenIndicator = new Map<string, string>();
  // An export imports as it is: its ratings, levels and decisions are read by people, not imported.
  const exported = new Set(exportHeader(rubric).map(norm));
  header.forEach((h, index) => {
    if (known.has(index) || h === '') return;
    const id = indicatorOfHeader(rubric, h);
    if (!id) {
      if (!exported.has(norm(h))) notRead.push(h);
      return;
    }
    const indicator = rubric.indicators.find((i) => i.id === id)!;
    if (indicator.transitions) throw new ImportSheetError(`column ${columnLetter(index)} ("${h}"): ${indicator.name} is a table of pupil counts between attainer bands, not one figure; enter it in the review`);
    const before = seenIndicator.get(id);
    if (before) throw new ImportSheetError(`columns ${before} and ${columnLetter(index)} both give ${indicator.name}: keep one`);
    seenIndicator.set(id, columnLetter(index));
    figureColumns.push({ index, indicatorId: id, header: h });
  });
  if (figureColumns.length === 0) {
    throw new ImportSheetError(`no column gives a figure of the ${rubric.name}: name columns by indicator id or name, e.g. ${rubric.indicators.filter((i) => !i.transitions).slice(0, 3).map((i) => `"${i.name}"`).join(', ') || '(this framework has no figures)'}`);
  }

  const col = (index: number) => `${columnLetter(index)} (${header[index]})`;
  const byRow = new Map<string, number>();
  const rows: ParsedRow[] = [];
  for (const { row, cells } of table.rows) {
    if (cells.every((c) => c === null || String(c).trim() === '')) continue;
    const problems: CellProblem[] = [];
    const problem = (index: number, message: string) => problems.push({ row, column: col(index), value: shown(cells[index] ?? null), message });

    const termCell = termId >= 0 ? shown(cells[termId] ?? null).trim() : '';
    if (termCell && termCell !== target.termId) problem(termId, `this row is for term ${termCell}, and the import is into ${target.termId} (${target.termTitle}); import it with --term ${termCell}, or remove the row`);

    const school = schoolOf(schools, cells, { schoolId, urn, schoolName }, problem);
    if (school) {
      const earlier = byRow.get(school.id);
      if (earlier !== undefined) problem(schoolId >= 0 ? schoolId : urn >= 0 ? urn : schoolName, `${school.name} is also on row ${earlier}: give each school one row`);
      else byRow.set(school.id, row);
    }
    const figures: Record<string, number> = {};
    for (const { index, indicatorId } of figureColumns) {
      const raw = cells[index] ?? null;
      if (raw === null || String(raw).trim() === '') continue;
      const parsed = parseFigure(rubric, indicatorId, raw);
      if (parsed.ok) figures[indicatorId] = parsed.value;
      else problem(index, parsed.issues[0]!.message);
    }
    rows.push({ row, school, figures, problems });
  }
  return { figureColumns, notRead, rows };
}

function schoolOf(
  schools: School[], cells: CellValue[], at: { schoolId: number; urn: number; schoolName: number },
  problem: (index: number, message: string) => void,
): School | null {
  const value = (i: number) => (i >= 0 ? shown(cells[i] ?? null).trim() : '');
  if (value(at.schoolId)) {
    const found = schools.find((s) => s.id === value(at.schoolId));
    if (!found) problem(at.schoolId, `no school of the trust has the id "${value(at.schoolId)}"; the ids are: ${schools.map((s) => s.id).join(', ')}`);
    return found ?? null;
  }
  if (value(at.urn)) {
    const found = schools.find((s) => s.urn === value(at.urn));
    if (!found) problem(at.urn, `no school of the trust has the URN ${value(at.urn)}${schools.some((s) => s.urn) ? '' : ' (no URNs are recorded for the trust\'s schools: use the School column)'}`);
    return found ?? null;
  }
  if (value(at.schoolName)) {
    const typed = norm(value(at.schoolName));
    // Exact names only: a figure written to the wrong school is worse than a row refused.
    const found = schools.find((s) => [s.name, ...s.aliases].some((n) => norm(n) === typed));
    if (!found) problem(at.schoolName, `no school of the trust is called "${value(at.schoolName)}"; the schools are: ${schools.map((s) => s.name).join(', ')}`);
    return found ?? null;
  }
  const index = [at.schoolId, at.urn, at.schoolName].find((i) => i >= 0)!;
  problem(index, 'the row names no school');
  return null;
}
