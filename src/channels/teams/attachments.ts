/**
 * A spreadsheet attached to a message in Teams. In a personal chat with an app whose manifest
 * sets `supportsFiles`, Teams keeps the file in the sender's OneDrive and sends the bot an
 * attachment of type `application/vnd.microsoft.teams.file.download.info` whose content holds a
 * short-lived, pre-authorised `downloadUrl`. The Agents Playground (local mode) sends the file
 * as an attachment with a `contentUrl` on its own loopback server. Either way the bot fetches
 * the bytes once, with a size limit, from https or (local mode) loopback http only.
 */
import type { Activity } from '@microsoft/agents-activity';
import { fileUrl, spreadsheetBody } from '../download.js';

export const TEAMS_FILE_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';

const SPREADSHEET_TYPES = new Set(['text/csv', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);

export interface SpreadsheetAttachment {
  name: string;
  url: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first attachment that is a .csv or .xlsx file, or null. */
export function spreadsheetAttachment(activity: Pick<Activity, 'attachments'>): SpreadsheetAttachment | null {
  for (const a of activity.attachments ?? []) {
    const name = a.name ?? '';
    const content = isRecord(a.content) ? a.content : {};
    const fileType = typeof content.fileType === 'string' ? content.fileType.toLowerCase() : '';
    const named = /\.(csv|xlsx)$/i.test(name) ? name : fileType === 'csv' || fileType === 'xlsx' ? `${name || 'attachment'}.${fileType}` : null;
    if (a.contentType === TEAMS_FILE_DOWNLOAD && typeof content.downloadUrl === 'string' && named) return { name: named, url: content.downloadUrl };
    if (a.contentUrl && (named || SPREADSHEET_TYPES.has(a.contentType.split(';')[0]!.trim()))) {
      const extension = a.contentType.startsWith('text/csv') ? 'csv' : 'xlsx';
      return { name: named ?? `attachment.${extension}`, url: a.contentUrl };
    }
  }
  return null;
}

export class AttachmentError extends Error {
  readonly code = 'ATTACHMENT_UNREADABLE';
  constructor(message: string) {
    super(message);
    this.name = 'AttachmentError';
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The file's bytes. Only https is fetched, and in local mode plain http on this machine (the
 * playground serves files so); a redirect must land on an address the same rule allows.
 */
export async function downloadSpreadsheet(attachment: SpreadsheetAttachment, options: { localMode: boolean }, fetcher: typeof fetch = fetch): Promise<Buffer> {
  const fail = (reason: string) => new AttachmentError(reason);
  const url = fileUrl(attachment.name, attachment.url, fail);
  const allowed = (u: URL) => u.protocol === 'https:' || (options.localMode && u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  if (!allowed(url)) {
    throw new AttachmentError(`${attachment.name} is offered over ${url.protocol.replace(':', '')} from ${url.hostname}; only https links (or this machine's own, in local mode) are followed`);
  }
  const response = await fetcher(url, { redirect: 'follow', signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => {
    throw new AttachmentError(`${attachment.name} could not be downloaded (${e instanceof Error ? e.message : String(e)}); send it again`);
  });
  if (response.url && !allowed(new URL(response.url))) throw new AttachmentError(`the link to ${attachment.name} led to ${new URL(response.url).origin}, which is not followed`);
  return spreadsheetBody(response, attachment.name, 'send it again', fail);
}
