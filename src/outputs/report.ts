/**
 * The termly board report as one printable HTML page: trust summary, the heat map, category
 * changes with their reasons and who decided, support allocated, school-to-school support, late
 * or missing submissions, and moderation. Pure: facts and the heat map's SVG in, HTML out; each
 * part starts a printed page, so the PDF has three pages for a trust of a few schools.
 */
import { answerWords, inForceWords, sentence, type PairingRecord } from './pairings.js';

export interface ReportData {
  trustName: string;
  rubricName: string;
  term: { id: string; title: string; opensOn: string; closesOn: string };
  madeOn: string;
  summary: {
    schools: number;
    submitted: number;
    decided: number;
    categories: { name: string; fill: string; count: number }[];
    /** For frameworks reported as shares: each strand's average share fully met, in %. */
    shares: { strand: string; average: number | null }[];
  };
  changes: { school: string; previous: string | null; category: string; how: string; decidedBy: string; why: string; on: string }[];
  support: { term: string | null; strands: string[]; rows: { school: string; category: string; days: Record<string, number>; meetings: number }[] };
  /** Pairings made at the term's decisions, and earlier ones in force in it (see pairings.ts). */
  pairings: PairingRecord[];
  late: { school: string; state: string; detail: string }[];
  /** Lines where leadership's agreed level differs from the self-rating. */
  moderation: { school: string; area: string; self: string; evidence: string; agreed: string }[];
  /** Self-ratings two or more levels from their evidence. */
  flags: { school: string; message: string }[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;
const table = (head: string[], rows: string[][], empty: string) => (rows.length
  ? `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  : `<p class="none">${e(empty)}</p>`);
const days = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0; }
header { border-bottom: 2px solid #333; margin-bottom: 8px; }
h1 { font-size: 18pt; margin: 0 0 2px; }
h2 { font-size: 13pt; margin: 12px 0 6px; }
.sub { color: #444; margin: 0 0 6px; }
.page + .page { break-before: page; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; }
.chip { display: inline-block; min-width: 1.2em; padding: 0 4px; border: 1px solid #888; margin-right: 4px; }
.none { color: #444; font-style: italic; }
.heatmap svg { width: 100%; height: auto; max-height: 120mm; }
.facts { display: flex; gap: 16px; flex-wrap: wrap; }
.facts div { border: 1px solid #bbb; padding: 4px 10px; }
`;

export function reportHtml(data: ReportData, heatmapSvg: string): string {
  const s = data.summary;
  const facts = [
    `<div><strong>${s.schools}</strong> schools</div>`,
    `<div><strong>${s.submitted}</strong> reviews submitted</div>`,
    ...(s.categories.length ? [`<div><strong>${s.decided}</strong> categories decided</div>`] : []),
    ...s.categories.map((c) => `<div><span class="chip" style="background:${e(c.fill)}">&nbsp;</span>${e(c.name)}: <strong>${c.count}</strong></div>`),
    ...s.shares.map((x) => `<div>${e(x.strand)}: <strong>${x.average === null ? '—' : `${x.average}%`}</strong> fully met on average</div>`),
  ];
  const changes = table(
    ['School', 'Was', 'Now', 'Decision', 'Decided by', 'On', 'Why'],
    data.changes.map((c) => [e(c.school), e(c.previous ?? 'first decision'), `<strong>${e(c.category)}</strong>`, e(c.how), e(c.decidedBy), e(c.on), e(c.why)]),
    data.summary.categories.length ? 'No category was decided in this term.' : 'This framework reports each strand rather than a category: there are no category decisions.',
  );
  const support = table(
    ['School', 'Category', ...data.support.strands.map((x) => `${x} (days)`), 'Meetings and reviews'],
    data.support.rows.map((r) => [e(r.school), e(r.category), ...data.support.strands.map((x) => `<span class="num">${days(r.days[x] ?? 0)}</span>`), String(r.meetings)]),
    data.support.strands.length ? 'No support follows from this term\'s decisions yet.' : 'The framework has no support packages.',
  );
  const pairings = table(
    ['Supported school', 'Area', 'Supporting school', 'Peer head', 'Confirmed by', 'In force'],
    data.pairings.map((p) => [e(p.school.name), e(p.area), e(p.peer.name), e(sentence(answerWords(p))), e(`${p.confirmedBy} on ${p.confirmedOn}`), e(sentence(inForceWords(p, data.term.id)))]),
    data.summary.categories.length ? 'No school was paired with a peer at this term\'s decisions, and none was in force.' : 'This framework has no category decisions, so no school is paired with a peer.',
  );
  const late = table(['School', 'State', 'Detail'], data.late.map((l) => [e(l.school), e(l.state), e(l.detail)]), 'Every school submitted on time.');
  const moderation = table(
    ['School', 'Line', 'Self-rating', 'Evidence', 'Agreed'],
    data.moderation.map((m) => [e(m.school), e(m.area), e(m.self), e(m.evidence), `<strong>${e(m.agreed)}</strong>`]),
    'No line has an agreed level that differs from its self-rating.',
  );
  const flags = table(['School', 'Self-rating against evidence'], data.flags.map((f) => [e(f.school), e(f.message)]), 'No self-rating was two or more levels from its evidence.');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${e(data.trustName)}: board report, ${e(data.term.title)}</title><style>${STYLE}</style></head>
<body>
<section class="page">
<header><h1>${e(data.trustName)}: termly board report</h1>
<p class="sub">${e(data.term.title)} (review window ${e(data.term.opensOn)} to ${e(data.term.closesOn)}) · ${e(data.rubricName)} · made ${e(data.madeOn)}</p></header>
<h2>Trust summary</h2>
<div class="facts">${facts.join('')}</div>
<h2>Heat map</h2>
<div class="heatmap">${heatmapSvg}</div>
</section>
<section class="page">
<h2>Category changes</h2>
${changes}
<h2>Support allocated${data.support.term ? `, ${e(data.support.term)}` : ''}</h2>
${support}
</section>
<section class="page">
<h2>School-to-school support</h2>
${pairings}
<h2>Late or missing submissions</h2>
${late}
<h2>Moderation</h2>
${moderation}
${flags}
</section>
</body></html>
`;
}
