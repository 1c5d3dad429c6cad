/**
 * PDF by printing the report's HTML in headless Chromium (playwright-core driving the
 * system's Chromium: nothing is downloaded). TERMLY_CHROMIUM names another binary.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ChromiumMissingError } from './errors.js';

export { ChromiumMissingError };

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** What Chromium needs to run headless in a container without a GPU or a sandbox user. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(env: Record<string, string | undefined>): string {
  return env.TERMLY_CHROMIUM || DEFAULT_CHROMIUM;
}

export async function launchChromium(path: string): Promise<Browser> {
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  return chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
}

/** Prints `html` to an A4 PDF, with the page's own @page size and backgrounds (the level colours). */
export async function printPdf(html: string, options: { chromium: string; browser?: Browser }): Promise<Buffer> {
  const browser = options.browser ?? await launchChromium(options.chromium);
  try {
    const page = await browser.newPage();
    try {
      // The report is self-contained (inline SVG and styles): nothing to wait for on the network.
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      await page.close();
    }
  } finally {
    if (!options.browser) await browser.close();
  }
}
