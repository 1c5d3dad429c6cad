/**
 * A spreadsheet of figures shared in a direct message with the bot. Slack sends a message event
 * with the subtype `file_share` and the files' private links, which are read with the bot's
 * token (the files:read scope). The token is sent only to Slack's own file hosts (or, for a
 * test or GovSlack, to the host of SLACK_API_URL), and at most MAX_SPREADSHEET_BYTES (src/channels/download.ts) are read.
 */
import { z } from 'zod';
import { fileUrl, MAX_SPREADSHEET_BYTES, spreadsheetBody } from '../download.js';

/** Where Slack keeps shared files: its own, and GovSlack's. */
const SLACK_FILE_HOSTS = ['https://files.slack.com', 'https://files.slack-gov.com'];

/** A file as a message event lists it (only what the bot reads). */
export const SharedFile = z.looseObject({
  id: z.string(),
  name: z.string().default('file'),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
  size: z.number().optional(),
});
export type SharedFile = z.infer<typeof SharedFile>;

export class SharedFileError extends Error {
  readonly code = 'SLACK_FILE_UNREADABLE';
  constructor(message: string) {
    super(message);
    this.name = 'SharedFileError';
  }
}

/** Whether a file is one the figures import reads, by its name. */
export const isSpreadsheet = (file: SharedFile) => /\.(csv|xlsx)$/i.test(file.name);

/** The file's bytes, read with the bot's token from one of the hosts it may be sent to. */
export async function downloadSharedFile(file: SharedFile, options: { token: string; apiUrl: string | null }, fetcher: typeof fetch = fetch): Promise<Buffer> {
  const link = file.url_private_download ?? file.url_private;
  if (!link) throw new SharedFileError(`Slack sent no link to ${file.name}; share it again`);
  const trusted = new Set([...SLACK_FILE_HOSTS, ...(options.apiUrl ? [new URL(options.apiUrl).origin] : [])]);
  const fail = (reason: string) => new SharedFileError(reason);
  const url = fileUrl(file.name, link, fail);
  if (!trusted.has(url.origin)) throw new SharedFileError(`${file.name} is offered from ${url.origin}, which is not Slack's; it was not read`);
  if ((file.size ?? 0) > MAX_SPREADSHEET_BYTES) throw fail(`${file.name} is ${file.size} bytes; at most ${MAX_SPREADSHEET_BYTES} are read`);
  // A redirect would carry the token elsewhere: Slack serves its files where it says.
  const response = await fetcher(url, { headers: { authorization: `Bearer ${options.token}` }, redirect: 'error', signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => {
    throw new SharedFileError(`${file.name} could not be downloaded (${e instanceof Error ? e.message : String(e)}); share it again`);
  });
  return spreadsheetBody(response, file.name, 'share it again', fail);
}
