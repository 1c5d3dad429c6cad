/**
 * The output commands as the README gives them: each writes the file asked for, in the format
 * its name says, and a bad import is refused by row with exit code 1 while its good rows stay.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { readTable, writeCsv } from '../../src/outputs/sheets.js';
import { openStore } from '../../src/store/open.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir: string;
let env: Record<string, string>;

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...process.env, ...env }, cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'termly-outputs-'));
  env = { TERMLY_STORE: join(dir, 'termly.db.json') };
  // As the README says: the store is filled with the demo trust first.
  expect((await cli(['demo', 'seed'])).code).toBe(0);
});

describe('output commands', () => {
  it('draws the heat map and a trend as PNG and SVG', async () => {
    const heat = await cli(['heatmap', '--out', 'heat.png']);
    expect(heat).toMatchObject({ code: 0, out: `Wrote ${join(dir, 'heat.png')} (${readFileSync(join(dir, 'heat.png')).length.toLocaleString('en-GB')} bytes)` });
    expect(PNG.sync.read(readFileSync(join(dir, 'heat.png'))).width).toBeGreaterThan(1000);
    expect((await cli(['trend', 'reach', '--out', 'reach.svg'])).code).toBe(0);
    expect(readFileSync(join(dir, 'reach.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*Reach Academy: trend/);
  });

  it('exports, then imports the export with one bad row: good rows stay, the bad one is named, exit code 1', async () => {
    expect((await cli(['import', join(ROOT, 'test/outputs/fixtures/figures.csv')])).code).toBe(0);
    expect((await cli(['export', '--format', 'csv', '--term', '2026-27-autumn', '--out', 'autumn.csv'])).code).toBe(0);
    // A data manager's slip: one school's attendance typed as 140 in the exported sheet.
    const table = await readTable(readFileSync(join(dir, 'autumn.csv')), 'csv');
    const rows = table.rows.map((r) => r.cells);
    rows[1]![table.header.indexOf('Attendance (%)')] = 140;
    writeFileSync(join(dir, 'broken.csv'), await writeCsv(table.header, rows));
    const dry = await cli(['import', 'broken.csv', '--term', '2026-27-autumn', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.out).toMatch(/^Dry run: nothing was saved\./);
    expect(dry.out).toContain('Row 3, column ');
    expect(dry.out).toContain('value "140": 140% is outside the allowed range for Attendance (0% to 100%)');
    expect(dry.err).toBe('1 row(s) refused: see above');
    // For real: the good rows are saved, the bad one is not.
    const real = await cli(['import', 'broken.csv', '--term', '2026-27-autumn']);
    expect(real.code).toBe(1);
    expect(real.out).toMatch(/^broken\.csv into the Autumn term 2026-27 \(2026-27-autumn\): 0 rows changed, 5 already as given, 1 refused\./);
  });

  it('writes the template and the board report', async () => {
    expect((await cli(['template', '--format', 'xlsx', '--out', 'template.xlsx'])).code).toBe(0);
    expect(readFileSync(join(dir, 'template.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await cli(['report', '--term', '2025-26-summer', '--out', 'report.html'])).code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<h1>Ethos Academy Trust: termly board report</h1>');
  });

  it('exports and reports the school-to-school support kept with the decisions', async () => {
    // A pairing as the decision post keeps it: Ethos College supports Enrich Academy, and its head accepted.
    const { store } = await openStore({ file: env.TERMLY_STORE!, env: {} });
    const decision = (await store.listDecisions({ schoolId: 'enrich-academy' })).at(-1)!;
    await store.savePairing({
      decisionId: decision.id, schoolId: 'enrich-academy', windowId: decision.windowId, area: 'sickness_absence', peerSchoolId: 'ethos-college',
      confirmedBy: 'ceo', confirmedAt: '2026-07-20T09:00:00.000Z', answer: 'accepted', answeredBy: 'head-ethos-college', answeredAt: '2026-07-21T09:00:00.000Z',
    }, { at: '2026-07-20T09:00:00.000Z', actor: 'ceo', action: 'pairing.confirm', subject: `pairing:${decision.id}/sickness_absence` });

    expect((await cli(['export', '--format', 'csv', '--term', decision.windowId, '--out', 'pairings.csv'])).code).toBe(0);
    const table = await readTable(readFileSync(join(dir, 'pairings.csv')), 'csv');
    const row = (school: string) => table.rows.find((r) => r.cells[table.header.indexOf('School')] === school)!.cells;
    expect(row('Enrich Academy')[table.header.indexOf('Peer support received')])
      .toBe("Sickness Absence Levels from Ethos College (accepted by Headteacher, Ethos College on 2026-07-21; in force until Enrich Academy's next decision)");
    expect(row('Ethos College')[table.header.indexOf('Peer support given')]).toMatch(/^Sickness Absence Levels to Enrich Academy \(accepted/);

    expect((await cli(['report', '--term', decision.windowId, '--out', 'pairings.html'])).code).toBe(0);
    const html = readFileSync(join(dir, 'pairings.html'), 'utf8');
    expect(html).toContain('<h2>School-to-school support</h2>');
    expect(html).toContain('<td>Enrich Academy</td><td>Sickness Absence Levels</td><td>Ethos College</td><td>Accepted by Headteacher, Ethos College on 2026-07-21</td><td>Chief Executive Officer on 2026-07-20</td>');
  });

  it.each([
    [['heatmap', '--out', 'heat.gif'], 2, /--out heat.gif: the file must end in \.png or \.svg/],
    [['heatmap', '--term', '2040-41-autumn', '--out', 'h.png'], 1, /There is no term "2040-41-autumn"/],
    [['trend', '--out', 'x.png'], 2, /usage: trend <school>/],
    [['trend', 'Oakfield', '--out', 'x.png'], 1, /no school matches "Oakfield"/],
    [['export', '--format', 'csv', '--out', 'x.xlsx'], 2, /--format csv and --out x.xlsx disagree/],
    [['import', 'nowhere.csv'], 1, /nowhere.csv: cannot be read \(ENOENT\)/],
    [['import', 'figures.txt'], 2, /the file must end in \.csv or \.xlsx/],
    [['report', '--out', 'report.doc'], 2, /the file must end in \.html or \.pdf/],
  ])('refuses %j', async (argv, exit, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });
});
