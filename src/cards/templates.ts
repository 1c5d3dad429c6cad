/**
 * The card templates in cards/*.json: Adaptive Cards 1.5 with ${...} bindings, loaded and
 * checked at start. Only elements with a Slack Block Kit counterpart are allowed, so a Slack
 * renderer can translate the same templates. A problem names the file, the path inside it and
 * what was expected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const CARDS_DIR = fileURLToPath(new URL('../../cards/', import.meta.url));

export const CARD_NAMES = [
  'help', 'status', 'overview', 'questionnaire', 'summary', 'proposal', 'override',
  'decision', 'pairing', 'notice', 'refusal', 'not-found', 'error',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

/** Elements and actions with a Block Kit counterpart. Column only inside a ColumnSet, holding text. */
export const ALLOWED_ELEMENTS = new Set([
  'TextBlock', 'FactSet', 'ColumnSet', 'Image', 'Container',
  'Input.ChoiceSet', 'Input.Number', 'Input.Text', 'Input.Toggle',
]);
// Action.ShowCard: detail on demand; Slack's counterpart is a button that posts the detail.
export const ALLOWED_ACTIONS = new Set(['Action.Submit', 'Action.Execute', 'Action.ShowCard']);

export type CardJson = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[]; [key: string]: unknown };
export type CardTemplates = ReadonlyMap<CardName, CardJson>;

const TemplateShape = z.looseObject({
  type: z.literal('AdaptiveCard'),
  version: z.literal('1.5'),
  body: z.array(z.unknown()).min(1, 'at least one element'),
  actions: z.array(z.unknown()).optional(),
});

export class CardTemplateError extends Error {
  readonly code = 'CARD_TEMPLATE_INVALID';
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CardTemplateError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks a template and names every element or action outside the allowed set. */
export function checkTemplate(template: unknown): string[] {
  const shape = TemplateShape.safeParse(template);
  if (!shape.success) return shape.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(card)'}: ${i.message}`);
  const problems: string[] = [];
  const visitElements = (items: unknown, path: string, inColumn: boolean) => {
    if (!Array.isArray(items)) {
      problems.push(`${path}: expected a list of elements`);
      return;
    }
    items.forEach((item, i) => visitElement(item, `${path}[${i}]`, inColumn));
  };
  const visitAction = (action: unknown, path: string) => {
    if (!isObject(action) || typeof action.type !== 'string') {
      problems.push(`${path}: expected an action with a "type"`);
      return;
    }
    if (!ALLOWED_ACTIONS.has(action.type)) problems.push(`${path}: "${action.type}" is not allowed; expected one of ${[...ALLOWED_ACTIONS].join(', ')}`);
    if (action.type === 'Action.Execute' && typeof action.verb !== 'string') problems.push(`${path}: Action.Execute needs a "verb"`);
    if (action.type === 'Action.ShowCard') {
      if (!isObject(action.card)) problems.push(`${path}: Action.ShowCard needs a "card"`);
      else {
        visitElements(action.card.body, `${path}.card.body`, false);
        if (Array.isArray(action.card.actions)) action.card.actions.forEach((a, i) => visitAction(a, `${path}.card.actions[${i}]`));
      }
    }
  };
  const visitElement = (element: unknown, path: string, inColumn: boolean) => {
    if (!isObject(element) || typeof element.type !== 'string') {
      problems.push(`${path}: expected an element with a "type"`);
      return;
    }
    const type = element.type;
    if (inColumn && type !== 'TextBlock') problems.push(`${path}: a column holds text only (TextBlock), not "${type}"`);
    else if (!ALLOWED_ELEMENTS.has(type)) problems.push(`${path}: "${type}" is not allowed; expected one of ${[...ALLOWED_ELEMENTS].join(', ')}`);
    if (element.selectAction !== undefined) problems.push(`${path}: "selectAction" has no Slack counterpart; use a button in "actions"`);
    if (type === 'Container') visitElements(element.items, `${path}.items`, false);
    if (type === 'ColumnSet') {
      const columns = element.columns;
      if (!Array.isArray(columns)) problems.push(`${path}.columns: expected a list of columns`);
      else columns.forEach((column, i) => {
        if (!isObject(column) || column.type !== 'Column') problems.push(`${path}.columns[${i}]: expected a "Column"`);
        else visitElements(column.items, `${path}.columns[${i}].items`, true);
      });
    }
  };
  const card = shape.data;
  visitElements(card.body, 'body', false);
  (card.actions ?? []).forEach((a, i) => visitAction(a, `actions[${i}]`));
  return problems;
}

export function loadCardTemplates(dir: string = CARDS_DIR): CardTemplates {
  const templates = new Map<CardName, CardJson>();
  for (const name of CARD_NAMES) {
    const file = join(dir, `${name}.json`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CardTemplateError(file, [`cannot be read: ${(e as Error).message}`]);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new CardTemplateError(file, [`is not valid JSON: ${(e as Error).message}`]);
    }
    const problems = checkTemplate(json);
    if (problems.length) throw new CardTemplateError(file, problems);
    templates.set(name, json as CardJson);
  }
  return templates;
}
