/**
 * From a use-case's view to the data a card template binds: every value a template shows is
 * prepared here as text or a list, so templates hold layout only and never meet a null
 * inside an interpolated string.
 */
import type {
  Choice, DecisionView, FilesView, HelpView, OfferedFile, OverrideFormView, NoticeView, NotFoundView, OverviewView, PairingRequestView, ProposalView,
  QuestionItem, QuestionnaireView, RefusalView, SchoolStatusView, SummaryView, View,
} from '../review/index.js';
import type { CardName } from './templates.js';
import { pairChoice } from '../review/confirm-pairing.js';
import { overviewListLine, overviewMoves, type OverviewMove } from '../review/overview-words.js';
import { dayAndDate, readableDate } from '../review/time.js';

/** Something went wrong on our side: the person gets a reference to quote, never a stack. */
export interface ErrorView {
  kind: 'error';
  reference: string;
}


export type CardView = View | ErrorView;
export type { OverrideFormView };


export interface CardOptions {
  /** Where the decision's calendar file can be downloaded. */
  calendarUrl?: string;
  /** Where a file offered on a card (the heat map, the board report) can be downloaded: the door signs it. */
  fileUrl?: (file: OfferedFile) => string;
}

export interface CardModel {
  name: CardName;
  data: Record<string, unknown>;
}

/**
 * "/status <school>" as written: some card renderers take "<school>" for an HTML tag and drop
 * it, so a placeholder in angle brackets is shown in ‹these› instead.
 */
export const shown = (s: string) => s.replace(/<([^<>\s][^<>]*)>/g, '‹$1›');
const lines = (xs: string[]) => xs.filter((x) => x.trim() !== '').map((text) => ({ text: shown(text) }));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function cardModel(view: CardView, options: CardOptions = {}): CardModel {
  switch (view.kind) {
    case 'help': return { name: 'help', data: help(view) };
    case 'refusal': return { name: 'refusal', data: refusal(view) };
    case 'error': return { name: 'error', data: { reference: view.reference } };
    case 'notice': return { name: 'notice', data: notice(view) };
    case 'files': return { name: 'notice', data: files(view, options) };
    case 'not_found': return { name: 'not-found', data: notFound(view) };
    case 'overview': return { name: 'overview', data: overview(view, options) };
    case 'status': return { name: 'status', data: status(view) };
    case 'questionnaire': return { name: 'questionnaire', data: questionnaire(view) };
    case 'summary': return { name: 'summary', data: summary(view) };
    case 'proposal': return { name: 'proposal', data: proposal(view) };
    case 'override': return { name: 'override', data: overrideForm(view) };
    case 'decision': return { name: 'decision', data: decision(view, options) };
    case 'pairing': return { name: 'pairing', data: pairing(view) };
  }
}

/** A one-line summary of a view, for notifications and for chat clients that show no cards. */
export function cardSummary(view: CardView): string {
  switch (view.kind) {
    case 'help': return view.notUnderstood ? `I did not understand "${view.notUnderstood}"` : 'What I can do';
    case 'refusal': return view.message;
    case 'error': return `Something went wrong (reference ${view.reference})`;
    case 'notice': return view.title;
    case 'files': return view.title;
    case 'not_found': return `No school called "${view.query}"`;
    case 'overview': return `${view.trustName} at a glance`;
    case 'status': return `${view.school.name}: ${view.category ? view.category.name.toUpperCase() : 'not yet categorised'}`;
    case 'questionnaire': return `${view.school.name} review: ${view.title}`;
    case 'summary': return `${view.school.name} review: summary`;
    case 'proposal': return `${view.school.name}: ${view.category.name.toUpperCase()} proposed`;
    case 'override': return `Override the proposal for ${view.school.name}`;
    case 'decision': return view.headline;
    case 'pairing': return view.title;
  }
}

function help(view: HelpView) {
  return {
    notUnderstood: shown(view.notUnderstood ?? ''),
    hasNotUnderstood: view.notUnderstood !== null,
    commands: view.commands.map((c) => ({ command: shown(c.command), description: shown(c.description) })),
  };
}

