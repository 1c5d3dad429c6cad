/** Which links to an attached spreadsheet are followed: https always, this machine's http in local mode only. */
import { describe, expect, it } from 'vitest';
import { AttachmentError, downloadSpreadsheet } from '../../../src/channels/teams/attachments.js';

const sheet = (url: string) => ({ name: 'figures.csv', url });
/** A fetch that answers every request with the file, as if it were reached at `landed`. */
const serving = (landed?: string): typeof fetch => async (input) => {
  const response = new Response('School,Attendance\nReach Academy,91.4\n', { status: 200 });
  Object.defineProperty(response, 'url', { value: landed ?? String(input) });
  return response;
};

describe('downloading an attached spreadsheet', () => {
  it('reads an https link in production and in local mode', async () => {
    for (const localMode of [false, true]) {
      expect((await downloadSpreadsheet(sheet('https://contoso.sharepoint.com/x.csv'), { localMode }, serving())).toString()).toContain('Reach Academy');
    }
  });

  it('reads the playground\'s loopback http link in local mode only', async () => {
    expect((await downloadSpreadsheet(sheet('http://127.0.0.1:56150/files/x.csv'), { localMode: true }, serving())).length).toBeGreaterThan(0);
    await expect(downloadSpreadsheet(sheet('http://127.0.0.1:56150/files/x.csv'), { localMode: false }, serving()))
      .rejects.toThrow(new AttachmentError('figures.csv is offered over http from 127.0.0.1; only https links (or this machine\'s own, in local mode) are followed'));
  });

  it('refuses a link that redirects to an address it would not follow', async () => {
    await expect(downloadSpreadsheet(sheet('https://contoso.sharepoint.com/x.csv'), { localMode: false }, serving('http://10.0.0.5/x.csv')))
      .rejects.toThrow('the link to figures.csv led to http://10.0.0.5, which is not followed');
  });
});
