/** A view as Teams shows it: an Adaptive Card attachment, with a one-line summary for notifications. */
import type { Activity } from '@microsoft/agents-activity';
import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import { cardSummary, type CardJson, type CardRenderer, type CardView } from '../../cards/index.js';
import type { OfferedFile } from '../../review/index.js';
import type { WebLinks } from '../../web/index.js';

export class TeamsCards {
  constructor(private readonly renderer: CardRenderer, private readonly links: WebLinks) {}

  card(view: CardView): CardJson {
    const calendarUrl = view.kind === 'decision' && view.decisionId ? this.links.calendar.link(view.decisionId, view.ics.filename) : undefined;
    return this.renderer.render(view, { ...(calendarUrl ? { calendarUrl } : {}), fileUrl: (file: OfferedFile) => this.links.files.link(file) });
  }

  activity(view: CardView): Activity {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(this.card(view)));
    // Shown in notifications and the chat list, where a card has no text of its own.
    activity.summary = cardSummary(view);
    return activity;
  }
}
