/** Figures as people write them: whole numbers bare, others to two decimal places. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** "91.4%" or "0.35 per pupil": the unit follows the figure the way the rubric writes it. */
export function formatFigure(n: number, unit: string): string {
  return unit === '%' ? `${formatNumber(n)}%` : unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}
