/**
 * The signed links the bot puts on cards, whichever door renders them, and the routes that
 * follow them are the shared web routes'. One key signs both kinds (each derives its own).
 */
import { randomBytes } from 'node:crypto';
import type { LinkTrusts } from '../tenancy/links.js';
import { CalendarLinks, linkKeyOf, type LinkKeySource } from './calendar-links.js';
import { FileLinks } from './file-links.js';

export interface WebLinks {
  calendar: CalendarLinks;
  files: FileLinks;
}

/**
 * Links signed with the key `source` names (a client secret, or a key file beside the store),
 * or with a random key whose links end with the process when there is none. `baseUrl` is asked
 * for each link: a server on port 0 knows its address only once listening. In a deployment of
 * several trusts (`trusts`), each link names the trust in scope where it is made.
 */
export function createWebLinks(source: LinkKeySource | null, baseUrl: () => string, trusts?: Pick<LinkTrusts, 'subjectOf'>): WebLinks {
  const key = source ? linkKeyOf(source) : randomBytes(32);
  const subjectOf = trusts ? (subject: string) => trusts.subjectOf(subject) : undefined;
  return { calendar: new CalendarLinks(key, baseUrl, subjectOf), files: new FileLinks(key, baseUrl, subjectOf) };
}
