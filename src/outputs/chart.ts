/** What every picture shares: one font that a fresh Debian machine has (fonts-dejavu-core). */
export const CHART_FONT = 'DejaVu Sans';

export const CHART_CONFIG = {
  font: CHART_FONT,
  view: { stroke: null },
  axis: { labelFont: CHART_FONT, titleFont: CHART_FONT },
  title: { font: CHART_FONT, subtitleFont: CHART_FONT },
  text: { font: CHART_FONT },
  legend: { labelFont: CHART_FONT, titleFont: CHART_FONT },
  header: { labelFont: CHART_FONT, titleFont: CHART_FONT },
} as const;
