/**
 * The signed links the bot makes (calendar files, reports, the heat map) in a deployment serving
 * several trusts: each names the trust it was made for, and is served within that trust's scope,
 * so a link made for one trust never reads another. The trust is part of what is signed, so a
 * link edited to name another trust no longer matches its signature.
 */
import type { Deployment } from './deployment.js';

export interface LinkTrusts {
  /** A link's subject, naming the trust in scope (as it is, outside any). */
  subjectOf(subject: string): string;
  /** Serves a link's subject within the trust it names; null when it names none served. */
  fromLink<T>(subject: string, serve: (subject: string) => Promise<T | null>): Promise<T | null>;
}

export function trustLinks(deployment: Deployment): LinkTrusts {
  return {
    subjectOf(subject) {
      const trustId = deployment.current();
      return trustId === null ? subject : `${encodeURIComponent(trustId)}/${subject}`;
    },
    async fromLink(subject, serve) {
      const slash = subject.indexOf('/');
      if (slash < 1) return null;
      const trustId = decodeURIComponent(subject.slice(0, slash));
      if (!(await deployment.trusts()).some((t) => t.id === trustId)) return null;
      return deployment.within(trustId, () => serve(subject.slice(slash + 1)));
    },
  };
}
