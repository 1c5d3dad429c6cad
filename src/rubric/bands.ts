import type { Band, Bound, Indicator, Scale } from './schema.js';

function aboveMin(min: Bound | undefined, x: number): boolean {
  return min === undefined || (min.inclusive ? x >= min.value : x > min.value);
}
function belowMax(max: Bound | undefined, x: number): boolean {
  return max === undefined || (max.inclusive ? x <= max.value : x < max.value);
}

export function bandContains(band: Band, x: number): boolean {
  return aboveMin(band.min, x) && belowMax(band.max, x);
}

export function inRange(indicator: Pick<Indicator, 'range'>, x: number): boolean {
  const { min, max } = indicator.range;
  return (min === undefined || x >= min) && (max === undefined || x <= max);
}

/** The figure the bands are read against: the value itself, or its difference from the national figure. */
export function bandedFigure(indicator: Indicator, value: number): number {
  if (indicator.basis === 'difference_from_national' && indicator.national) {
    // Round away binary noise (94.1 − 93.2) so a boundary such as "−1.0" reads as written.
    return Math.round((value - indicator.national.value) * 1e9) / 1e9;
  }
  return value;
}

/**
 * The band a figure falls in. Where two bands both include it, the better level wins
 * (DOMAIN.md decision 1). Undefined when no band includes it: `check` rejects such rubrics.
 */
export function matchBand(indicator: Indicator, scale: Scale, value: number): Band | undefined {
  const figure = bandedFigure(indicator, value);
  let best: { band: Band; rank: number } | undefined;
  for (const band of indicator.bands) {
    if (!bandContains(band, figure)) continue;
    const rank = scale.levels.findIndex((l) => l.id === band.level);
    if (!best || rank > best.rank) best = { band, rank };
  }
  return best?.band;
}

/** Describe a band's interval in words, for messages: "from 50 (inclusive) to 70 (inclusive)". */
export function describeBand(band: Band, unit: string): string {
  const end = (b: Bound) => `${b.value}${unit}${b.inclusive ? '' : ' (not included)'}`;
  if (band.min && band.max) return `${end(band.min)} to ${end(band.max)}`;
  if (band.min) return `${band.min.inclusive ? 'at least' : 'above'} ${band.min.value}${unit}`;
  if (band.max) return `${band.max.inclusive ? 'at most' : 'below'} ${band.max.value}${unit}`;
  return 'any value';
}
