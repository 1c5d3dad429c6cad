/** Platform-neutral cards: view-models in, Adaptive Card 1.5 JSON out (cards/*.json templates). */
export { CARD_NAMES, CARDS_DIR, ALLOWED_ACTIONS, ALLOWED_ELEMENTS, CardTemplateError, checkTemplate, loadCardTemplates, type CardJson, type CardName, type CardTemplates } from './templates.js';
export { cardModel, cardSummary, type CardModel, type CardOptions, type CardView, type ErrorView, type OverrideFormView } from './models.js';
export { createCardRenderer, expandTemplate, type CardRenderer } from './render.js';
