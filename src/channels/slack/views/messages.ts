/** Short views as Block Kit: help, notices, files offered, refusals, errors, a name not found, a pairing request. */
import type { ErrorView } from '../../../cards/index.js';
import type { FilesView, HelpView, NoticeView, NotFoundView, OfferedFile, PairingRequestView, RefusalView } from '../../../review/index.js';
import { buttons, context, fields, header, paragraphs, section, type Block } from '../kit.js';
import { bold, escapeMrkdwn, link } from '../text.js';

export function help(view: HelpView): Block[] {
  return [
    ...(view.notUnderstood !== null ? section([bold(`I did not understand "${view.notUnderstood}".`)]) : []),
    ...header('Termly: what I can do'),
    ...fields(view.commands.map((c) => ({ title: c.command, value: c.description }))),
    ...context(['In our direct messages, just type; in a channel, @mention me first. The slash commands work anywhere.']),
  ];
}

export function refusal(view: RefusalView): Block[] {
  return paragraphs(view.message.split('\n'));
}

export function error(view: ErrorView): Block[] {
  return section([
    bold('Sorry, something went wrong on my side.'),
    escapeMrkdwn(`Please try again in a moment. If it keeps happening, tell the trust's administrator and quote reference ${view.reference}.`),
  ]);
}

export function notice(view: NoticeView): Block[] {
  return [
    ...header(view.title),
    ...paragraphs(view.lines),
    ...(view.action ? buttons([{ title: view.action.title, verb: view.action.verb, data: view.action.data, style: 'primary' }]) : []),
  ];
}

/** Files as links where the door can make them; without a door (a test, a preview) their names only. */
export function files(view: FilesView, fileUrl?: (file: OfferedFile) => string): Block[] {
  return [
    ...header(view.title),
    ...paragraphs(view.lines),
    ...section(view.files.map((f) => (fileUrl ? link(fileUrl(f), `${f.label} (${f.filename})`) : escapeMrkdwn(`${f.label}: ${f.filename}`)))),
  ];
}

export function notFound(view: NotFoundView): Block[] {
  return [
    ...paragraphs([`I could not find a school called "${view.query}".`, view.suggestions.length ? 'Did you mean one of these?' : '']),
    ...buttons(view.suggestions.map((name) => ({ title: name, verb: 'status.show', data: { schoolId: name } }))),
  ];
}

export function pairing(view: PairingRequestView): Block[] {
  return [
    ...header(view.title),
    ...paragraphs(view.lines),
    ...buttons([
      { title: 'Confirm', verb: 'pairing.answer', data: { ...view.answerData, answer: 'accepted' }, style: 'primary' },
      { title: 'Not now', verb: 'pairing.answer', data: { ...view.answerData, answer: 'declined' } },
    ]),
  ];
}
