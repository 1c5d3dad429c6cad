/**
 * The export: one row per school and review window with every rating, every indicator with
 * its level, the proposed and decided category, who decided and why, and the school-to-school
 * support it received and gave. Pure: records in, header and rows out; the spreadsheet writers
 * (sheets.ts) lay them out.
 */
import type { AreaResult, Evaluation } from '../evaluator/types.js';
import { modelOf, scaleOf } from '../rubric/model.js';
import type { Rubric } from '../rubric/schema.js';
import { pairingCell, type PairingRecord } from './pairings.js';
import type { CellValue } from './table.js';

/** The three judgements kept for a line (DOMAIN.md decision 3), and the level the rules read. */
export interface AreaRatings {
  self: string | null;
  evidence: string | null;
  /** The level leadership agreed in moderation, where it did. */
  agreed: string | null;
  /** The level the category rules read. */
  used: string | null;
}

/**
 * Today's evaluation records keep the self-rating, the evidence and the level used; an agreed
 * level is read when a record carries one (moderation), so older records still export.
 */
export function areaRatings(area: AreaResult): AreaRatings {
  const agreed = (area as AreaResult & { agreed?: { level?: string } | string | null }).agreed;
  return {
    self: area.selfRating,
    evidence: area.evidence?.level ?? null,
    agreed: typeof agreed === 'string' ? agreed : agreed?.level ?? null,
    used: area.level,
  };
}

export interface ExportRecord {
  term: { id: string; title: string };
  school: { id: string; name: string; urn: string | null };
  state: 'not started' | 'draft' | 'submitted';
  submittedBy: string | null;
  submittedAt: string | null;
  evaluation: Evaluation | null;
  /** The figures as saved (the evaluation may be older than the answers of a draft). */
  figures: Record<string, number>;
  proposed: string | null;
  decided: { category: string; how: string; by: string; why: string; at: string } | null;
  /** School-to-school pairings in the term (see pairings.ts): the school supported, and supporting. */
  pairings: { received: PairingRecord[]; given: PairingRecord[] };
}

/** Export headers that name a school or a term: the import reads these, and only these, besides figures. */
export const HEADERS = { term: 'Term', termId: 'Term id', school: 'School', schoolId: 'School id', urn: 'URN' } as const;

export function indicatorHeader(rubric: Rubric, id: string): string {
  const indicator = modelOf(rubric).indicators.get(id)!;
  return indicator.unit ? `${indicator.name} (${indicator.unit})` : indicator.name;
}

export function exportHeader(rubric: Rubric): string[] {
  const areas = rubric.groups.flatMap((g) => g.areas);
  return [
    HEADERS.term, HEADERS.termId, HEADERS.school, HEADERS.schoolId, HEADERS.urn, 'Review', 'Submitted by', 'Submitted at',
    ...areas.flatMap((a) => [`${a.name} (self)`, `${a.name} (evidence)`, `${a.name} (agreed)`, `${a.name} (level)`]),
    ...rubric.indicators.filter((i) => !i.transitions).flatMap((i) => [indicatorHeader(rubric, i.id), `${i.name} level`]),
    ...(rubric.categories.length ? ['Proposed category', 'Decided category', 'Decision', 'Decided by', 'Why', 'Decided at', 'Peer support received', 'Peer support given'] : []),
    ...rubric.groups.filter((g) => g.reportShareAt).map((g) => `${g.name} (share fully met)`),
  ];
}

export function exportRow(rubric: Rubric, record: ExportRecord): CellValue[] {
  const model = modelOf(rubric);
  const levelName = (scaleId: string, id: string | null) => (id === null ? null : scaleOf(model, scaleId).levels.find((l) => l.id === id)?.name ?? id);
  const categoryName = (id: string | null) => (id === null ? null : rubric.categories.find((c) => c.id === id)?.name ?? id);
  const e = record.evaluation;
  const cells: CellValue[] = [
    record.term.title, record.term.id, record.school.name, record.school.id, record.school.urn,
    record.state, record.submittedBy, record.submittedAt,
  ];
  for (const area of rubric.groups.flatMap((g) => g.areas)) {
    const result = e?.areas[area.id];
    const r = result ? areaRatings(result) : { self: null, evidence: null, agreed: null, used: null };
    cells.push(levelName(area.scale, r.self), levelName(area.scale, r.evidence), levelName(area.scale, r.agreed), levelName(area.scale, r.used));
  }
  for (const indicator of rubric.indicators.filter((i) => !i.transitions)) {
    const value = record.figures[indicator.id] ?? null;
    cells.push(value, levelName(indicator.scale, e?.indicators[indicator.id]?.value === value ? e?.indicators[indicator.id]?.level ?? null : null));
  }
  if (rubric.categories.length) {
    const d = record.decided;
    cells.push(categoryName(record.proposed), categoryName(d?.category ?? null), d?.how ?? null, d?.by ?? null, d?.why ?? null, d?.at ?? null);
    cells.push(pairingCell(record.pairings.received, 'received', record.term.id), pairingCell(record.pairings.given, 'given', record.term.id));
  }
  for (const group of rubric.groups.filter((g) => g.reportShareAt)) {
    const share = e?.groups[group.id]?.share;
    cells.push(share ? Math.round(share.value * 1000) / 10 : null);
  }
  return cells;
}