function refusal(view: RefusalView) {
  return { message: shown(view.message) };
}

function notice(view: NoticeView) {
  return {
    title: shown(view.title),
    lines: lines(view.lines),
    hasAction: view.action !== null,
    actionTitle: view.action?.title ?? '',
    actionVerb: view.action?.verb ?? 'review.start',
    actionData: view.action?.data ?? {},
  };
}

function notFound(view: NotFoundView) {
  return {
    query: shown(view.query),
    hasSuggestions: view.suggestions.length > 0,
    suggestions: view.suggestions.map((name) => ({ name })),
  };
}

/** Files as links where the door can make them; without a door (a test, a preview) their names only. */
function files(view: FilesView, options: CardOptions) {
  const offered = view.files.map((f) => (options.fileUrl ? `[${f.label} (${f.filename})](${options.fileUrl(f)})` : `${f.label}: ${f.filename}`));
  return { title: shown(view.title), lines: lines([...view.lines, ...offered]), hasAction: false, actionTitle: '', actionData: {} };
}

function overview(view: OverviewView, options: CardOptions) {
  const heatmap: OfferedFile | null = view.heatmap
    ? { kind: 'heatmap.png', subject: view.heatmap.windowId, filename: `heatmap-${view.heatmap.windowId}.png`, label: `Heat map, ${view.heatmap.term}` }
    : null;
  const heatmapUrl = heatmap && options.fileUrl ? options.fileUrl(heatmap) : '';
  return {
    hasHeatmap: heatmapUrl !== '',
    heatmapUrl,
    heatmapAlt: heatmap?.label ?? '',
    heatmapLine: heatmap && heatmapUrl ? `[Open the heat map (${heatmap.label})](${heatmapUrl})` : '',
    trustName: view.trustName,
    rubricName: view.rubricName,
    windowLine: view.window ? `${view.window.title}: ${dayAndDate(view.window.opensOn)} to ${dayAndDate(view.window.closesOn)}${view.window.state === 'open' ? ' (open now)' : ''}` : 'No review window in the calendar.',
    summary: [
      { title: 'Schools', value: String(view.summary.total) },
      { title: 'Categories', value: view.summary.categories.map((c) => `${c.name} ${c.count}`).join(' · ') },
      { title: 'This term\'s review', value: view.summary.reviews.map((r) => `${r.state} ${r.count}`).join(' · ') },
    ].filter((f) => f.value !== ''),
    listLine: overviewListLine(view),
    hasSchools: view.schools.length > 0,
    schools: view.schools.map((s) => ({ name: s.school.name, category: s.category, arrow: s.arrow, submission: s.submission })),
    ...overviewActions(view),
  };
}

/** The overview's moves (review/overview-words.ts) as the card's slots: each shown or not, with its title and page. */
function overviewActions(view: OverviewView) {
  const { all, previous, next, back } = overviewMoves(view);
  const title = (move: OverviewMove | null) => move?.title ?? '';
  const data = (move: OverviewMove | null) => ({ page: move?.page ?? 0 });
  return {
    hasAll: all !== null, allTitle: title(all), allData: data(all),
    hasPrevious: previous !== null, previousTitle: title(previous), previousData: data(previous),
    hasNext: next !== null, nextTitle: title(next), nextData: data(next),
    hasBack: back !== null, backTitle: title(back), backData: data(back),
  };
}

const SUBMISSION_STATE = { not_started: 'not started', draft: 'in progress', submitted: 'submitted', decided: 'submitted and decided' } as const;

/** How many lines of each kind `/status` shows before "Show all": the card stays about one screen. */
const ATTENTION_SHOWN = 6;
const SUPPORT_SHOWN = 3;

/** The first `n` lines as `<name>Shown` (or `<name>` for attention), and "…and 4 more" when there are more. */
function firstOf(name: 'attention' | 'support', lines: { text: string }[], n: number, more: string) {
  const shown = name === 'attention' ? 'attention' : 'supportShown';
  const moreKey = name === 'attention' ? 'moreAttention' : 'moreSupport';
  const hasKey = name === 'attention' ? 'hasMoreAttention' : 'hasMoreSupport';
  const rest = n > 0 ? lines.length - n : 0;
  return { [shown]: n > 0 ? lines.slice(0, n) : [], [hasKey]: rest > 0, [moreKey]: rest > 0 ? `…and ${rest} ${more}` : '' };
}

