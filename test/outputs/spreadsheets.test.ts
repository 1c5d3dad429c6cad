/**
 * Spreadsheets both ways, as a data manager uses them: an XLSX export re-imports to the same
 * figures; an import with bad rows reports each one by row, column and value and leaves the
 * store as it was for them; a dry run changes nothing; the template carries names, units,
 * ranges and data validation.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportFile, templateFile } from '../../src/outputs/files.js';
import { readTable } from '../../src/outputs/sheets.js';
import { importFigures, importReportLines, type ImportReport } from '../../src/review/import-figures.js';
import type { RefusalView } from '../../src/review/views.js';
import { demo, pairEnrich, type Demo } from './harness.js';

const TERM = '2026-27-autumn';

async function importCsv(d: Demo, csv: string, options: { dryRun?: boolean; termId?: string } = {}): Promise<ImportReport | RefusalView> {
  const table = await readTable(Buffer.from(csv, 'utf8'), 'csv');
  return importFigures(d.ctx, d.leadership, d.trust, table, { dryRun: options.dryRun ?? false, source: 'figures.csv', ...(options.termId ? { termId: options.termId } : {}) });
}

function report(result: ImportReport | RefusalView): ImportReport {
  if ('kind' in result) throw new Error(result.message);
  return result;
}

const GOOD = [
  'School,Attendance (%),persistent_absence,Reading progress',
  'Reach Academy,91.4,18.5,62',
  'Engage Academy,88,22.25,55',
].join('\n');

describe('importing figures', () => {
  it('saves good rows as answers, with an audit entry naming the importer and the file', async () => {
    const d = await demo();
    const result = report(await importCsv(d, GOOD));
    expect(result.term.id).toBe(TERM);
    expect(result.problems).toEqual([]);
    expect(result.applied.map((r) => [r.row, r.school])).toEqual([[2, 'Reach Academy'], [3, 'Engage Academy']]);
    const reach = (await d.store.getSubmission('reach-academy', TERM))!;
    expect(reach.answers.indicators).toMatchObject({ attendance: 91.4, persistent_absence: 18.5, reading_progress: 62 });
    expect(reach.updatedBy).toBe('system');
    const audit = (await d.store.listAudit({ subject: `submission:${reach.id}` })).at(-1)!;
    expect(audit).toMatchObject({ action: 'submission.imported', actor: 'system', detail: { importedBy: 'Test', file: 'figures.csv', row: 2 } });
    // The same file again changes nothing.
    const again = report(await importCsv(d, GOOD));
    expect(again.applied).toEqual([]);
    expect(again.unchanged.map((r) => r.school)).toEqual(['Reach Academy', 'Engage Academy']);
  });

  it('reports each bad row by row, column and value, applies the good ones, and leaves the store unchanged for the bad', async () => {
    const d = await demo();
    const before = await d.document();
    const result = report(await importCsv(d, [
      'School,Attendance (%),Persistent absence (PA) (%),Mathematics progress',
      'Reach Academy,104,18.5,40',
      'Engage Academy,88,twenty,55',
      'Ethos College,95,10,70',
      'Reach Acadamy,90,10,50',
      'Ethos College,96,10,70',
    ].join('\n')));
    expect(result.problems).toEqual([
      { row: 2, column: 'B (Attendance (%))', value: '104', message: '104% is outside the allowed range for Attendance (0% to 100%)' },
      { row: 3, column: 'C (Persistent absence (PA) (%))', value: 'twenty', message: expect.stringContaining('"twenty" is not a number') },
      { row: 5, column: 'A (School)', value: 'Reach Acadamy', message: expect.stringContaining('no school of the trust is called "Reach Acadamy"') },
      { row: 6, column: 'A (School)', value: 'Ethos College', message: 'Ethos College is also on row 4: give each school one row' },
    ]);
    expect(result.applied.map((r) => r.school)).toEqual(['Ethos College']);
    const after = await d.document();
    // Reach and Engage: not half-written: their submissions are exactly as they were.
    for (const id of ['reach-academy', 'engage-academy']) {
      expect(after.submissions.find((s) => s.schoolId === id && s.windowId === TERM)).toEqual(before.submissions.find((s) => s.schoolId === id && s.windowId === TERM));
    }
    expect(after.audit.length - before.audit.length).toBe(1);
    const lines = importReportLines(result);
    expect(lines[0]).toBe(`figures.csv into the Autumn term 2026-27 (${TERM}): 1 row changed, 0 already as given, 4 refused.`);
    expect(lines).toContain('Row 2, column B (Attendance (%)), value "104": 104% is outside the allowed range for Attendance (0% to 100%). Nothing from this row was saved.');
  });

  it('changes nothing on a dry run, and says what would change', async () => {
    const d = await demo();
    const before = await d.document();
    const result = report(await importCsv(d, GOOD, { dryRun: true }));
    expect(await d.document()).toEqual(before);
    expect(result.applied[0]).toEqual({ row: 2, school: 'Reach Academy', changes: [
      { indicator: 'Attendance', from: null, to: '91.4%' }, { indicator: 'Persistent absence (PA)', from: null, to: '18.5%' }, { indicator: 'Reading progress', from: null, to: '62%' },
    ] });
    expect(importReportLines(result)[0]).toMatch(/^Dry run: nothing was saved\. .*2 rows would change/);
  });

  it.each([
    ['a sheet without a school column', 'Name,Attendance\nReach Academy,90', /no column names the school: row 1 needs a "School"/],
    ['a sheet without a figure column', 'School,Colour\nReach Academy,blue', /no column gives a figure of the Ethos/],
    ['a closed term', { csv: GOOD, termId: '2025-26-summer' }, /The Summer term 2025-26 review is closed/],
    ['an unknown term', { csv: GOOD, termId: '2030-31-autumn' }, /There is no term "2030-31-autumn"/],
  ])('refuses %s and changes nothing', async (_what, input, message) => {
    const d = await demo();
    const before = await d.document();
    const { csv, termId } = typeof input === 'string' ? { csv: input, termId: undefined } : input;
    expect(await importCsv(d, csv, termId ? { termId } : {})).toMatchObject({ kind: 'refusal', message: expect.stringMatching(message) });
    expect(await d.document()).toEqual(before);
  });

  it('finds schools by URN where the trust records them', async () => {
    const d = await demo();
    const trust = { ...d.trust, schools: d.trust.schools.map((s) => (s.id === 'reach-academy' ? { ...s, urn: '140123' } : s)) };
    await d.store.saveTrust(trust, { at: new Date().toISOString(), actor: 'system', action: 'trust.updated', subject: `trust:${trust.id}` });
    const table = await readTable(Buffer.from('URN,Attendance\n140123,90\n999999,80\n'), 'csv');
    const result = report(await importFigures(d.ctx, d.leadership, trust, table, { dryRun: true, source: 'urns.csv' }));
    expect(result.applied.map((r) => r.school)).toEqual(['Reach Academy']);
    expect(result.problems).toEqual([{ row: 3, column: 'A (URN)', value: '999999', message: 'no school of the trust has the URN 999999' }]);
  });

  it('names the columns it did not read', async () => {
    const d = await demo();
    const result = report(await importCsv(d, 'School,Atendance,attendance\nReach Academy,90,91\n', { dryRun: true }));
    expect(result.notRead).toEqual(['Atendance']);
    expect(importReportLines(result)).toContain('Not read (not a school, term or figure of the framework): "Atendance".');
  });

  it('is for leadership only', async () => {
    const d = await demo();
    const head = { person: d.trust.people.find((p) => p.schoolIds.includes('reach-academy'))!, leadership: false, decides: false, roles: ['head'] };
    const table = await readTable(Buffer.from(GOOD), 'csv');
    expect(await importFigures(d.ctx, head, d.trust, table, { dryRun: false, source: 'x.csv' })).toMatchObject({ kind: 'refusal' });
  });
});

describe('the XLSX export', () => {
  it('has one sheet per term and a heat-map sheet with the level colours, and re-imports to the same figures', async () => {
    const d = await demo();
    report(await importCsv(d, GOOD));
    const file = await exportFile(d.ctx, d.leadership, d.trust, { termId: TERM, format: 'xlsx' });
    if ('kind' in file) throw new Error(file.message);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Autumn term 2026-27', 'School-to-school support', 'Heat map Autumn term 2026-27']);

    const fresh = await demo();
    const result = report(await importFigures(fresh.ctx, fresh.leadership, fresh.trust, await readTable(file.content, 'xlsx', 'Autumn term 2026-27'), { dryRun: false, source: file.filename }));
    expect(result.problems).toEqual([]);
    expect(result.notRead).toEqual([]);
    for (const school of d.trust.schools) {
      const figures = (s: typeof d) => s.store.getSubmission(school.id, TERM).then((x) => Object.fromEntries(Object.entries(x?.answers.indicators ?? {}).filter(([, v]) => typeof v === 'number')));
      expect(await figures(fresh), school.name).toEqual(await figures(d));
    }
    expect(result.applied.map((r) => r.school).sort()).toEqual(['Engage Academy', 'Reach Academy']);
  });

  it('gives every school and term with every rating and the decision, and fills the heat map with level colours', async () => {
    const d = await demo();
    const file = await exportFile(d.ctx, d.leadership, d.trust, { format: 'xlsx' });
    if ('kind' in file) throw new Error(file.message);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const summer = workbook.getWorksheet('Summer term 2025-26')!;
    const header = (summer.getRow(1).values as string[]).slice(1);
    for (const column of ['School', 'Leadership and vision (self)', 'Leadership and vision (evidence)', 'Leadership and vision (agreed)', 'Attendance (%)', 'Attendance level', 'Proposed category', 'Decided category', 'Decided by', 'Why']) expect(header).toContain(column);
    const rows = summer.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(d.trust.schools.length);
    const evolve = rows.find((r) => r[header.indexOf('School') + 1] === 'Evolve Academy')!;
    expect(evolve[header.indexOf('Decision') + 1]).toBe('overridden');
    expect(String(evolve[header.indexOf('Why') + 1])).toContain('headteacher');
    const heat = workbook.getWorksheet('Heat map Summer term 2025-26')!;
    const fills = new Set<string>();
    heat.eachRow((row, n) => { if (n > 2) row.eachCell((c) => { const f = c.fill as { fgColor?: { argb?: string } } | undefined; if (f?.fgColor?.argb) fills.add(f.fgColor.argb); }); });
    for (const colour of ['FFFC8D59', 'FFFFFFBF', 'FF91BFDB']) expect(fills).toContain(colour);
  });

  it('writes the same rows as CSV', async () => {
    const d = await demo();
    const file = await exportFile(d.ctx, d.leadership, d.trust, { termId: '2025-26-summer', format: 'csv' });
    if ('kind' in file) throw new Error(file.message);
    const table = await readTable(file.content, 'csv');
    expect(table.rows.map((r) => r.cells[table.header.indexOf('School')])).toEqual(d.trust.schools.map((s) => s.name));
  });
});

describe('school-to-school support in the export', () => {
  it('gives each school\'s pairings in its row, received and given, and every pairing once in its own sheet', async () => {
    const d = await demo();
    await pairEnrich(d);
    const file = await exportFile(d.ctx, d.leadership, d.trust, { format: 'xlsx' });
    if ('kind' in file) throw new Error(file.message);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const cell = (term: string, school: string, column: string) => {
      const sheet = workbook.getWorksheet(term)!;
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const row = (sheet.getSheetValues().slice(2).filter(Boolean) as unknown[][]).find((r) => r[header.indexOf('School') + 1] === school)!;
      return row[header.indexOf(column) + 1] ?? null;
    };
    expect(cell('Summer term 2025-26', 'Enrich Academy', 'Peer support received')).toBe(
      "Sickness Absence Levels from Ethos College (accepted by Headteacher, Ethos College on 2026-11-30; in force until Enrich Academy's next decision); "
      + 'Financial Planning (budget quality) from Engage Academy (declined by Headteacher, Engage Academy on 2026-11-30; never in force)');
    expect(cell('Summer term 2025-26', 'Ethos College', 'Peer support given')).toBe(
      "Sickness Absence Levels to Enrich Academy (accepted by Headteacher, Ethos College on 2026-11-30; in force until Enrich Academy's next decision)");
    expect(cell('Summer term 2025-26', 'Reach Academy', 'Peer support received')).toBeNull();
    // A later term carries the pairing in force, saying which decision it was made at.
    expect(cell('Autumn term 2026-27', 'Enrich Academy', 'Peer support received')).toBe(
      "Sickness Absence Levels from Ethos College (accepted by Headteacher, Ethos College on 2026-11-30; kept from the Summer term 2025-26 decision; in force until Enrich Academy's next decision)");

    const register = workbook.getWorksheet('School-to-school support')!;
    expect(register.getSheetValues().slice(1).filter(Boolean).map((r) => (r as unknown[]).slice(1))).toEqual([
      ['Term of the decision', 'Term id', 'Supported school', 'Supported school id', 'Area', 'Supporting school', 'Supporting school id', 'Peer head\'s answer', 'Answered by', 'Answered on', 'Confirmed by', 'Confirmed on', 'Ended on'],
      ['Summer term 2025-26', '2025-26-summer', 'Enrich Academy', 'enrich-academy', 'Sickness Absence Levels', 'Ethos College', 'ethos-college', 'accepted', 'Headteacher, Ethos College', '2026-11-30', 'Chief Executive Officer', '2026-11-30'],
      ['Summer term 2025-26', '2025-26-summer', 'Enrich Academy', 'enrich-academy', 'Financial Planning (budget quality)', 'Engage Academy', 'engage-academy', 'declined', 'Headteacher, Engage Academy', '2026-11-30', 'Chief Executive Officer', '2026-11-30'],
    ]);

    // The CSV export carries the same columns.
    const csv = await exportFile(d.ctx, d.leadership, d.trust, { termId: '2025-26-summer', format: 'csv' });
    if ('kind' in csv) throw new Error(csv.message);
    const table = await readTable(csv.content, 'csv');
    const ethos = table.rows.find((r) => r.cells[table.header.indexOf('School')] === 'Ethos College')!;
    expect(ethos.cells[table.header.indexOf('Peer support given')]).toMatch(/^Sickness Absence Levels to Enrich Academy \(accepted by /);
  });
});

describe('the import template', () => {
  it('names each figure with its unit and range, lists the schools, and validates the cells', async () => {
    const d = await demo();
    const file = await templateFile(d.ctx, d.trust);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Figures')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header[0]).toBe('School');
    expect(header).toContain('Attendance (%, 0 to 100)');
    expect(header).toContain('Overall value added (%, -100 to 100)');
    expect(sheet.getColumn(1).values.slice(2, 2 + d.trust.schools.length)).toEqual(d.trust.schools.map((s) => s.name));
    expect(sheet.getCell(2, header.indexOf('Attendance (%, 0 to 100)') + 1).dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100], showErrorMessage: true });
    // Filled in, it imports as it is.
    sheet.getCell(2, header.indexOf('Attendance (%, 0 to 100)') + 1).value = 93.5;
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = report(await importFigures(d.ctx, d.leadership, d.trust, await readTable(filled, 'xlsx'), { dryRun: false, source: file.filename }));
    expect(result.applied).toEqual([{ row: 2, school: d.trust.schools[0]!.name, changes: [{ indicator: 'Attendance', from: null, to: '93.5%' }] }]);
  });
});
