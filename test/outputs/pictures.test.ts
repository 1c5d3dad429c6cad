/**
 * The heat map and trend pictures as people get them: PNGs that decode at the size drawn, cells
 * in the level colours (sampled from the PNG's pixels), every school named in the SVG.
 */
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { heatmapData, trendData } from '../../src/review/outputs.js';
import { heatmapFile, trendFile } from '../../src/outputs/files.js';
import { heatmapModel, heatmapSpec } from '../../src/outputs/heatmap.js';
import { levelCodes, levelColours, NO_LEVEL, shareColour } from '../../src/outputs/palette.js';
import { drawChart, PNG_SCALE, toPng, type Picture } from '../../src/outputs/render.js';
import type { Scale } from '../../src/rubric/schema.js';
import { demo, rubrics, type Demo } from './harness.js';

const hex = (png: PNG, x: number, y: number) => {
  const i = (png.width * Math.round(y) + Math.round(x)) << 2;
  return `#${[png.data[i]!, png.data[i + 1]!, png.data[i + 2]!].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
};

const scale = (names: string[]): Scale => ({ id: 's', name: 'S', levels: names.map((n, i) => ({ id: `l${i}`, name: n })) });

describe('level letters and colours', () => {
  it.each([
    [['Intervention required', 'Not yet assured', 'Assured'], ['I', 'N', 'A']],
    [['Causing concern', 'Attention needed', 'Secure', 'Strong'], ['Ca', 'At', 'Se', 'St']],
    [['Urgent Improvement', 'Needs Attention', 'Expected Standard', 'Strong Standard', 'Exceptional'], ['UI', 'NA', 'ES', 'SS', 'E']],
    [['Not yet', 'Partly', 'Fully'], ['N', 'P', 'F']],
  ])('gives every level of %j its own letters', (names, codes) => {
    expect([...levelCodes(scale(names)).values()]).toEqual(codes);
  });

  it('colours levels worst to best with distinct colours', () => {
    for (const n of [2, 3, 4, 5, 6, 7, 9]) expect(new Set(levelColours(n)).size).toBe(n);
    expect(shareColour(0)).toBe('#eff3ff');
    expect(shareColour(1)).toBe('#08519c');
  });
});

describe('the trust heat map', () => {
  let d: Demo;
  let picture: Picture;
  let png: PNG;
  let schools: string[];

  beforeAll(async () => {
    d = await demo('ethos');
    const data = await heatmapData(d.ctx, d.leadership, d.trust);
    if ('kind' in data) throw new Error(data.message);
    schools = data.input.schools.map((s) => s.name);
    picture = await drawChart(heatmapSpec(heatmapModel(data.input)));
    png = PNG.sync.read(toPng(picture));
  });

  it('is a PNG of the drawn size, at twice the SVG\'s pixels', () => {
    expect(picture.width).toBeGreaterThan(800);
    expect(png.width).toBe(picture.width * PNG_SCALE);
    expect(png.height).toBe(picture.height * PNG_SCALE);
  });

  it('colours each school\'s cells in its level\'s colour, with the level\'s letter beside', () => {
    const ethos = rubrics.get('ethos')!;
    const colours = levelColours(3);
    const codes = levelCodes(ethos.scales[0]!);
    const cells = picture.marks.filter((m) => m.datum.column && m.datum.group !== 'Category' && !m.name.startsWith('category'));
    expect(cells).toHaveLength(ethos.groups.flatMap((g) => g.areas).length * schools.length);
    const seen = new Set<string>();
    for (const cell of cells) {
      const fill = cell.datum.fill as string;
      // A corner of the cell, clear of the letter and the white border.
      expect(hex(png, (cell.x + 3) * PNG_SCALE, (cell.y + 3) * PNG_SCALE), `${cell.datum.school} × ${cell.datum.column}`).toBe(fill);
      const level = ethos.scales[0]!.levels.find((l) => l.name === cell.datum.meaning);
      expect(fill).toBe(level ? colours[ethos.scales[0]!.levels.indexOf(level)] : NO_LEVEL);
      if (level) expect(cell.datum.label).toBe(codes.get(level.id));
      seen.add(fill);
    }
    // The demo trust has lines at every level: all three colours show.
    expect([...seen].filter((c) => c !== NO_LEVEL).sort()).toEqual([...colours].sort());
  });

  it('names every school, the term, and each level in the legend', () => {
    for (const school of schools) expect(picture.svg).toContain(`>${school}<`);
    expect(picture.svg).toContain('Summer term 2025-26');
    for (const level of ['Assured', 'Not yet assured', 'Intervention required']) expect(picture.svg).toMatch(new RegExp(`>[AIN]\\s+${level}<`));
  });

  it('is served as a PNG or an SVG file for a named term, and refuses a term that does not exist', async () => {
    const svg = await heatmapFile(d.ctx, d.leadership, d.trust, { termId: '2025-26-autumn', format: 'svg' });
    if ('kind' in svg) throw new Error(svg.message);
    expect(svg.filename).toBe('heatmap-2025-26-autumn.svg');
    expect(svg.content.toString('utf8')).toContain('Autumn term 2025-26');
    const none = await heatmapFile(d.ctx, d.leadership, d.trust, { termId: '2031-32-autumn', format: 'png' });
    expect(none).toMatchObject({ kind: 'refusal', message: expect.stringContaining('There is no term "2031-32-autumn". The terms are: 2025-26-autumn') });
  });
});

describe('frameworks reported as shares (CAT)', () => {
  it('colours each strand by the share of statements fully met and writes the share in the cell', async () => {
    const d = await demo('cat-excellence');
    const data = await heatmapData(d.ctx, d.leadership, d.trust);
    if ('kind' in data) throw new Error(data.message);
    const model = heatmapModel(data.input);
    const picture = await drawChart(heatmapSpec(model));
    const png = PNG.sync.read(toPng(picture));
    const cells = picture.marks.filter((m) => typeof m.datum.label === 'string' && /%$/.test(m.datum.label as string));
    expect(cells.length).toBe(d.trust.schools.length * 5);
    for (const cell of cells) {
      const fill = hex(png, (cell.x + 3) * PNG_SCALE, (cell.y + 3) * PNG_SCALE);
      expect(fill).toBe(cell.datum.fill);
      // The darker the blue, the larger the share written in the cell.
      const share = Number((cell.datum.label as string).replace('%', '')) / 100;
      expect(Math.abs(parseInt(fill.slice(1, 3), 16) - parseInt(shareColour(share).slice(1, 3), 16))).toBeLessThanOrEqual(2);
    }
    expect(model.categories).toBeNull();
    for (const school of d.trust.schools) expect(picture.svg).toContain(`>${school.name}<`);
  });
});

describe('a school\'s trend', () => {
  it('draws the category over the terms and the key indicators over their bands, as a PNG of the drawn size', async () => {
    const d = await demo('ethos');
    const data = await trendData(d.ctx, d.leadership, d.trust, 'reach');
    if ('kind' in data) throw new Error('no trend');
    expect(data.input.terms.map((t) => t.category?.name)).toEqual(['STABILISE', 'REPAIR', 'IMPROVE']);
    const file = await trendFile(d.ctx, d.leadership, d.trust, { school: 'reach', format: 'png' });
    if ('kind' in file) throw new Error('no file');
    const png = PNG.sync.read(file.content);
    const svg = await trendFile(d.ctx, d.leadership, d.trust, { school: 'reach', format: 'svg' });
    if ('kind' in svg) throw new Error('no file');
    const text = svg.content.toString('utf8');
    const [, w, h] = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(text)!;
    expect([png.width, png.height]).toEqual([Number(w) * PNG_SCALE, Number(h) * PNG_SCALE]);
    for (const name of ['STABILISE', 'REPAIR', 'IMPROVE', 'SUSTAIN', 'Attendance (%)', 'Autumn 2025-26', 'Summer 2025-26']) expect(text).toContain(name);
  });

  it('is refused to a head for another school', async () => {
    const d = await demo('ethos');
    const head = { person: d.trust.people.find((p) => p.schoolIds.includes('engage-academy'))!, leadership: false, decides: false, roles: ['head'] };
    expect(await trendData(d.ctx, head, d.trust, 'reach')).toMatchObject({ kind: 'refusal', message: expect.stringContaining('not Reach Academy') });
  });
});
