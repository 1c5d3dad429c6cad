/**
 * The files leadership takes away, made from the use-cases' data: pictures, spreadsheets, the
 * import template and the board report. Shared by the command line and the chat doors' links.
 */
import { systemActor, type Actor } from '../review/actor.js';
import type { ReviewContext } from '../review/context.js';
import { rubricOf } from '../review/lookups.js';
import { exportData, heatmapData, reportData, trendData } from '../review/outputs.js';
import type { NotFoundView, RefusalView } from '../review/views.js';
import type { Trust } from '../store/records.js';
import { exportHeader, exportRow } from './export-rows.js';
import { heatmapModel, heatmapSpec } from './heatmap.js';
import { PAIRING_SHEET_HEADER, PAIRING_SHEET_TITLE, pairingSheetRow } from './pairings.js';
import { printPdf } from './pdf.js';
import { drawChart, encodePicture, type PictureFormat } from './render.js';
import { reportHtml } from './report.js';
import { writeCsv, writeTemplate, writeXlsx, type SheetFormat } from './sheets.js';
import { trendModel, trendSpec } from './trend.js';

export interface OutputFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export const CONTENT_TYPES = {
  png: 'image/png',
  svg: 'image/svg+xml',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
} as const;

export async function heatmapFile(ctx: ReviewContext, actor: Actor, trust: Trust, options: { termId?: string; format: PictureFormat }): Promise<OutputFile | RefusalView> {
  const data = await heatmapData(ctx, actor, trust, options.termId);
  if ('kind' in data) return data;
  const picture = await drawChart(heatmapSpec(heatmapModel(data.input)));
  return { filename: `heatmap-${data.window.id}.${options.format}`, contentType: CONTENT_TYPES[options.format], content: encodePicture(picture, options.format) };
}

export async function trendFile(ctx: ReviewContext, actor: Actor, trust: Trust, options: { school: string; format: PictureFormat }): Promise<OutputFile | RefusalView | NotFoundView> {
  const data = await trendData(ctx, actor, trust, options.school);
  if ('kind' in data) return data;
  const picture = await drawChart(trendSpec(trendModel(data.input)));
  return { filename: `trend-${data.school.id}.${options.format}`, contentType: CONTENT_TYPES[options.format], content: encodePicture(picture, options.format) };
}

export async function exportFile(ctx: ReviewContext, actor: Actor, trust: Trust, options: { termId?: string; format: SheetFormat }): Promise<OutputFile | RefusalView> {
  const data = await exportData(ctx, actor, trust, options.termId);
  if ('kind' in data) return data;
  const header = exportHeader(data.rubric);
  const name = `${trust.id}-${options.termId ?? 'all-terms'}.${options.format}`;
  if (options.format === 'csv') {
    const rows = data.terms.flatMap((t) => t.records.map((r) => exportRow(data.rubric, r)));
    return { filename: name, contentType: CONTENT_TYPES.csv, content: await writeCsv(header, rows) };
  }
  const heatmaps = [];
  for (const term of data.terms) {
    const heat = await heatmapData(ctx, actor, trust, term.window.id);
    if (!('kind' in heat)) heatmaps.push({ title: term.title, model: heatmapModel(heat.input) });
  }
  const sheets = data.terms.map((t) => ({ title: t.title, header, rows: t.records.map((r) => exportRow(data.rubric, r)) }));
  // Pairings are made on decisions: a framework without categories has none.
  const register = data.rubric.categories.length ? { title: PAIRING_SHEET_TITLE, header: PAIRING_SHEET_HEADER, rows: data.pairings.map(pairingSheetRow) } : null;
  return { filename: name, contentType: CONTENT_TYPES.xlsx, content: await writeXlsx(sheets, heatmaps, register) };
}

export async function templateFile(ctx: ReviewContext, trust: Trust): Promise<OutputFile> {
  const rubric = rubricOf(ctx, trust);
  return { filename: `${trust.id}-figures-template.xlsx`, contentType: CONTENT_TYPES.xlsx, content: await writeTemplate(rubric, trust.schools) };
}

export async function reportFile(
  ctx: ReviewContext, actor: Actor, trust: Trust, options: { termId?: string; format: 'html' | 'pdf'; chromium: string },
): Promise<OutputFile | RefusalView> {
  const data = await reportData(ctx, actor, trust, options.termId);
  if ('kind' in data) return data;
  const heat = await heatmapData(ctx, actor, trust, data.window.id);
  const svg = 'kind' in heat ? '' : (await drawChart(heatmapSpec(heatmapModel(heat.input)))).svg;
  const html = reportHtml(data.data, svg);
  const filename = `board-report-${data.window.id}.${options.format}`;
  if (options.format === 'html') return { filename, contentType: CONTENT_TYPES.html, content: Buffer.from(html, 'utf8') };
  return { filename, contentType: CONTENT_TYPES.pdf, content: await printPdf(html, { chromium: options.chromium }) };
}

/**
 * The files chat links offer, made for the trust as a whole: a link is signed by the bot and
 * was only ever given to leadership. Null when there is nothing to make (no such term).
 */
export function offeredFiles(ctx: ReviewContext, chromium: string) {
  return async (kind: 'report.html' | 'report.pdf' | 'heatmap.png', subject: string): Promise<OutputFile | null> => {
    const trust = await ctx.store.getTrust();
    if (!trust) return null;
    const actor = systemActor('Termly');
    const file = kind === 'heatmap.png'
      ? await heatmapFile(ctx, actor, trust, { termId: subject, format: 'png' })
      : await reportFile(ctx, actor, trust, { termId: subject, format: kind === 'report.pdf' ? 'pdf' : 'html', chromium });
    return 'kind' in file ? null : file;
  };
}
