/**
 * A head's review as Block Kit: a questionnaire step's inputs, keyed as the Teams card keys
 * them (questionnaire.ts `keys`), so that what Slack sends back reads as the same answers; and
 * the summary with Submit.
 */
import { MAX_NOTE_LENGTH } from '../../../evaluator/answers.js';
import type { QuestionItem, QuestionnaireView, SummaryView } from '../../../review/index.js';
import { dayAndDate } from '../../../review/time.js';
import type { Surface } from '../limits.js';
import { buttons, choiceInput, context, divider, header, numberInput, paragraphs, section, textInput, type Block, type ButtonSpec } from '../kit.js';
import { bold, escapeMrkdwn, plural } from '../text.js';

/**
 * An input's block id: its field key and the submission version the step was drawn from.
 * Slack keeps what was typed into an input whose block id is unchanged, so a step redrawn from a
 * newer version (the review was changed elsewhere) starts from the saved answers.
 */
export function fieldBlockId(key: string, version: number): string {
  return `${key}@v${version}`;
}

const problem = (errors: Record<string, string>, key: string): Block[] =>
  errors[key] !== undefined ? context([`⚠ ${escapeMrkdwn(errors[key])}`]) : [];

function item(view: QuestionnaireView, item: QuestionItem, surface: Surface): Block[] {
  const blockId = (key: string) => fieldBlockId(key, view.version);
  const { errors } = view;
  if (item.kind === 'area') {
    return [
      ...choiceInput({ id: item.key, blockId: blockId(item.key), label: item.name, choices: item.choices, value: item.value ?? '', style: 'expanded' }),
      ...problem(errors, item.key),
      ...item.statements.flatMap((s) => [
        ...choiceInput({
          id: s.key, blockId: blockId(s.key), label: s.text, style: 'expanded',
          choices: [{ title: 'Met', value: 'true' }, { title: 'Not met', value: 'false' }], value: s.value === null ? '' : String(s.value),
        }),
        ...problem(errors, s.key),
      ]),
      ...textInput({ id: item.noteKey, blockId: blockId(item.noteKey), label: `Evidence for ${item.name} (optional)`, value: item.note ?? '', multiline: true,
        placeholder: 'What you would show a visitor', maxLength: MAX_NOTE_LENGTH }),
      ...problem(errors, item.noteKey),
    ];
  }
  if (item.kind === 'indicator') {
    const range = item.min !== null && item.max !== null ? `from ${item.min} to ${item.max}` : item.min !== null ? `of ${item.min} or more` : item.max !== null ? `up to ${item.max}` : '';
    // A text input, as on the Teams card: the use-case checks the figure and names what is wrong
    // on its field, where a number input would answer with Slack's own words.
    return [
      ...textInput({
        id: item.key, blockId: blockId(item.key), label: item.unit ? `${item.name} (${item.unit})` : item.name,
        value: item.value === null ? '' : String(item.value), placeholder: range ? `A figure ${range}` : 'A figure', ...(item.help ? { hint: item.help } : {}),
      }),
      ...problem(errors, item.key),
    ];
  }
  const bandName = new Map(item.bands.map((b) => [b.value, b.title]));
  return [
    ...section([bold(`${item.name}: pupils by attainer band, from the last point to this one`)]),
    ...item.cells.flatMap((c) => [
      ...numberInput({
        id: c.key, blockId: blockId(c.key), label: `${bandName.get(c.from) ?? c.from} → ${bandName.get(c.to) ?? c.to} (${c.label})`,
        value: c.value, placeholder: 'A whole number of pupils', decimal: false, min: 0,
      }, surface),
      ...problem(errors, c.key),
    ]),
  ];
}

/** The step's buttons: Back, Save and finish later, Next (or Go to summary), each carrying the step it was drawn from. */
export function stepButtons(view: QuestionnaireView): { back: ButtonSpec | null; save: ButtonSpec; next: ButtonSpec } {
  const data = (action: string) => ({ schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action });
  return {
    back: view.canBack ? { title: 'Back', verb: 'review.step', data: data('back') } : null,
    save: { title: 'Save and finish later', verb: 'review.step', data: data('save') },
    next: { title: view.step + 1 >= view.steps ? 'Go to summary' : 'Next', verb: 'review.step', data: data('next'), style: 'primary' },
  };
}

/** The step's content; in a modal, Next is the modal's submit button and not drawn here. */
export function questionnaire(view: QuestionnaireView, surface: Surface): Block[] {
  const errorCount = Object.keys(view.errors).length;
  const { back, save, next } = stepButtons(view);
  return [
    ...context([escapeMrkdwn(`${view.school.name} · ${view.window.title}`)]),
    ...header(view.title),
    ...paragraphs([`Step ${view.step + 1} of ${view.steps} · ${view.progress}`]),
    ...context([escapeMrkdwn(`Closes ${dayAndDate(view.window.closesOn)}. Answers are saved at every step.`)]),
    ...(view.notice !== null ? section([bold(view.notice)]) : []),
    ...(errorCount > 0 ? section([`⚠ ${bold(`${plural(errorCount, 'answer')} to correct below.`)}`]) : []),
    ...view.items.flatMap((i) => [divider(), ...item(view, i, surface)]),
    divider(),
    ...buttons([...(back ? [back] : []), save, ...(surface === 'modal' ? [] : [next])]),
  ];
}

/** What Submit carries: the summary's Submit button, or a modal's submit. */
export function submitAction(view: SummaryView): ButtonSpec | null {
  const canSubmit = view.canSubmit && view.state !== 'submitted' && !view.decided;
  return canSubmit ? { title: 'Submit', verb: 'review.submit', data: { schoolId: view.school.id, windowId: view.window.id, version: view.version }, style: 'primary' } : null;
}

export function summary(view: SummaryView, surface: Surface): Block[] {
  const proposal = view.proposal;
  const submit = submitAction(view);
  const carryOn = !view.canSubmit && !view.decided;
  const change = view.canSubmit && !view.decided;
  return [
    ...context([escapeMrkdwn(`${view.school.name} · ${view.window.title}`)]),
    ...header('Summary'),
    ...paragraphs([view.state === 'submitted' ? 'Submitted' : 'Draft: not yet submitted']),
    ...(view.notice !== null ? section([bold(view.notice)]) : []),
    ...(proposal
      ? [divider(), ...section([bold(`Proposed category: ${proposal.category.name.toUpperCase()}`)]),
        ...paragraphs([proposal.change, proposal.reason]), ...section(proposal.facts.filter((f) => f.trim()).map((f) => `• ${escapeMrkdwn(f)}`)),
        ...context([escapeMrkdwn(proposal.basis ?? '')])]
      : []),
    ...(view.undetermined !== null ? [divider(), ...paragraphs([view.undetermined])] : []),
    ...(view.flags.length ? [divider(), ...section([bold('Where your rating and the figures differ'), ...view.flags.map((f) => `• ${escapeMrkdwn(f)}`)])] : []),
    ...context([view.missing.length ? escapeMrkdwn(`Still to come: ${view.missing.join(', ')}.`) : '']),
    ...context([escapeMrkdwn(`The window closes on ${dayAndDate(view.window.closesOn)}. Leadership confirms or overrides the proposal.`)]),
    ...buttons([
      ...(submit && surface !== 'modal' ? [submit] : []),
      ...(carryOn ? [{ title: 'Carry on', verb: 'review.start', data: { schoolId: view.school.id, windowId: view.window.id } }] : []),
      ...(change ? [{ title: 'Change answers', verb: 'review.goto', data: { schoolId: view.school.id, windowId: view.window.id, step: 0 } }] : []),
    ]),
  ];
}
