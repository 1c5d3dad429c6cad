/**
 * Expands a card template with its data (adaptivecards-templating). A binding the data does
 * not have is an error naming the template and the field, never a "${field}" shown to a person.
 */
// The engine alone: the package root's types pull in adaptivecards' TypeScript sources.
import { GlobalSettings, Template } from 'adaptivecards-templating/lib/template-engine.js';
import { cardModel, type CardOptions, type CardView } from './models.js';
import { CardTemplateError, type CardJson, type CardName, type CardTemplates } from './templates.js';

let unbound: string[] | null = null;
// Expansion is synchronous, so the fields missed during one expand() are collected here.
GlobalSettings.getUndefinedFieldValueSubstitutionString = (path: string) => {
  unbound?.push(path);
  return undefined;
};

export function expandTemplate(templates: CardTemplates, name: CardName, data: Record<string, unknown>): CardJson {
  const template = templates.get(name);
  if (!template) throw new CardTemplateError(`${name}.json`, ['no such card template is loaded']);
  unbound = [];
  let card: unknown;
  try {
    card = new Template(template).expand({ $root: data });
  } finally {
    const missed = unbound;
    unbound = null;
    if (missed.length) throw new CardTemplateError(`${name}.json`, [...new Set(missed)].map((p) => `binds "\${${p}}", which the card's data does not have`));
  }
  return card as CardJson;
}

export interface CardRenderer {
  render(view: CardView, options?: CardOptions): CardJson;
}

export function createCardRenderer(templates: CardTemplates): CardRenderer {
  return {
    render(view, options) {
      const model = cardModel(view, options);
      return expandTemplate(templates, model.name, model.data);
    },
  };
}
