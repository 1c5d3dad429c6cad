/**
 * School-to-school pairings (DOMAIN.md decision 10) as they stand: a pairing is kept with the
 * supported school's decision and is in force until that school's next decision. Reads only.
 */
import { readableDate } from '../calendar/readable.js';
import type { Rubric } from '../rubric/schema.js';
import type { Pairing, Trust } from '../store/records.js';
import type { ReviewContext } from './context.js';
import { londonDate } from './time.js';

/** Pairings on each school's latest decision, the supporting head's "Not now" left out. */
export async function pairingsInForce(ctx: ReviewContext): Promise<Pairing[]> {
  const latest = await ctx.store.listLatestDecisions(1);
  const pairings = await ctx.store.listPairings({ decisionIds: latest.map((d) => d.id) });
  return pairings.filter((p) => p.answer !== 'declined');
}

/** How many schools each school supports under pairings in force (two areas of one school count once). */
export function supportingCounts(pairings: readonly Pairing[]): Map<string, number> {
  const supported = new Map<string, Set<string>>();
  for (const p of pairings) supported.set(p.peerSchoolId, (supported.get(p.peerSchoolId) ?? new Set()).add(p.schoolId));
  return new Map([...supported].map(([id, schools]) => [id, schools.size]));
}

export const areaNameOf = (rubric: Rubric, areaId: string) => rubric.groups.flatMap((g) => g.areas).find((a) => a.id === areaId)?.name ?? areaId;

/** "Reach Academy's head accepted on Wed 9 Dec 2026" (or has yet to answer, or said not now): the supporting head's answer. */
export function answerWords(pairing: Pairing, peerName: string): string {
  if (pairing.answer === 'awaited') return `${peerName}'s head has yet to answer`;
  const on = pairing.answeredAt ? ` on ${readableDate(londonDate(new Date(pairing.answeredAt)), { year: true })}` : '';
  return pairing.answer === 'accepted' ? `${peerName}'s head accepted${on}` : `${peerName}'s head said not now${on}`;
}

/** `/status <school>`: the pairings in force where the school is supported, then where it supports. */
export async function pairingLines(ctx: ReviewContext, trust: Trust, rubric: Rubric, schoolId: string): Promise<string[]> {
  const inForce = await pairingsInForce(ctx);
  const name = (id: string) => trust.schools.find((s) => s.id === id)?.name ?? id;
  const who = (id: string) => trust.people.find((p) => p.id === id)?.name ?? id;
  const confirmed = (p: Pairing) => `confirmed by ${who(p.confirmedBy)} on ${readableDate(londonDate(new Date(p.confirmedAt)), { year: true })}`;
  return [
    ...inForce.filter((p) => p.schoolId === schoolId)
      .map((p) => `Supported by ${name(p.peerSchoolId)} in ${areaNameOf(rubric, p.area)} (${confirmed(p)}; ${answerWords(p, name(p.peerSchoolId))}), until ${name(p.schoolId)}'s next decision`),
    ...inForce.filter((p) => p.peerSchoolId === schoolId)
      .map((p) => `Supporting ${name(p.schoolId)} in ${areaNameOf(rubric, p.area)} (${confirmed(p)}; ${answerWords(p, name(p.peerSchoolId))}), until ${name(p.schoolId)}'s next decision`),
  ];
}
