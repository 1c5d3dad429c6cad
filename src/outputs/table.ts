/** A sheet as the pure code sees it: a header row and the rows under it, with their sheet row numbers. */
export type CellValue = string | number | null;

export interface Table {
  /** The worksheet read (XLSX), or null for CSV. */
  sheet: string | null;
  header: string[];
  /** `row` is the row number a spreadsheet program shows (the header is row 1). */
  rows: { row: number; cells: CellValue[] }[];
}

/** "A", "B", … "Z", "AA": the column letter a spreadsheet program shows. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
