/**
 * Pictures from Vega-Lite specs, on the server: vega-lite compiles, vega draws SVG (no canvas
 * or browser), and resvg turns the SVG into PNG with the DejaVu fonts a Debian machine has
 * (fonts-dejavu-core), so a picture looks the same on every server.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { parse, View, type Scene, type SceneGroup, type SceneItem } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './chart.js';
import { FONT_DIRS, FontMissingError } from './errors.js';

export { FONT_DIRS, FontMissingError };

/** PNGs are drawn at twice the SVG's size, for sharp text on high-density screens and in print. */
export const PNG_SCALE = 2;

export type PictureFormat = 'svg' | 'png';

export interface Picture {
  svg: string;
  /** The SVG's own size in CSS pixels. */
  width: number;
  height: number;
  /** The marks named in the spec with their boxes in SVG pixels, and the data each one shows. */
  marks: { name: string; x: number; y: number; width: number; height: number; datum: Record<string, unknown> }[];
}

export async function drawChart(spec: TopLevelSpec): Promise<Picture> {
  const vega = compile(spec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  await view.runAsync();
  const svg = await view.toSVG();
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const marks: Picture['marks'] = [];
  // The SVG's content sits at the origin plus the padding (translate(...) on its first group).
  const [ox, oy] = view.origin();
  const pad = view.padding() as { left?: number; top?: number };
  collect((view.scenegraph() as unknown as { root: Scene }).root, ox + (pad.left ?? 0), oy + (pad.top ?? 0), marks);
  view.finalize();
  return { svg, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), marks };
}

/** Walks the scenegraph adding up group offsets, so each item's box is in the picture's pixels. */
function collect(scene: Scene, dx: number, dy: number, out: Picture['marks']): void {
  for (const item of scene.items as (SceneItem & { width?: number; height?: number })[]) {
    const x = dx + (item.x ?? 0);
    const y = dy + (item.y ?? 0);
    const mark = scene as Scene & { name?: string; marktype: string };
    if (mark.name && mark.marktype === 'rect') {
      out.push({ name: mark.name, x, y, width: item.width ?? 0, height: item.height ?? 0, datum: (item as SceneItem & { datum: Record<string, unknown> }).datum });
    }
    const group = item as SceneGroup;
    if (Array.isArray(group.items)) for (const child of group.items) collect(child as unknown as Scene, x, y, out);
  }
}

export function toPng(picture: Picture): Buffer {
  if (!FONT_DIRS.some((d) => existsSync(d))) throw new FontMissingError();
  const resvg = new Resvg(picture.svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: false, fontDirs: FONT_DIRS, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return resvg.render().asPng();
}

/** The picture as the file a person asked for. */
export function encodePicture(picture: Picture, format: PictureFormat): Buffer {
  return format === 'svg' ? Buffer.from(picture.svg, 'utf8') : toPng(picture);
}
