/**
 * Level colours and letters for pictures and spreadsheets. Colours come from ColorBrewer's
 * RdYlBu, a diverging scheme marked safe for the common forms of colour-blindness; every cell
 * also carries its level's letter, so nothing depends on colour alone.
 */
import type { Scale } from '../rubric/schema.js';

/** RdYlBu by number of levels, worst (red) first. */
const RDYLBU: Record<number, string[]> = {
  2: ['#d7191c', '#2c7bb6'],
  3: ['#fc8d59', '#ffffbf', '#91bfdb'],
  4: ['#d7191c', '#fdae61', '#abd9e9', '#2c7bb6'],
  5: ['#d7191c', '#fdae61', '#ffffbf', '#abd9e9', '#2c7bb6'],
  6: ['#d73027', '#fc8d59', '#fee090', '#e0f3f8', '#91bfdb', '#4575b4'],
  7: ['#d73027', '#fc8d59', '#fee090', '#ffffbf', '#e0f3f8', '#91bfdb', '#4575b4'],
};

/** Blues for shares (0 → 100%): one hue, light to dark, readable whatever colours a person sees. */
export const SHARE_RANGE = ['#eff3ff', '#08519c'] as const;
/** A cell with nothing to show. */
export const NO_LEVEL = '#f0f0f0';

/** The colours of `count` ordered levels, worst first. */
export function levelColours(count: number): string[] {
  const exact = RDYLBU[count];
  if (exact) return exact;
  // Longer scales than any shipped rubric: colours between the seven-class scheme's stops.
  const stops = RDYLBU[7]!.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  return Array.from({ length: count }, (_, i) => {
    const at = (i * (stops.length - 1)) / (count - 1);
    const [a, b] = [stops[Math.floor(at)]!, stops[Math.min(stops.length - 1, Math.floor(at) + 1)]!];
    const t = at - Math.floor(at);
    return `#${a.map((c, k) => Math.round(c + (b[k]! - c) * t).toString(16).padStart(2, '0')).join('')}`;
  });
}

/** The colour of a level on its scale, or the empty-cell grey when it is not on it. */
export function levelColour(scale: Scale, levelId: string | null): string {
  const rank = levelId === null ? -1 : scale.levels.findIndex((l) => l.id === levelId);
  return rank < 0 ? NO_LEVEL : levelColours(scale.levels.length)[rank]!;
}

const initials = (name: string) => name.split(/[\s-]+/).filter((w) => /^[A-Za-z]/.test(w) && !['and', 'of', 'the'].includes(w.toLowerCase())).map((w) => w[0]!.toUpperCase()).join('');
const STRATEGIES: ((name: string) => string)[] = [
  (n) => n[0]!.toUpperCase(),
  initials,
  (n) => `${n[0]!.toUpperCase()}${n.slice(1, 2).toLowerCase()}`,
];

/**
 * Each level's short code on a scale: the first letter when those differ ("I", "N", "A"), else
 * the words' initials ("UI", "NA", "ES"...), else the first two letters ("Se", "St"), else the rank.
 */
export function levelCodes(scale: Scale): Map<string, string> {
  for (const strategy of STRATEGIES) {
    const codes = scale.levels.map((l) => strategy(l.name));
    if (codes.every((c) => c.length > 0) && new Set(codes).size === codes.length) {
      return new Map(scale.levels.map((l, i) => [l.id, codes[i]!]));
    }
  }
  return new Map(scale.levels.map((l, i) => [l.id, String(i + 1)]));
}

/** Black or white text, whichever reads better on `fill` (WCAG relative luminance). */
export function textColourOn(fill: string): string {
  const channel = (hex: string) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  if (!m) return '#000000';
  const l = 0.2126 * channel(m[1]!) + 0.7152 * channel(m[2]!) + 0.0722 * channel(m[3]!);
  return l > 0.3 ? '#000000' : '#ffffff';
}

/** A share between 0 and 1 as a colour between the two ends of SHARE_RANGE. */
export function shareColour(share: number): string {
  const [from, to] = SHARE_RANGE.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const t = Math.min(1, Math.max(0, share));
  return `#${from!.map((c, i) => Math.round(c + (to![i]! - c) * t).toString(16).padStart(2, '0')).join('')}`;
}
