/** The outputs' errors a person can act on, apart from the heavy modules that raise them. */

/** Where Debian's fonts-dejavu-core puts its files. */
export const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu'];
export const CHART_FONT_NAME = 'DejaVu Sans';

export class FontMissingError extends Error {
  readonly code = 'FONT_MISSING';
  constructor() {
    super(`the pictures' font (${CHART_FONT_NAME}) is not installed: expected it in ${FONT_DIRS.join(', ')}. On Debian or Ubuntu: apt-get install fonts-dejavu-core`);
    this.name = 'FontMissingError';
  }
}

export class ChromiumMissingError extends Error {
  readonly code = 'CHROMIUM_MISSING';
  constructor(readonly path: string) {
    super(`a PDF is printed by Chromium, which is not at ${path}. Install it (Debian: apt-get install chromium), point TERMLY_CHROMIUM at it, or ask for the report as .html and print it from a browser`);
    this.name = 'ChromiumMissingError';
  }
}
