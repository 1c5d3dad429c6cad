/**
 * The routes every door shares, whichever platform a person came from: GET /calendar/... serves
 * decision calendar files, GET /files/... the heat map and board report, GET /about is the page
 * the apps link to (website, privacy, terms), GET /healthz says whether the bot is well (the
 * store, the scheduler). Each link is signed (calendar-links.ts, file-links.ts), and a link the
 * bot did not make leads nowhere and tells nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../log.js';
import type { CalendarFile, OfferedFile } from '../review/index.js';
import type { LinkTrusts } from '../tenancy/links.js';
import { CALENDAR_PATH } from './calendar-links.js';
import { FILES_PATH } from './file-links.js';
import type { WebLinks } from './links.js';
import { plain, type WebRoute } from './server.js';

/** A file made for a link: its name, type and bytes. */
export interface ServedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface HealthAnswer {
  ok: boolean;
  report: Record<string, unknown>;
}

export interface SharedRoutesOptions {
  links: WebLinks;
  /** The calendar file of a stored decision, or null when there is none. */
  calendarFile: (decisionId: string) => Promise<CalendarFile | null>;
  /** The file a signed link names (heat map, board report), made afresh; null when there is nothing to make. */
  offeredFile?: (kind: OfferedFile['kind'], subject: string) => Promise<ServedFile | null>;
  /** What GET /healthz answers: 503 when not ok. Nothing private belongs in the report. */
  health?: () => HealthAnswer;
  /** A deployment of several trusts: a link is served within the trust it names (src/tenancy/links.ts). */
  trusts?: Pick<LinkTrusts, 'fromLink'>;
  log: Log;
}

export const HEALTH_PATH = '/healthz';
export const ABOUT_PATH = '/about';

/** The page the apps' About links point to (website, privacy, terms). */
const ABOUT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Termly</title></head><body>
<h1>Termly</h1>
<p>Termly runs a multi-academy trust's termly school reviews in Microsoft Teams: heads answer their school's review in chat, the trust's framework proposes a category, and leadership decides.</p>
<h2 id="privacy">Privacy</h2>
<p>Termly is run by the trust itself. What people answer, the decisions made and the Teams addresses needed to message people are kept in the trust's own store on the server that runs Termly, and are sent nowhere else. Messages travel through Microsoft Teams under the trust's Microsoft 365 agreement.</p>
<h2 id="terms">Terms of use</h2>
<p>Termly is for the trust's staff, for the trust's school reviews. Ask the trust's central team about access and about the data kept.</p>
</body></html>
`;

/** One answer for every link that leads nowhere, so a refused link says nothing about the decision it names. */
const NO_CALENDAR = 'There is no calendar file at this link. Open the decision\'s card in chat and follow its calendar link from there.';

const NO_FILE = 'There is no file at this link. Ask the bot again (/status, /report) for a fresh link.';

/** Only GET and HEAD: the shared routes change nothing. */
function readOnly(answer: (req: IncomingMessage, res: ServerResponse, path: string) => void | Promise<void>): WebRoute['listener'] {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Not allowed.', { allow: 'GET' });
    return answer(req, res, (req.url ?? '/').split('?')[0]!);
  };
}

export function sharedRoutes(options: SharedRoutesOptions): WebRoute[] {
  const { links, log, trusts } = options;
  const ownCalendarFile = options.calendarFile;
  const ownOfferedFile = options.offeredFile ?? (async () => null);
  const calendarFile = trusts ? (subject: string) => trusts.fromLink(subject, ownCalendarFile) : ownCalendarFile;
  const offeredFile = trusts
    ? (kind: OfferedFile['kind'], subject: string) => trusts.fromLink(subject, (inner) => ownOfferedFile(kind, inner))
    : ownOfferedFile;

  const health = readOnly((req, res) => {
    const answer = options.health?.() ?? { ok: true, report: { status: 'ok' } };
    res.writeHead(answer.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(answer.report)}\n`);
  });

  const about = readOnly((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : ABOUT);
  });

  const calendar = readOnly(async (req, res, path) => {
    const decisionId = links.calendar.decisionOf(path);
    let file: CalendarFile | null = null;
    try {
      file = decisionId === null ? null : await calendarFile(decisionId);
    } catch (e) {
      log.error({ err: e }, `${path}: the calendar file could not be made`);
      return plain(res, 500, 'The calendar file could not be made just now. Try again later.');
    }
    if (!file) return plain(res, 404, NO_CALENDAR);
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.content);
  });

  const files = readOnly(async (req, res, path) => {
    const named = links.files.fileOf(path);
    let file: ServedFile | null = null;
    try {
      file = named ? await offeredFile(named.kind, named.subject) : null;
    } catch (e) {
      log.error({ err: e }, `${path}: the file could not be made`);
      return plain(res, 500, 'The file could not be made just now. Try again later.');
    }
    if (!file) return plain(res, 404, NO_FILE);
    const inline = file.contentType.startsWith('image/') || file.contentType.startsWith('text/html');
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.content.length),
      // Pictures show in the card and reports open in the browser; anything else downloads.
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.content);
  });

  return [
    { path: HEALTH_PATH, listener: health },
    { path: ABOUT_PATH, listener: about },
    { path: CALENDAR_PATH, listener: calendar },
    { path: FILES_PATH, listener: files },
  ];
}
