/**
 * The termly board report as leadership gets it: a page that renders in headless Chromium with
 * no console errors and shows each part, and a PDF of the expected pages. One browser per file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { reportFile } from '../../src/outputs/files.js';
import { DEFAULT_CHROMIUM, launchChromium, printPdf } from '../../src/outputs/pdf.js';
import { reportData, reportOffer } from '../../src/review/outputs.js';
import { demo, pairEnrich, type Demo } from './harness.js';

/** Pages in a PDF: its page objects (not the /Pages tree). */
const pagesOf = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;

describe('the termly board report', () => {
  let browser: Browser;
  let d: Demo;
  let html: string;

  beforeAll(async () => {
    browser = await launchChromium(DEFAULT_CHROMIUM);
    d = await demo();
    const file = await reportFile(d.ctx, d.leadership, d.trust, { format: 'html', chromium: DEFAULT_CHROMIUM });
    if ('kind' in file) throw new Error(file.message);
    html = file.content.toString('utf8');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders in Chromium with no console errors, showing every part', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(html, { waitUntil: 'load' });
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toEqual(['Trust summary', 'Heat map', 'Category changes', 'Support allocated, Autumn term 2026-27', 'School-to-school support', 'Late or missing submissions', 'Moderation']);
    await page.getByText('No school was paired with a peer at this term\'s decisions, and none was in force.').waitFor();
    // The heat map is drawn in the page, with every school on it.
    const svgText = await page.locator('.heatmap svg').textContent();
    for (const school of d.trust.schools) expect(svgText).toContain(school.name);
    // Evolve Academy's override, its rationale and who decided.
    const evolve = page.locator('tr', { hasText: 'Evolve Academy' }).first();
    await expect.poll(() => evolve.textContent()).toMatch(/IMPROVE.*overridden.*Chief Executive Officer/);
    expect(await page.locator('table').nth(1).locator('tbody tr').count()).toBe(d.trust.schools.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prints to a PDF of three A4 landscape pages: summary and heat map, decisions and support, school-to-school support, late submissions and moderation', async () => {
    const pdf = await printPdf(html, { chromium: DEFAULT_CHROMIUM, browser });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pagesOf(pdf)).toBe(3);
    // A4 landscape in points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 841\.9\d* 59[45]\.\d+\s*\]/);
  });

  it('lists school-to-school support: the term\'s pairings with the peer head\'s answer, then those kept in force in later terms, until they end', async () => {
    const paired = await demo();
    const decision = await pairEnrich(paired);
    /** The section's rows as the board reads them, in a page Chromium has drawn. */
    const rows = async (term: string) => {
      const file = await reportFile(paired.ctx, paired.leadership, paired.trust, { termId: term, format: 'html', chromium: DEFAULT_CHROMIUM });
      if ('kind' in file) throw new Error(file.message);
      const page = await browser.newPage();
      await page.setContent(file.content.toString('utf8'), { waitUntil: 'load' });
      const table = page.locator('h2:text-is("School-to-school support") + table');
      const head = await table.locator('th').allTextContents();
      const body = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      await page.close();
      return { head, body, html: file.content.toString('utf8') };
    };
    const summer = await rows('2025-26-summer');
    expect(summer.head).toEqual(['Supported school', 'Area', 'Supporting school', 'Peer head', 'Confirmed by', 'In force']);
    expect(summer.body).toEqual([
      ['Enrich Academy', 'Sickness Absence Levels', 'Ethos College', 'Accepted by Headteacher, Ethos College on 2026-11-30', 'Chief Executive Officer on 2026-11-30', "In force until Enrich Academy's next decision"],
      ['Enrich Academy', 'Financial Planning (budget quality)', 'Engage Academy', 'Declined by Headteacher, Engage Academy on 2026-11-30', 'Chief Executive Officer on 2026-11-30', 'Never in force'],
    ]);
    // Still three pages with the section filled.
    expect(pagesOf(await printPdf(summer.html, { chromium: DEFAULT_CHROMIUM, browser }))).toBe(3);
    // The next term: the pairing in force is carried, the declined one is not.
    expect((await rows('2026-27-autumn')).body).toEqual([
      ['Enrich Academy', 'Sickness Absence Levels', 'Ethos College', 'Accepted by Headteacher, Ethos College on 2026-11-30', 'Chief Executive Officer on 2026-11-30',
        "Kept from the Summer term 2025-26 decision; in force until Enrich Academy's next decision"],
    ]);
    // Enrich's next decision ends it: each term's report says when.
    await paired.store.addDecision({ ...decision, id: 'enrich-2026-27-autumn', windowId: '2026-27-autumn', previous: decision.category, decidedAt: '2026-12-08T10:00:00.000Z' },
      { at: '2026-12-08T10:00:00.000Z', actor: 'ceo', action: 'decision.confirmed', subject: 'decision:enrich-2026-27-autumn' });
    expect((await rows('2025-26-summer')).body[0]![5]).toBe("Ended 2026-12-08 at Enrich Academy's next decision");
    expect((await rows('2026-27-autumn')).body.map((r) => r[5])).toEqual(["Kept from the Summer term 2025-26 decision; ended 2026-12-08 at Enrich Academy's next decision"]);
    const offer = await reportOffer(paired.ctx, paired.leadership, paired.trust, '2025-26-summer');
    expect('lines' in offer && offer.lines).toContain('School-to-school support: Ethos College supports Enrich Academy in Sickness Absence Levels.');
  });

  it('names late and missing schools, and moderation flags, when there are some', async () => {
    const data = await reportData(d.ctx, d.leadership, d.trust, '2026-27-autumn');
    if ('kind' in data) throw new Error(data.message);
    // The demo's central leads have started the current term's reviews; no head has submitted.
    expect(data.data.late.map((l) => l.state)).toEqual(d.trust.schools.map(() => 'not submitted'));
    expect(data.data.late[0]!.detail).toMatch(/^draft, last saved \d{4}-\d{2}-\d{2}$/);
  });

  it('is for leadership only', async () => {
    const head = { person: d.trust.people.find((p) => p.schoolIds.includes('reach-academy'))!, leadership: false, decides: false, roles: ['head'] };
    expect(await reportData(d.ctx, head, d.trust)).toMatchObject({ kind: 'refusal', message: 'Sorry, the board report is for trust leadership only.' });
  });
});
