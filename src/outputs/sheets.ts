/**
 * Spreadsheets in and out with exceljs: CSV and XLSX read into a Table, exports and the import
 * template written. The shaping of rows is pure (export-rows.ts, import.ts); this is the file edge.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Rubric } from '../rubric/schema.js';
import type { School } from '../store/records.js';
import { HEADERS, indicatorHeader } from './export-rows.js';
import type { HeatmapModel } from './heatmap.js';
import { ImportSheetError } from './import.js';
import type { CellValue, Table } from './table.js';

export type SheetFormat = 'csv' | 'xlsx';

/** The format a file name says, or null. */
export function sheetFormatOf(name: string): SheetFormat | null {
  const m = /\.(csv|xlsx)$/i.exec(name);
  return m ? (m[1]!.toLowerCase() as SheetFormat) : null;
}

function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

function tableOf(sheet: ExcelJS.Worksheet, named: boolean): Table {
  const header: string[] = [];
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: CellValue[] = [];
    // exceljs rows are 1-based; values[0] is unused.
    const values = row.values as ExcelJS.CellValue[];
    for (let c = 1; c < values.length; c++) cells.push(plain(values[c]));
    if (number === 1) header.push(...cells.map((v) => (v === null ? '' : String(v))));
    else rows.push({ row: number, cells });
  });
  return { sheet: named ? sheet.name : null, header, rows };
}

/**
 * A sheet from a CSV or XLSX file. In a workbook, the sheet named `preferSheet` (the term's
 * title, as exports name their sheets) when there is one, else the first.
 */
export async function readTable(content: Buffer, format: SheetFormat, preferSheet?: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    if (format === 'csv') {
      // Every cell as typed: figures are checked by the rubric, never guessed into dates.
      const sheet = await workbook.csv.read(Readable.from([content]), { map: (v: unknown) => v });
      return tableOf(sheet, false);
    }
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (e) {
    throw new ImportSheetError(`the file is not a readable ${format.toUpperCase()} file (${(e as Error).message})`);
  }
  const sheet = (preferSheet && workbook.worksheets.find((s) => s.name === sheetName(preferSheet))) || workbook.worksheets.find((s) => s.state === 'visible');
  if (!sheet) throw new ImportSheetError('the workbook has no worksheet');
  return tableOf(sheet, true);
}

/** Excel limits a sheet's name to 31 characters, without []:*?/\ . */
export function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

export async function writeCsv(header: string[], rows: CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('export');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.csv.writeBuffer());
}

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

export interface TermSheet {
  title: string;
  header: string[];
  rows: CellValue[][];
}

/**
 * One sheet per term, then the register of school-to-school pairings (for a framework with
 * categories), then a heat-map sheet per term with the level colours as cell fills.
 */
export async function writeXlsx(terms: TermSheet[], heatmaps: { title: string; model: HeatmapModel }[], pairings: TermSheet | null = null): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Termly';
  for (const term of terms) {
    const sheet = workbook.addWorksheet(sheetName(term.title), { views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }] });
    sheet.addRow(term.header).font = { bold: true };
    for (const row of term.rows) sheet.addRow(row);
    sheet.columns.forEach((c, i) => { c.width = i < 8 ? 18 : 14; });
  }
  if (pairings) {
    const sheet = workbook.addWorksheet(sheetName(pairings.title), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.addRow(pairings.header).font = { bold: true };
    for (const row of pairings.rows) sheet.addRow(row);
    sheet.columns.forEach((c) => { c.width = 20; });
  }
  for (const { title, model } of heatmaps) {
    const sheet = workbook.addWorksheet(sheetName(`Heat map ${title}`), { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
    const columns = model.groups.flatMap((g) => g.columns.map((c) => ({ group: g.name, column: c })));
    const withCategory = model.categories !== null;
    sheet.addRow(['', ...columns.map((c) => c.group), ...(withCategory ? [''] : [])]).font = { italic: true };
    sheet.addRow([HEADERS.school, ...columns.map((c) => c.column), ...(withCategory ? ['Category'] : [])]).font = { bold: true };
    for (const school of model.schools) {
      const cells = columns.map((c) => model.cells.find((x) => x.school === school && x.group === c.group && x.column === c.column)!);
      const category = model.categories?.find((c) => c.school === school);
      const row = sheet.addRow([school, ...cells.map((c) => c.label), ...(category ? [category.label] : [])]);
      [...cells, ...(category ? [category] : [])].forEach((cell, i) => {
        const target = row.getCell(i + 2);
        target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(cell.fill) } };
        target.font = { color: { argb: argb(cell.text) }, bold: true };
        target.alignment = { horizontal: 'center' };
        target.note = cell.meaning;
      });
    }
    sheet.addRow([]);
    sheet.addRow(['Key']).font = { bold: true };
    for (const entry of model.legend) {
      const row = sheet.addRow(['', entry.label.trim()]);
      row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(entry.fill) } };
    }
    sheet.getColumn(1).width = 24;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Rows offered below the schools for a school added later (by URN). */
