/** A view as Teams shows it: an Adaptive Card attachment, with a one-line summary for notifications. */
import type { Activity } from '@microsoft/agents-activity';
import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import { cardSummary, type CardJson, type CardRenderer, type CardView } from '../../cards/index.js';
import type { CalendarLinks } from './calendar-files.js';
import type { FileLinks } from './file-links.js';
import type { OfferedFile } from '../../review/index.js';

export class TeamsCards {
  constructor(
    private readonly renderer: CardRenderer,
    private readonly calendarLinks: CalendarLinks,
    private readonly fileLinks?: FileLinks,
    /** What a link names: in a deployment of several trusts, the subject with its trust (tenancy.ts). */
    private readonly subjectOf: (subject: string) => string = (subject) => subject,
  ) {}

  card(view: CardView): CardJson {
    const calendarUrl = view.kind === 'decision' && view.decisionId ? this.calendarLinks.link(this.subjectOf(view.decisionId), view.ics.filename) : undefined;
    const links = this.fileLinks;
    const fileUrl = links ? (file: OfferedFile) => links.link({ ...file, subject: this.subjectOf(file.subject) }) : undefined;
    return this.renderer.render(view, { ...(calendarUrl ? { calendarUrl } : {}), ...(fileUrl ? { fileUrl } : {}) });
  }

  activity(view: CardView): Activity {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(this.card(view)));
    // Shown in notifications and the chat list, where a card has no text of its own.
    activity.summary = cardSummary(view);
    return activity;
  }
}
