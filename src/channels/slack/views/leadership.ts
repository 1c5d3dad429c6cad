/**
 * What leadership sees as Block Kit: the proposal with Agree level, Confirm and Override; the
 * override form; the decision post with its support schedule and peer support. Teams hides the
 * longer lists behind "show" buttons (cards/decision.json); Slack folds a long section behind
 * its own "See more", so here they follow the post's body as sections of their own.
 */
import type { Choice, DecisionView, OverrideFormView, ProposalView } from '../../../review/index.js';
import { buttons, choiceInput, context, divider, header, paragraphs, section, textInput, type Block, type ButtonSpec } from '../kit.js';
import { bold, escapeMrkdwn, link, plural } from '../text.js';

/** How many suggestions the proposal shows: every one, with why, comes with the decision. */
const PEERS_SHOWN = 3;

const bullets = (lines: string[]) => lines.filter((l) => l.trim() !== '').map((l) => `• ${escapeMrkdwn(l)}`);

function part(title: string, lines: string[]): Block[] {
  return lines.length ? [divider(), ...section([bold(title), ...lines])] : [];
}

function priorities(choices: Choice[] | null): Block[] {
  return choices && choices.length
    ? choiceInput({ id: 'priorities', label: 'Priority areas agreed with the decision (optional)', choices, value: [], style: 'compact', multi: true, placeholder: 'Choose areas' })
    : [];
}

/** Agree level: what reads the moderation inputs, so in a modal it is the submit button. */
export function proposalModerateAction(view: ProposalView): ButtonSpec {
  return { title: 'Agree level', verb: 'decision.moderate', data: { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId } };
}

export function proposal(view: ProposalView, inModal: boolean): Block[] {
  const peers = view.peers ?? [];
  const data = { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId };
  return [
    ...context([escapeMrkdwn(`${view.school.name} · ${view.window.title}`)]),
    ...header(`Proposed: ${view.category.name.toUpperCase()}`),
    ...paragraphs([view.change || (view.previous ? `Previously ${view.previous.name.toUpperCase()}` : 'First categorisation')]),
    ...context([escapeMrkdwn(`Submitted by ${view.submittedBy}. The proposal is not the decision: confirm it or override it.`)]),
    ...(view.notice ? section([`✓ ${escapeMrkdwn(view.notice)}`]) : []),
    divider(),
    ...section([bold('Why'), escapeMrkdwn(view.reason), ...bullets(view.facts)]),
    ...context([escapeMrkdwn(view.basis)]),
    ...part('Self-rating and evidence differ', bullets(view.flags)),
    ...part('Self-rating, evidence and agreed level', view.lines.map((l) =>
      `${bold(l.name)}\n${escapeMrkdwn(`Self-rating: ${l.self} · Evidence: ${l.evidence} · Agreed: ${l.agreed} · The proposal reads the ${l.used === 'agreed' ? 'agreed level' : l.used}.`)}`)),
    ...part('Suggested peer support', [
      ...bullets(peers.slice(0, PEERS_SHOWN)),
      ...(peers.length > PEERS_SHOWN ? [escapeMrkdwn(`…and ${peers.length - PEERS_SHOWN} more with the decision`)] : []),
    ]),
    ...part('Recommended', bullets(view.recommendations)),
    divider(),
    ...section([bold('Agree a line\'s level (before deciding)')]),
    ...choiceInput({ id: 'area', label: 'Line', choices: view.moderation.areas, value: '', style: 'compact', placeholder: 'Choose a line' }),
    ...choiceInput({ id: 'level', label: 'Agreed level', choices: view.moderation.levels, value: '', style: 'compact', placeholder: 'Choose a level' }),
    ...textInput({ id: 'reason', label: 'Why', value: '', multiline: true, placeholder: 'Why this level: kept with the decision' }),
    ...priorities(view.priorityChoices),
    ...buttons([
      ...(inModal ? [] : [proposalModerateAction(view)]),
      { title: `Confirm ${view.category.name.toUpperCase()}`, verb: 'decision.confirm', data, style: 'primary' },
      { title: 'Override…', verb: 'decision.override.form', data },
    ]),
  ];
}

/** What the override form's Record override carries: its button, or a modal's submit. */
export function overrideAction(view: OverrideFormView): ButtonSpec {
  return { title: 'Record override', verb: 'decision.override', data: { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId }, style: 'danger' };
}

export function overrideForm(view: OverrideFormView, inModal: boolean): Block[] {
  const data = { schoolId: view.school.id, windowId: view.window.id, proposalId: view.proposalId };
  return [
    ...context([escapeMrkdwn(`${view.school.name} · ${view.window.title}`)]),
    ...header(`Override ${view.proposed.name.toUpperCase()}`),
    ...paragraphs([`Choose the category ${view.school.name} gets instead, and say why: the rationale is kept with the decision and shown with the category.`]),
    ...choiceInput({
      id: 'category', label: 'New category', optional: false, style: 'compact', placeholder: 'Choose a category', value: '',
      choices: view.categories.map((c) => ({ title: c.title.toUpperCase(), value: c.value })),
    }),
    ...textInput({
      id: 'rationale', label: 'Rationale', optional: false, value: '', multiline: true, minLength: view.minRationale,
      placeholder: 'Why leadership decided differently from the proposal', hint: `At least ${view.minRationale} characters.`,
    }),
    ...priorities(view.priorityChoices),
    ...buttons([
      ...(inModal ? [] : [overrideAction(view)]),
      { title: `Confirm ${view.proposed.name.toUpperCase()} instead`, verb: 'decision.confirm', data },
    ]),
  ];
}

export function decision(view: DecisionView, calendarUrl?: string): Block[] {
  const { schedule } = view;
  const peers = view.peers ?? [];
  const scheduleTitle = schedule.from ? `Support for the ${schedule.term} (${schedule.fromText} to ${schedule.toText})` : `Support: ${schedule.term}`;
  return [
    ...header(view.headline),
    ...context([escapeMrkdwn(view.window.title)]),
    ...paragraphs([`${view.how === 'confirmed' ? 'Confirmed' : 'Overridden'} by ${view.decidedBy}`, view.rationale !== null ? `Rationale: ${view.rationale}` : '']),
    ...part('Why', bullets(view.reasons)),
    ...part('Priority areas', bullets(view.priorities)),
    divider(),
    ...section([
      bold(scheduleTitle),
      ...(schedule.summary.length
        ? schedule.summary.map((line) => `${bold(line.title)}\n${escapeMrkdwn([line.often, line.owner, `from ${line.first}`, line.amount].filter(Boolean).join(' · '))}`)
        : ['No dated support for this term.']),
    ]),
    ...(calendarUrl ? section([link(calendarUrl, `Add the schedule to your calendar (${view.ics.filename})`)]) : []),
    ...part('Suggested peer support', peers.map((p) => `• ${escapeMrkdwn(p.text)}\n${escapeMrkdwn(p.why)}`)),
    ...part(`On request (${schedule.onRequest.length}): offered on request, not dated`,
      bullets(schedule.onRequest.map((item) => (item.owner ? `${item.title} (${item.owner})` : item.title)))),
    ...part(`All ${plural(schedule.items.length, 'date')}`,
      schedule.items.map((item) => escapeMrkdwn(`${item.when} · ${item.daysText ? `${item.title} (${item.daysText})` : item.title} · ${item.owner}`))),
    ...buttons(peers.flatMap((p) => (p.confirm ? [{ title: p.confirm.title, verb: 'pairing.confirm', data: p.confirm.data }] : []))),
  ];
}
