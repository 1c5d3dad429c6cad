/**
 * What leadership takes away, through the real Teams door: the trust overview shows the heat map
 * from the bot's own signed link, /report offers the board report, and a spreadsheet sent in a
 * personal chat (downloaded from a loopback URL, as the playground serves it) is imported with a
 * row report.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_FILE_DOWNLOAD } from '../../../src/channels/teams/attachments.js';
import { cardOf, PEOPLE, startHarness, textsOf, type Harness } from './harness.js';

/** Serves files on loopback, as the playground serves an attached file's contentUrl. */
class FileHost {
  readonly files = new Map<string, { type: string; body: Buffer }>();
  private server!: Server;
  url = '';
  async start() {
    this.server = createServer((req, res) => {
      const file = this.files.get(req.url ?? '');
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.body.length) }).end(file.body);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((done) => { this.server.close(() => done()); this.server.closeAllConnections(); });
  }
}

const links = (texts: string[]) => texts.flatMap((t) => [...t.matchAll(/\]\((http[^)]+)\)/g)].map((m) => m[1]!));

describe('outputs in Teams', () => {
  let h: Harness;
  const host = new FileHost();

  beforeAll(async () => {
    h = await startHarness();
    await host.start();
  });
  afterAll(async () => {
    await h?.close();
    await host.stop();
  });

  it('shows the heat map on the trust overview, from a signed link that serves the PNG', async () => {
    const [reply] = await h.say(PEOPLE.ceo, '/status');
    const card = cardOf(reply!.activity);
    const image = (card.body as { type: string; url?: string; altText?: string }[]).find((e) => e.type === 'Image');
    expect(image?.altText).toBe('Heat map, Summer term 2025-26');
    expect(image!.url).toMatch(new RegExp(`^${h.server.url}/files/heatmap\\.png/2025-26-summer/[A-Za-z0-9_-]{43}/heatmap-2025-26-summer\\.png$`));
    // The card stays small: the picture is a link, never inline.
    expect(JSON.stringify(card).length).toBeLessThan(28_000);
    const res = await fetch(image!.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect(png.width).toBeGreaterThan(1000);

    // A link the bot did not sign leads nowhere.
    const forged = image!.url!.replace('2025-26-summer/', '2025-26-autumn/');
    expect((await fetch(forged)).status).toBe(404);
  });

  it('offers the board report on /report, as a PDF and a web page, to leadership only', async () => {
    const [reply] = await h.say(PEOPLE.ceo, '/report');
    const texts = textsOf(cardOf(reply!.activity));
    expect(texts[0]).toBe('Board report: Summer term 2025-26');
    const [pdf, page] = links(texts);
    const html = await fetch(page!);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('Ethos Academy Trust: termly board report');
    const printed = await fetch(pdf!);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await printed.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const [refused] = await h.say(PEOPLE.headReach, '/report');
    expect(textsOf(cardOf(refused!.activity)).join(' ')).toContain('the board report is for trust leadership only');
  }, 60_000);

  it('imports the figures of a spreadsheet sent in chat, and replies with the row report', async () => {
    host.files.set('/upload/figures.csv', { type: 'text/csv', body: Buffer.from('School,Attendance (%),Reading progress\nReach Academy,91.4,62\nEngage Academy,104,55\n') });
    const [reply] = await h.attach(PEOPLE.ceo, '', [{ contentType: 'text/csv', contentUrl: `${host.url}/upload/figures.csv`, name: 'figures.csv' }]);
    const texts = textsOf(cardOf(reply!.activity));
    expect(texts[0]).toBe('Imported figures.csv');
    expect(texts).toContain('figures.csv into the Autumn term 2026-27 (2026-27-autumn): 1 row changed, 0 already as given, 1 refused.');
    expect(texts).toContain('Row 3, column B (Attendance (%)), value "104": 104% is outside the allowed range for Attendance (0% to 100%). Nothing from this row was saved.');
    expect((await h.store.getSubmission('reach-academy', '2026-27-autumn'))!.answers.indicators).toMatchObject({ attendance: 91.4, reading_progress: 62 });
    expect((await h.store.getSubmission('engage-academy', '2026-27-autumn'))?.answers.indicators.reading_progress).toBeUndefined();
  });

  it('reads a Teams file attachment (download info) and checks only when told "dry run"', async () => {
    host.files.set('/onedrive/abc', { type: 'text/csv', body: Buffer.from('School,Attendance (%)\nEthos College,97\n') });
    const [reply] = await h.attach(PEOPLE.ceo, 'dry run', [{
      contentType: TEAMS_FILE_DOWNLOAD, name: 'college.csv',
      content: { downloadUrl: `${host.url}/onedrive/abc`, uniqueId: 'abc', fileType: 'csv' },
    }]);
    const texts = textsOf(cardOf(reply!.activity));
    expect(texts[0]).toBe('Checked college.csv (nothing saved)');
    expect(texts.join(' ')).toContain('Row 2, Ethos College would change: Attendance empty → 97%');
    expect((await h.store.getSubmission('ethos-college', '2026-27-autumn'))?.answers.indicators.attendance).toBeUndefined();
  });

  it('refuses a head\'s spreadsheet, and a file it cannot fetch, without changing anything', async () => {
    host.files.set('/upload/head.csv', { type: 'text/csv', body: Buffer.from('School,Attendance (%)\nReach Academy,50\n') });
    const [head] = await h.attach(PEOPLE.headReach, '', [{ contentType: 'text/csv', contentUrl: `${host.url}/upload/head.csv`, name: 'head.csv' }]);
    expect(textsOf(cardOf(head!.activity)).join(' ')).toContain('importing figures from a spreadsheet is for trust leadership only');
    const [missing] = await h.attach(PEOPLE.ceo, '', [{ contentType: 'text/csv', contentUrl: `${host.url}/upload/gone.csv`, name: 'gone.csv' }]);
    expect(textsOf(cardOf(missing!.activity)).join(' ')).toContain('Nothing was imported: gone.csv could not be downloaded (HTTP 404)');
    const [remote] = await h.attach(PEOPLE.ceo, '', [{ contentType: 'text/csv', contentUrl: 'http://files.example.org/x.csv', name: 'x.csv' }]);
    expect(textsOf(cardOf(remote!.activity)).join(' ')).toContain('only https links (or this machine\'s own, in local mode) are followed');
    expect((await h.store.getSubmission('reach-academy', '2026-27-autumn'))!.answers.indicators.attendance).toBe(91.4);
  });
});
