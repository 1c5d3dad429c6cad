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

/**
 * Templates compiled once per set of templates: building a Template parses every binding in it
 * (adaptive-expressions), while expand() only evaluates them, so a card is never parsed twice.
 */
const compiled = new WeakMap<CardTemplates, Map<CardName, Template>>();

export function compiledTemplate(templates: CardTemplates, name: CardName): Template {
  let byName = compiled.get(templates);
  if (!byName) {
    byName = new Map();
    compiled.set(templates, byName);
  }
  let template = byName.get(name);
  if (!template) {
    const json = templates.get(name);
    if (!json) throw new CardTemplateError(`${name}.json`, ['no such card template is loaded']);
    template = new Template(json);
    byName.set(name, template);
  }
  return template;
}

export function expandTemplate(templates: CardTemplates, name: CardName, data: Record<string, unknown>): CardJson {
  const template = compiledTemplate(templates, name);
  unbound = [];
  let card: unknown;
  try {
    // expand() is synchronous and keeps nothing of one call for the next, so one Template serves every card.
    card = template.expand({ $root: data });
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
  // Compiled at start, so a broken binding is found before the first message, and no message pays for it.
  for (const name of templates.keys()) compiledTemplate(templates, name);
  return {
    render(view, options) {
      const model = cardModel(view, options);
      return expandTemplate(templates, model.name, model.data);
    },
  };
}
