/**
 * `/status <school>` and the trust overview as Block Kit, saying what the Teams cards say
 * (cards/status.json, cards/overview.json) in the same order: the category first, then what
 * needs attention, with the rest one button away.
 */
import type { OfferedFile, OverviewView, SchoolStatusView } from '../../../review/index.js';
import { overviewListLine, overviewMoves } from '../../../review/overview-words.js';
import { dayAndDate, readableDate } from '../../../review/time.js';
import { buttons, context, divider, fields, header, image, paragraphs, section, type Block } from '../kit.js';
import { bold, escapeMrkdwn, link, plural } from '../text.js';

const SUBMISSION_STATE = { not_started: 'not started', draft: 'in progress', submitted: 'submitted', decided: 'submitted and decided' } as const;

/** How many lines of each kind `/status` shows before "Show all": the message stays about one screen. */
const ATTENTION_SHOWN = 6;
const SUPPORT_SHOWN = 3;

const bullets = (lines: string[]) => lines.filter((l) => l.trim() !== '').map((l) => `• ${escapeMrkdwn(l)}`);

/** A titled part of a message: a divider, its title in bold, then its lines. */
function part(title: string, lines: string[]): Block[] {
  return lines.length ? [divider(), ...section([bold(title), ...lines])] : [];
}

/** The first `n` lines, and "…and 4 more <what>" when there are more. */
function firstOf(lines: string[], n: number, more: string): string[] {
  const rest = lines.length - n;
  return rest > 0 ? [...lines.slice(0, n), `…and ${rest} ${more}`] : lines;
}

// The level usually names the figure already ("80.1% → Assured: ...").
const figure = (i: SchoolStatusView['indicators'][number]) => `${i.name}: ${i.level.startsWith(i.value) ? i.level : `${i.value} · ${i.level}`}`;

export function status(view: SchoolStatusView): Block[] {
  const since = [view.since ? `since ${readableDate(view.since)}` : '', view.decidedBy ? `decided by ${view.decidedBy}` : ''].filter(Boolean).join(' · ');
  const category = view.category
    ? `${view.category.name.toUpperCase()} ${view.arrow}`
    : view.hasCategories ? 'Not yet categorised' : 'Reported by strand: the framework has no categories';
  const levelsTitle = view.levelsFrom ? `From the ${view.levelsFrom} review` : 'From the latest review';
  const lineCount = view.areas.length + view.indicators.length;
  const attention = [...view.areas.filter((a) => a.attention).map((a) => `${a.name}: ${a.level}`), ...view.indicators.filter((i) => i.attention).map(figure)];
  const support = view.support.map((s) => `${s.title}: ${s.when} (${s.owner})`);
  const trend = view.trend.map((t) => `${t.window.replace(/ term /, ' ')} ${t.category.name.toUpperCase()}`).join(' → ');
  return [
    ...(view.note !== null ? section([`⚠ ${escapeMrkdwn(view.note)}`]) : []),
    ...header(view.school.name),
    ...context([escapeMrkdwn(view.rubricName)]),
    ...section([bold(category)]),
    ...context([escapeMrkdwn(since)]),
    ...(view.rationale !== null ? paragraphs([`Rationale: ${view.rationale}`]) : []),
    ...context([view.basis ?? '', view.context.join(' · '), view.trend.length ? `Trend: ${trend}` : ''].map(escapeMrkdwn)),
    ...part('Self-rating and evidence differ', bullets(view.flags)),
    ...(view.submission ? part(view.submission.window.title, [escapeMrkdwn(`${SUBMISSION_STATE[view.submission.state]} · ${view.submission.progress}`)]) : []),
    ...(lineCount > 0
      ? [divider(), ...section([bold('Needs attention')]), ...context([escapeMrkdwn(levelsTitle)]),
        ...section(attention.length ? bullets(firstOf(attention, ATTENTION_SHOWN, 'more needing attention: Show all')) : ['Every area and figure is at its best level.'])]
      : []),
    ...(view.showAll && lineCount > 0
      ? [divider(), ...section([bold('All areas and figures')]), ...context([escapeMrkdwn(levelsTitle)]),
        ...section([...(view.areas.length ? [bold('Areas'), ...bullets(view.areas.map((a) => `${a.name}: ${a.level}`))] : []),
          ...(view.indicators.length ? [bold('Figures'), ...bullets(view.indicators.map(figure))] : []),
          ...(view.support.length ? [bold('Support in place'), ...bullets(support)] : [])])]
      : []),
    ...(view.groupShares.length ? [divider(), ...section([bold('Share fully met')]), ...fields(view.groupShares.map((g) => ({ title: g.name, value: g.share })))] : []),
    ...(view.shareTrend.length
      ? [divider(), ...section([bold('Share fully met, review by review')]),
        ...view.shareTrend.flatMap((t) => [...context([escapeMrkdwn(t.window)]), ...fields(t.shares.map((g) => ({ title: g.name, value: g.share })))])]
      : []),
    ...(view.showAll ? [] : part('Support in place', bullets(firstOf(support, SUPPORT_SHOWN, 'more: Show all')))),
    ...part('School-to-school support', bullets(view.pairings)),
    ...part('Priority areas', bullets(view.priorities)),
    ...part('Messages not delivered', bullets(view.undelivered)),
    ...(!view.showAll && lineCount > 0
      ? buttons([{ title: `Show all areas and figures (${plural(lineCount, 'line')})`, verb: 'status.show', data: { schoolId: view.school.id, all: 'yes' } }])
      : []),
  ];
}

/** Buttons that redraw the overview in place: the full list a page at a time, and back. */
function overviewButtons(view: OverviewView): Block[] {
  return buttons(Object.values(overviewMoves(view)).flatMap((move) => (move ? [{ title: move.title, verb: 'overview.show', data: { page: move.page } }] : [])));
}

export function overview(view: OverviewView, fileUrl?: (file: OfferedFile) => string): Block[] {
  const heatmap: OfferedFile | null = view.heatmap
    ? { kind: 'heatmap.png', subject: view.heatmap.windowId, filename: `heatmap-${view.heatmap.windowId}.png`, label: `Heat map, ${view.heatmap.term}` }
    : null;
  const heatmapUrl = heatmap && fileUrl ? fileUrl(heatmap) : '';
  const window = view.window
    ? `${view.window.title}: ${dayAndDate(view.window.opensOn)} to ${dayAndDate(view.window.closesOn)}${view.window.state === 'open' ? ' (open now)' : ''}`
    : 'No review window in the calendar.';
  return [
    ...header(view.trustName),
    ...context([escapeMrkdwn(view.rubricName)]),
    ...paragraphs([window]),
    divider(),
    ...fields([
      { title: 'Schools', value: String(view.summary.total) },
      { title: 'Categories', value: view.summary.categories.map((c) => `${c.name} ${c.count}`).join(' · ') },
      { title: 'This term\'s review', value: view.summary.reviews.map((r) => `${r.state} ${r.count}`).join(' · ') },
    ].filter((f) => f.value !== '')),
    divider(),
    ...section([bold(overviewListLine(view))]),
    ...section(view.schools.map((s) => `${bold(s.school.name)} · ${escapeMrkdwn(`${s.category} ${s.arrow} · ${s.submission}`)}`)),
    ...(heatmap && heatmapUrl ? [...image(heatmapUrl, heatmap.label), ...section([link(heatmapUrl, `Open the heat map (${heatmap.label})`)])] : []),
    ...context([escapeMrkdwn('Trend: ↑ less support than before, ↓ more, → the same, · first decision. Type /status <school> for one school.')]),
    ...overviewButtons(view),
  ];
}
