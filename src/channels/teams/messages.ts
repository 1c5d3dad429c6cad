/** A view as Teams shows it: an Adaptive Card attachment, with a one-line summary for notifications. */
import type { Activity } from '@microsoft/agents-activity';
import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import { cardSummary, type CardJson, type CardRenderer, type CardView } from '../../cards/index.js';
import type { CalendarLinks } from './calendar-files.js';
import type { FileLinks } from './file-links.js';
import type { OfferedFile } from '../../review/index.js';

export class TeamsCards {
  constructor(private readonly renderer: CardRenderer, private readonly calendarLinks: CalendarLinks, private readonly fileLinks?: FileLinks) {}

  card(view: CardView): CardJson {
    const calendarUrl = view.kind === 'decision' && view.decisionId ? this.calendarLinks.link(view.decisionId, view.ics.filename) : undefined;
    const links = this.fileLinks;
    return this.renderer.render(view, { ...(calendarUrl ? { calendarUrl } : {}), ...(links ? { fileUrl: (file: OfferedFile) => links.link(file) } : {}) });
  }

  activity(view: CardView): Activity {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(this.card(view)));
    // Shown in notifications and the chat list, where a card has no text of its own.
    activity.summary = cardSummary(view);
    return activity;
  }
}