const figureFact = (i: SchoolStatusView['indicators'][number]) => ({ title: i.name, value: i.level.startsWith(i.value) ? i.level : `${i.value} · ${i.level}` });

function status(view: SchoolStatusView) {
  const decided = view.category !== null;
  const since = [view.since ? `since ${readableDate(view.since)}` : '', view.decidedBy ? `decided by ${view.decidedBy}` : ''].filter(Boolean).join(' · ');
  return {
    schoolName: view.school.name,
    hasNote: view.note !== null,
    note: view.note ?? '',
    rubricName: view.rubricName,
    categoryLine: decided ? `${view.category!.name.toUpperCase()} ${view.arrow}` : view.hasCategories ? 'Not yet categorised' : 'Reported by strand: the framework has no categories',
    sinceLine: since,
    hasSince: since !== '',
    hasRationale: view.rationale !== null,
    rationale: view.rationale ?? '',
    hasTrend: view.trend.length > 0,
    trend: view.trend.map((t) => ({ title: t.window, value: t.category.name.toUpperCase() })),
    trendLine: view.trend.map((t) => `${t.window.replace(/ term /, ' ')} ${t.category.name.toUpperCase()}`).join(' → '),
    hasSubmission: view.submission !== null,
    submissionTitle: view.submission?.window.title ?? '',
    submissionLine: view.submission ? `${SUBMISSION_STATE[view.submission.state]} · ${view.submission.progress}` : '',
    hasAreas: view.areas.length > 0,
    areas: view.areas.map((a) => ({ title: a.name, value: a.level })),
    hasIndicators: view.indicators.length > 0,
    // The level usually names the figure already ("80.1% → Assured: ...").
    indicators: view.indicators.map(figureFact),
    // One screen: only the lines below their best level show; the rest are one click away.
    levelsTitle: view.levelsFrom ? `From the ${view.levelsFrom} review` : 'From the latest review',
    hasAttention: view.areas.some((a) => a.attention) || view.indicators.some((i) => i.attention),
    ...firstOf('attention', [...view.areas.filter((a) => a.attention).map((a) => ({ title: a.name, value: a.level })), ...view.indicators.filter((i) => i.attention).map(figureFact)]
      .map((f) => ({ text: `${f.title}: ${f.value}` })), ATTENTION_SHOWN, 'more needing attention: Show all'),
    allLevelsTitle: `Show all areas and figures (${plural(view.areas.length + view.indicators.length, 'line')})`,
    hasLevels: view.areas.length + view.indicators.length > 0,
    showAll: view.showAll && view.areas.length + view.indicators.length > 0,
    canShowAll: !view.showAll && view.areas.length + view.indicators.length > 0,
    showAllData: { schoolId: view.school.id, all: 'yes' },
    hasShares: view.groupShares.length > 0,
    shares: view.groupShares.map((g) => ({ title: g.name, value: g.share })),
    hasShareTrend: view.shareTrend.length > 0,
    shareTrend: view.shareTrend.map((t) => ({ window: t.window, shares: t.shares.map((g) => ({ title: g.name, value: g.share })) })),
    hasSupport: view.support.length > 0,
    hasSupportSummary: view.support.length > 0 && !view.showAll,
    support: view.support.map((s) => ({ text: `${s.title}: ${s.when} (${s.owner})` })),
    ...firstOf('support', view.support.map((s) => ({ text: `${s.title}: ${s.when} (${s.owner})` })), view.showAll ? 0 : SUPPORT_SHOWN, 'more: Show all'),
    hasPriorities: view.priorities.length > 0,
    priorities: lines(view.priorities),
    hasUndelivered: view.undelivered.length > 0,
    undelivered: lines(view.undelivered),
    hasBasis: view.basis !== null,
    basis: view.basis ?? '',
    hasFlags: view.flags.length > 0,
    flags: lines(view.flags),
    hasPairings: view.pairings.length > 0,
    pairings: lines(view.pairings),
    hasContext: view.context.length > 0,
    contextLine: view.context.join(' · '),
  };
}

