/**
 * Links to decisions' calendar files, offered on the decision card whichever door shows it: a
 * Teams card cannot carry a file, and a bot cannot attach one to a channel post. A link names
 * the decision and carries an HMAC-SHA256 signature of its id, so only the bot can make one,
 * and nothing is kept per link: the file is rebuilt from the stored decision when the link is
 * followed. Links therefore work across restarts for as long as the key stays the same.
 *
 * The key: in production, derived from the bot's client secret, so no key is stored anywhere
 * (rotating the secret ends every earlier link); in local mode, random bytes kept in a file
 * beside the store (`<store file>.link-key`, readable by its owner only), made on first use.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';

export const CALENDAR_PATH = '/calendar/';

/** Where the signing key comes from. */
export type LinkKeySource =
  | { kind: 'secret'; secret: string }
  | { kind: 'file'; file: string };

/** The file beside the store that keeps local mode's key. */
export function linkKeyFile(storeFile: string): string {
  return `${storeFile}.link-key`;
}

const KEY_BYTES = 32;
/** HKDF's info: a key for this purpose only, never the secret itself. */
const SECRET_LABEL = 'termly calendar links v1';
/** A key file holds the key as base64url, nothing else. */
const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;
/** A signature is the HMAC-SHA256 in base64url. */
const LINK = /^\/calendar\/([^/]+)\/([A-Za-z0-9_-]{43})\/[^/]+$/;

export class LinkKeyError extends Error {
  readonly code = 'LINK_KEY_INVALID';
  constructor(readonly file: string, problem: string) {
    super(`the calendar link key file ${file} ${problem}. Delete it to have a new key made at the next start (calendar links made with the old key then stop working).`);
    this.name = 'LinkKeyError';
  }
}

export function linkKeyFromSecret(secret: string): Buffer {
  if (secret.length === 0) throw new Error('calendar links need a key: the client secret is empty');
  return Buffer.from(hkdfSync('sha256', secret, '', SECRET_LABEL, KEY_BYTES));
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (!KEY_TEXT.test(text)) throw new LinkKeyError(file, `does not hold a key (expected ${KEY_BYTES} bytes as 43 base64url characters, found ${text.length} characters)`);
  return Buffer.from(text, 'base64url');
}

/** The key kept in `file`, made (owner-only) when there is none yet. */
export function linkKeyFromFile(file: string): Buffer {
  const kept = readKeyFile(file);
  if (kept) return kept;
  // Written whole under another name, then linked into place: linking fails if the file
  // appeared meanwhile, so two processes starting at once end up with the same key.
  const draft = `${file}.${process.pid}-${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(KEY_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(draft);
  }
  return readKeyFile(file)!;
}

export function linkKeyOf(source: LinkKeySource): Buffer {
  return source.kind === 'secret' ? linkKeyFromSecret(source.secret) : linkKeyFromFile(source.file);
}

export class CalendarLinks {
  /**
   * `baseUrl` is asked for each link: a server on port 0 knows its address only once listening.
   * `subjectOf` is what a link names for a decision: with its trust, in a deployment of several.
   */
  constructor(private readonly key: Buffer, private readonly baseUrl: () => string, private readonly subjectOf: (subject: string) => string = (subject) => subject) {
    if (key.length < KEY_BYTES) throw new Error(`a calendar link key needs at least ${KEY_BYTES} bytes, got ${key.length}`);
  }

  private signature(decisionId: string): string {
    return createHmac('sha256', this.key).update(decisionId, 'utf8').digest('base64url');
  }

  /** The link people follow to download a decision's calendar file. */
  link(decisionId: string, filename: string): string {
    const subject = this.subjectOf(decisionId);
    return `${this.baseUrl()}${CALENDAR_PATH}${encodeURIComponent(subject)}/${this.signature(subject)}/${encodeURIComponent(filename)}`;
  }

  /** The decision a link's path names, when the bot made that link; otherwise null. */
  decisionOf(path: string): string | null {
    const match = LINK.exec(path);
    if (!match) return null;
    let decisionId: string;
    try {
      decisionId = decodeURIComponent(match[1]!);
    } catch {
      return null;
    }
    const given = Buffer.from(match[2]!, 'ascii');
    const expected = Buffer.from(this.signature(decisionId), 'ascii');
    return given.length === expected.length && timingSafeEqual(given, expected) ? decisionId : null;
  }
}