const SPARE_ROWS = 20;

/**
 * An empty import sheet: the school column filled with the trust's schools, one column per
 * figure with its name, unit and allowed range in the header, and data validation refusing
 * values outside the range in the spreadsheet program itself.
 */
export async function writeTemplate(rubric: Rubric, schools: School[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Termly';
  const sheet = workbook.addWorksheet('Figures', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  const indicators = rubric.indicators.filter((i) => !i.transitions);
  const range = (i: (typeof indicators)[number]) => `${i.range.min ?? 'any'} to ${i.range.max ?? 'any'}`;
  sheet.addRow([HEADERS.school, ...indicators.map((i) => `${indicatorHeader(rubric, i.id).replace(/\)$/, '')}${i.unit ? ', ' : ' ('}${range(i)})`)]).font = { bold: true };
  for (const school of schools) sheet.addRow([school.name]);
  const lastRow = 1 + schools.length + SPARE_ROWS;
  indicators.forEach((indicator, i) => {
    const column = sheet.getColumn(i + 2);
    column.width = Math.max(16, Math.min(40, indicatorHeader(rubric, indicator.id).length + 12));
    for (let r = 2; r <= lastRow; r++) {
      const { min, max } = indicator.range;
      sheet.getCell(r, i + 2).dataValidation = {
        type: 'decimal',
        allowBlank: true,
        ...(min !== undefined && max !== undefined ? { operator: 'between' as const, formulae: [min, max] }
          : min !== undefined ? { operator: 'greaterThanOrEqual' as const, formulae: [min] }
            : max !== undefined ? { operator: 'lessThanOrEqual' as const, formulae: [max] }
              : { operator: 'between' as const, formulae: [-1e9, 1e9] }),
        showErrorMessage: true,
        errorTitle: indicator.name,
        error: `${indicator.name} is a figure from ${range(indicator)}${indicator.unit ? ` (${indicator.unit})` : ''}.`,
        showInputMessage: Boolean(indicator.help),
        ...(indicator.help ? { promptTitle: indicator.name.slice(0, 32), prompt: indicator.help.slice(0, 255) } : {}),
      };
    }
  });
  sheet.getColumn(1).width = 26;
  const guide = workbook.addWorksheet('How to fill in');
  guide.addRow([`Figures for the ${rubric.name}`]).font = { bold: true };
  guide.addRow(['One row per school. Leave a cell empty to keep the figure already saved. Columns may be named by an indicator\'s id or name.']);
  guide.addRow(['Import with: npm run cli -- import <this file> [--term <id>] [--dry-run], or attach the file in a chat with the bot.']);
  guide.addRow([]);
  guide.addRow(['Indicator', 'Id', 'Unit', 'Allowed', 'Help']).font = { bold: true };
  for (const i of indicators) guide.addRow([i.name, i.id, i.unit, range(i), i.help ?? '']);
  guide.getColumn(1).width = 36;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