function itemModel(item: QuestionItem, errors: Record<string, string>) {
  const base = { isArea: false, isIndicator: false, isTransitions: false };
  const errorOf = (key: string) => ({ hasError: errors[key] !== undefined, error: errors[key] ?? '' });
  if (item.kind === 'area') {
    return {
      ...base,
      isArea: true,
      key: item.key,
      noteKey: item.noteKey,
      name: item.name,
      group: item.group,
      choices: item.choices.map((c) => ({ title: c.title, value: c.value })),
      value: item.value ?? '',
      note: item.note ?? '',
      ...errorOf(item.key),
      noteError: errors[item.noteKey] ?? '',
      hasNoteError: errors[item.noteKey] !== undefined,
      hasStatements: item.statements.length > 0,
      statements: item.statements.map((s) => ({
        key: s.key,
        text: s.text,
        value: s.value === null ? '' : String(s.value),
        ...errorOf(s.key),
      })),
    };
  }
  if (item.kind === 'indicator') {
    const range = item.min !== null && item.max !== null ? `from ${item.min} to ${item.max}` : item.min !== null ? `of ${item.min} or more` : item.max !== null ? `up to ${item.max}` : '';
    return {
      ...base,
      isIndicator: true,
      key: item.key,
      label: item.unit ? `${item.name} (${item.unit})` : item.name,
      // A text input, not Input.Number: a number input clamps a value outside min/max, or blanks
      // "abc", without telling anyone. The server checks the figure and marks its field instead.
      value: item.value === null ? '' : String(item.value),
      placeholder: range ? `A figure ${range}` : 'A figure',
      hasHelp: item.help !== null,
      help: item.help ?? '',
      ...errorOf(item.key),
    };
  }
  const bandName = new Map(item.bands.map((b) => [b.value, b.title]));
  return {
    ...base,
    isTransitions: true,
    name: item.name,
    cells: item.cells.map((c) => ({
      key: c.key,
      label: `${bandName.get(c.from) ?? c.from} → ${bandName.get(c.to) ?? c.to} (${c.label})`,
      value: c.value === null ? '' : String(c.value),
      ...errorOf(c.key),
    })),
  };
}

function questionnaire(view: QuestionnaireView) {
  const last = view.step + 1 >= view.steps;
  const errorCount = Object.keys(view.errors).length;
  return {
    header: `${view.school.name} · ${view.window.title}`,
    title: view.title,
    stepLine: `Step ${view.step + 1} of ${view.steps} · ${view.progress}`,
    closesLine: `Closes ${dayAndDate(view.window.closesOn)}. Answers are saved at every step.`,
    hasNotice: view.notice !== null,
    notice: view.notice ?? '',
    hasErrors: errorCount > 0,
    errorsLine: `${plural(errorCount, 'answer')} to correct below.`,
    items: view.items.map((item) => itemModel(item, view.errors)),
    canBack: view.canBack,
    nextTitle: last ? 'Go to summary' : 'Next',
    action: { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version },
  };
}

function summary(view: SummaryView) {
  const submitted = view.state === 'submitted';
  return {
    header: `${view.school.name} · ${view.window.title}`,
    stateLine: submitted ? 'Submitted' : 'Draft: not yet submitted',
    hasNotice: view.notice !== null,
    notice: view.notice ?? '',
    hasProposal: view.proposal !== null,
    proposalLine: view.proposal ? `Proposed category: ${view.proposal.category.name.toUpperCase()}` : '',
    change: view.proposal?.change ?? '',
    hasChange: (view.proposal?.change ?? '') !== '',
    reason: view.proposal?.reason ?? '',
    facts: lines(view.proposal?.facts ?? []),
    hasBasis: (view.proposal?.basis ?? '') !== '',
    basis: view.proposal?.basis ?? '',
    hasUndetermined: view.undetermined !== null,
    undetermined: view.undetermined ?? '',
    hasFlags: view.flags.length > 0,
    flags: lines(view.flags),
    hasMissing: view.missing.length > 0,
    missingLine: `Still to come: ${view.missing.join(', ')}.`,
    canSubmit: view.canSubmit && !submitted && !view.decided,
    carryOn: !view.canSubmit && !view.decided,
    submitData: { schoolId: view.school.id, windowId: view.window.id, version: view.version },
    startData: { schoolId: view.school.id, windowId: view.window.id },
    changeAnswers: view.canSubmit && !view.decided,
    gotoData: { schoolId: view.school.id, windowId: view.window.id, step: 0 },
    closesLine: `The window closes on ${dayAndDate(view.window.closesOn)}. Leadership confirms or overrides the proposal.`,
  };
}

