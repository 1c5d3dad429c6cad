/** Finding a school from what a person typed: "reach", "Reach Academy", "ethos coll". */
import { distance } from 'fastest-levenshtein';
import type { School } from '../store/records.js';

export type SchoolMatch =
  /** `fuzzy`: found by a near miss of its name (a typo), so the person should be told which school this is. */
  | { kind: 'found'; school: School; fuzzy?: boolean }
  | { kind: 'ambiguous'; schools: School[] }
  | { kind: 'none'; suggestions: School[] };

/** Words every school name shares add nothing to a match. */
const COMMON = new Set(['academy', 'school', 'college', 'primary', 'secondary', 'the', 'of', 'trust']);

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
const words = (s: string) => normalise(s).split(' ').filter((w) => w && !COMMON.has(w));

/** A school's names as matched, normalised once per school record (the trust's records are frozen and kept). */
const normalisedNames = new WeakMap<School, string[]>();
function namesOf(school: School): string[] {
  let names = normalisedNames.get(school);
  if (!names) {
    names = [school.name, school.id, ...school.aliases].map(normalise);
    normalisedNames.set(school, names);
  }
  return names;
}

export function findSchool(schools: School[], query: string): SchoolMatch {
  const q = normalise(query);
  if (!q) return { kind: 'none', suggestions: [] };
  const names = namesOf;

  const exact = schools.filter((s) => names(s).includes(q));
  if (exact.length === 1) return { kind: 'found', school: exact[0]! };

  // Every word typed starts a word of the name ("ethos coll" → Ethos College).
  const typed = q.split(' ');
  const prefix = schools.filter((s) => names(s).some((n) => typed.every((t) => n.split(' ').some((w) => w.startsWith(t)))));
  if (prefix.length === 1) return { kind: 'found', school: prefix[0]! };
  if (prefix.length > 1) {
    // "ethos" matches Ethos College only once the shared words are set aside.
    const distinctive = prefix.filter((s) => names(s).some((n) => words(q).length > 0 && words(q).every((t) => words(n).some((w) => w.startsWith(t)))));
    if (distinctive.length === 1) return { kind: 'found', school: distinctive[0]! };
    return { kind: 'ambiguous', schools: prefix };
  }

  // Typos: the closest names by edit distance of their distinctive words.
  const scored = schools
    .map((s) => ({ s, d: Math.min(...names(s).flatMap((n) => [distance(q, n), distance(words(q).join(' '), words(n).join(' '))])) }))
    .sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (best && best.d <= 2 && scored.filter((x) => x.d === best.d).length === 1) return { kind: 'found', school: best.s, fuzzy: true };
  return { kind: 'none', suggestions: scored.filter((x) => x.d <= Math.max(3, words(q).join(' ').length / 2)).slice(0, 3).map((x) => x.s) };
}
