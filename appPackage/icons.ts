/**
 * The app's icons, drawn here so the package needs no image editor: three rising bars (a school
 * moving up the categories). Teams wants a 192×192 colour icon and a 32×32 outline icon, white
 * on transparent.
 */
import { encodePng } from '../scripts/png.js';

export const ACCENT = '#3B5BA9';

type Rgba = [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];

function hex(colour: string): Rgba {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) throw new Error(`not a #rrggbb colour: ${colour}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), 255];
}

/** Bars as fractions of the icon: [left, top, right, bottom]. */
const BARS: [number, number, number, number][] = [
  [0.19, 0.56, 0.34, 0.81],
  [0.425, 0.38, 0.575, 0.81],
  [0.66, 0.19, 0.81, 0.81],
];

function draw(size: number, background: Rgba | null): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = (x + 0.5) / size;
      const cy = (y + 0.5) / size;
      const inBar = BARS.some(([l, t, r, b]) => cx >= l && cx < r && cy >= t && cy < b);
      const colour = inBar ? WHITE : background;
      if (colour) pixels.set(colour, (y * size + x) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

export const colorIcon = (): Buffer => draw(192, hex(ACCENT));
export const outlineIcon = (): Buffer => draw(32, null);