function priorityChoices(choices: Choice[] | null) {
  return { hasPriorities: choices !== null && choices.length > 0, priorityChoices: (choices ?? []).map((c) => ({ title: c.title, value: c.value })) };
}

function proposal(view: ProposalView) {
  return {
    header: `${view.school.name} · ${view.window.title}`,
    title: `Proposed: ${view.category.name.toUpperCase()}`,
    changeLine: view.change || (view.previous ? `Previously ${view.previous.name.toUpperCase()}` : 'First categorisation'),
    submittedLine: `Submitted by ${view.submittedBy}. The proposal is not the decision: confirm it or override it.`,
    reason: view.reason,
    facts: lines(view.facts),
    hasFacts: view.facts.length > 0,
    hasFlags: view.flags.length > 0,
    flags: lines(view.flags),
    basis: view.basis,
    hasNotice: (view.notice ?? '') !== '',
    notice: view.notice ?? '',
    hasLines: view.lines.length > 0,
    moderationLines: view.lines.map((l) => ({
      name: l.name,
      levels: `Self-rating: ${l.self} · Evidence: ${l.evidence} · Agreed: ${l.agreed} · The proposal reads the ${l.used === 'agreed' ? 'agreed level' : l.used}.`,
    })),
    hasRecommendations: view.recommendations.length > 0,
    recommendations: lines(view.recommendations),
    // A few lines: every suggestion, and the buttons to pair, come with the decision post.
    hasPeers: (view.peers ?? []).length > 0,
    peersShown: lines((view.peers ?? []).slice(0, PEERS_SHOWN)),
    morePeers: (view.peers ?? []).length > PEERS_SHOWN ? `…and ${(view.peers ?? []).length - PEERS_SHOWN} more with the decision` : '',
    hasMorePeers: (view.peers ?? []).length > PEERS_SHOWN,
    ...priorityChoices(view.priorityChoices),
    moderationAreas: view.moderation.areas.map((c) => ({ title: c.title, value: c.value })),
    moderationLevels: view.moderation.levels.map((c) => ({ title: c.title, value: c.value })),
    moderateData: { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId },
    confirmTitle: `Confirm ${view.category.name.toUpperCase()}`,
    decisionData: { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId },
    overrideData: { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId },
  };
}

function overrideForm(view: OverrideFormView) {
  return {
    header: `${view.school.name} · ${view.window.title}`,
    title: `Override ${view.proposed.name.toUpperCase()}`,
    intro: `Choose the category ${view.school.name} gets instead, and say why: the rationale is kept with the decision and shown with the category.`,
    categories: view.categories.map((c) => ({ title: c.title.toUpperCase(), value: c.value })),
    // Trimmed, at least minRationale characters: the rule the decision use-case applies.
    rationaleRegex: `^\\s*\\S[\\s\\S]{${Math.max(0, view.minRationale - 2)},}\\S\\s*$`,
    rationaleError: `A rationale of at least ${view.minRationale} characters, please.`,
    ...priorityChoices(view.priorityChoices),
    confirmTitle: `Confirm ${view.proposed.name.toUpperCase()} instead`,
    decisionData: { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId },
  };
}

/** How many suggestions the decision post shows before "Peer support (N)": the post stays about one screen. */
const PEERS_SHOWN = 3;

/**
 * Teams shows at most six actions on a card: the decision post's three "show" buttons leave room
 * for three "Pair with …" buttons. Every other suggestion is paired from the list behind
 * "Peer support (N)".
 */
