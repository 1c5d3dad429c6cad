/**
 * School-to-school pairings (DOMAIN.md decision 10) as the export and the board report show
 * them: who supports whom in what, the supporting head's answer, who confirmed it and when, and
 * whether it is still in force. Pure: records in, words and rows out.
 *
 * A term shows the pairings made at its decisions (a declined one too: it is that term's
 * history) and those made earlier that were still in force in it, so a board reading one term
 * sees all the support between schools in place then.
 */
import type { CellValue } from './table.js';

export interface PairingRecord {
  /** The term of the decision it is kept with. */
  term: { id: string; title: string };
  /** The supported school. */
  school: { id: string; name: string };
  area: string;
  peer: { id: string; name: string };
  confirmedBy: string;
  /** Dates as London reads them: YYYY-MM-DD. */
  confirmedOn: string;
  answer: 'awaited' | 'accepted' | 'declined';
  answeredBy: string | null;
  answeredOn: string | null;
  /** When the supported school's next decision ended it; null while in force (or never, when declined). */
  endedOn: string | null;
}

/** The supporting head's answer: "accepted by Headteacher, Ethos College on 2026-11-24". */
export function answerWords(p: PairingRecord): string {
  if (p.answer === 'awaited') return 'awaiting the peer head';
  return `${p.answer}${p.answeredBy ? ` by ${p.answeredBy}` : ''}${p.answeredOn ? ` on ${p.answeredOn}` : ''}`;
}

/** Whether it is in force in the term: "in force until …", "ended …", and since when for one kept from an earlier decision. */
export function inForceWords(p: PairingRecord, termId: string): string {
  if (p.answer === 'declined') return 'never in force';
  const kept = p.term.id === termId ? '' : `kept from the ${p.term.title} decision; `;
  return `${kept}${p.endedOn ? `ended ${p.endedOn} at ${p.school.name}'s next decision` : `in force until ${p.school.name}'s next decision`}`;
}

export const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

/** One export cell: "Safeguarding from Ethos College (accepted by … on …; in force until …)", each pairing in turn. */
export function pairingCell(pairings: readonly PairingRecord[], side: 'received' | 'given', termId: string): CellValue {
  if (pairings.length === 0) return null;
  return pairings.map((p) => `${p.area} ${side === 'received' ? `from ${p.peer.name}` : `to ${p.school.name}`} (${answerWords(p)}; ${inForceWords(p, termId)})`).join('; ');
}

export const PAIRING_SHEET_TITLE = 'School-to-school support';

export const PAIRING_SHEET_HEADER = [
  'Term of the decision', 'Term id', 'Supported school', 'Supported school id', 'Area', 'Supporting school', 'Supporting school id',
  'Peer head\'s answer', 'Answered by', 'Answered on', 'Confirmed by', 'Confirmed on', 'Ended on',
];

/** The workbook's register of pairings: one row per pairing, each once. */
export function pairingSheetRow(p: PairingRecord): CellValue[] {
  const answer = { awaited: 'awaiting the peer head', accepted: 'accepted', declined: 'declined' }[p.answer];
  return [p.term.title, p.term.id, p.school.name, p.school.id, p.area, p.peer.name, p.peer.id, answer, p.answeredBy, p.answeredOn, p.confirmedBy, p.confirmedOn, p.endedOn];
}
