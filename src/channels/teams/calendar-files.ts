/**
 * Calendar files for decisions, offered as download links on the decision card: a Teams card
 * cannot carry a file, and a bot cannot attach one to a channel post. Each file gets an
 * unguessable link; the same file always gets the same link. Files are kept in memory (the
 * newest `capacity`), so a link from before a restart no longer works and says so.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface CalendarFile {
  filename: string;
  content: string;
}

export const CALENDAR_PATH = '/calendar/';

export class CalendarFiles {
  private readonly byToken = new Map<string, CalendarFile>();
  private readonly tokenByDigest = new Map<string, string>();

  /** `baseUrl` is asked at each publish: a server on port 0 knows its address only once listening. */
  constructor(private readonly baseUrl: () => string, private readonly capacity = 500) {}

  /** The link people follow to download the file. */
  publish(file: CalendarFile): string {
    const digest = createHash('sha256').update(file.filename).update('\0').update(file.content).digest('hex');
    let token = this.tokenByDigest.get(digest);
    if (!token) {
      token = randomBytes(18).toString('base64url');
      this.tokenByDigest.set(digest, token);
      this.byToken.set(token, file);
      if (this.byToken.size > this.capacity) {
        const oldest = this.byToken.keys().next().value!;
        this.byToken.delete(oldest);
        for (const [d, t] of this.tokenByDigest) if (t === oldest) this.tokenByDigest.delete(d);
      }
    }
    return `${this.baseUrl()}${CALENDAR_PATH}${token}/${encodeURIComponent(file.filename)}`;
  }

  /** The file behind a link's path (`/calendar/<token>/<filename>`), or null. */
  find(path: string): CalendarFile | null {
    const match = /^\/calendar\/([A-Za-z0-9_-]{24})\/[^/]+$/.exec(path);
    return match ? this.byToken.get(match[1]!) ?? null : null;
  }
}