const PEER_BUTTONS = 3;

/** The decision post's suggested peer support: the first few in the body, every one with its why one click away. */
function peerSupport(peers: NonNullable<DecisionView['peers']>) {
  const rest = peers.length - PEERS_SHOWN;
  const pairable = peers.filter((p) => p.confirm !== null);
  return {
    hasPeers: peers.length > 0,
    peersShown: lines(peers.slice(0, PEERS_SHOWN).map((p) => p.text)),
    hasMorePeers: rest > 0,
    morePeers: rest > 0 ? `…and ${rest} more: ${`Peer support (${peers.length})`}` : '',
    peersTitle: `Peer support (${peers.length})`,
    peers: peers.map((p) => ({ text: shown(p.text), why: shown(p.why) })),
    // The list pairs any suggestion, however many there are: one choice and one button.
    hasPairChoices: pairable.length > 0,
    pairChoices: pairable.map((p) => ({ title: shown(p.text), value: pairChoice(p.confirm!.data.area, p.confirm!.data.peerSchoolId) })),
    pairData: { decisionId: pairable[0]?.confirm!.data.decisionId ?? '' },
    peerButtons: peerButtons(pairable),
  };
}

/** The first peer of each weak area gets a button before any area's second peer does. */
function peerButtons(pairable: NonNullable<DecisionView['peers']>) {
  const rank = (i: number) => pairable.slice(0, i).filter((p) => p.confirm!.data.area === pairable[i]!.confirm!.data.area).length;
  return pairable.map((p, i) => ({ p, rank: rank(i) }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, PEER_BUTTONS)
    .map(({ p }) => ({ title: shown(p.confirm!.title), data: p.confirm!.data }));
}

function pairing(view: PairingRequestView) {
  return {
    title: shown(view.title),
    lines: lines(view.lines),
    acceptData: { ...view.answerData, answer: 'accepted' },
    declineData: { ...view.answerData, answer: 'declined' },
  };
}

function decision(view: DecisionView, options: CardOptions) {
  const how = view.how === 'confirmed' ? `Confirmed by ${view.decidedBy}` : `Overridden by ${view.decidedBy}`;
  return {
    headline: view.headline,
    windowLine: view.window.title,
    howLine: how,
    hasRationale: view.rationale !== null,
    rationale: view.rationale ?? '',
    reasons: lines(view.reasons),
    hasReasons: view.reasons.some((r) => r.trim() !== ''),
    hasPriorities: view.priorities.length > 0,
    priorities: lines(view.priorities),
    ...support(view.schedule),
    ...peerSupport(view.peers ?? []),
    hasCalendar: options.calendarUrl !== undefined,
    calendarLine: options.calendarUrl ? `[Add the schedule to your calendar (${view.ics.filename})](${options.calendarUrl})` : '',
  };
}

/**
 * The decision's support: one line per activity (what; how often, who, first date and how much
 * this term), what is offered on request, and every dated occurrence behind "All dates".
 */
function support(schedule: DecisionView['schedule']) {
  return {
    scheduleTitle: schedule.from ? `Support for the ${schedule.term} (${schedule.fromText} to ${schedule.toText})` : `Support: ${schedule.term}`,
    hasSchedule: schedule.summary.length > 0,
    summary: schedule.summary.map((line) => ({
      what: shown(line.title),
      details: shown([line.often, line.owner, `from ${line.first}`, line.amount].filter(Boolean).join(' · ')),
    })),
    hasOnRequest: schedule.onRequest.length > 0,
    // Behind a button, as the dates are: a package can offer twenty items on request.
    onRequestTitle: `On request (${schedule.onRequest.length})`,
    onRequest: lines(schedule.onRequest.map((item) => (item.owner ? `${item.title} (${item.owner})` : item.title))),
    hasDates: schedule.items.length > 0,
    datesTitle: `All ${plural(schedule.items.length, 'date')}`,
    dates: schedule.items.map((item) => ({
      when: item.when,
      what: shown(item.daysText ? `${item.title} (${item.daysText})` : item.title),
      owner: shown(item.owner),
    })),
  };
}
