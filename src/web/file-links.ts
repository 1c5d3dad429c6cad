/**
 * Links to the files the bot offers on cards (the heat map on the trust overview, the board
 * report): a Teams card cannot carry a file, and an image inline as base64 would break the
 * card's size limit (about 28 KB). As with calendar links (calendar-links.ts), a link names what
 * it is for and carries an HMAC-SHA256 signature, nothing is kept per link, and the file is made
 * afresh from the store when the link is followed. The signing key is derived from the calendar
 * links' key for this purpose only, so one kind of link can never stand for the other.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OfferedFile } from '../review/index.js';

export const FILES_PATH = '/files/';
const KINDS: readonly OfferedFile['kind'][] = ['report.html', 'report.pdf', 'heatmap.png'];
const LINK = /^\/files\/([a-z.]+)\/([^/]+)\/([A-Za-z0-9_-]{43})\/[^/]+$/;

export class FileLinks {
  private readonly key: Buffer;

  /**
   * `baseUrl` is asked for each link: a server on port 0 knows its address only once listening.
   * `subjectOf` is what a link names for a file's subject: with its trust, in a deployment of several.
   */
  constructor(linkKey: Buffer, private readonly baseUrl: () => string, private readonly subjectOf: (subject: string) => string = (subject) => subject) {
    this.key = createHmac('sha256', linkKey).update('termly file links v1').digest();
  }

  private signature(kind: string, subject: string): string {
    return createHmac('sha256', this.key).update(`${kind}\n${subject}`, 'utf8').digest('base64url');
  }

  link(file: Pick<OfferedFile, 'kind' | 'subject' | 'filename'>): string {
    const subject = this.subjectOf(file.subject);
    return `${this.baseUrl()}${FILES_PATH}${file.kind}/${encodeURIComponent(subject)}/${this.signature(file.kind, subject)}/${encodeURIComponent(file.filename)}`;
  }

  /** What a link's path names, when the bot made that link; otherwise null. */
  fileOf(path: string): { kind: OfferedFile['kind']; subject: string } | null {
    const match = LINK.exec(path);
    if (!match || !(KINDS as readonly string[]).includes(match[1]!)) return null;
    let subject: string;
    try {
      subject = decodeURIComponent(match[2]!);
    } catch {
      return null;
    }
    const kind = match[1] as OfferedFile['kind'];
    const given = Buffer.from(match[3]!, 'ascii');
    const expected = Buffer.from(this.signature(kind, subject), 'ascii');
    return given.length === expected.length && timingSafeEqual(given, expected) ? { kind, subject } : null;
  }
}
