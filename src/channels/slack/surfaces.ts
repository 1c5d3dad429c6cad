/**
 * A view as Slack shows it on each surface: a message (chat.postMessage, chat.update, a
 * response_url), a modal, or the Home tab, with the signed links a view carries (calendar files,
 * pictures, reports) made by the shared web routes, as the Teams door's cards carry them.
 */
import type { types } from '@slack/bolt';
import type { CardView } from '../../cards/index.js';
import type { OfferedFile } from '../../review/index.js';
import type { WebLinks } from '../../web/index.js';
import { renderMessage, type SlackMessage, type SlackRenderOptions } from './blocks.js';
import { homeView, modalView } from './modal.js';

export class SlackSurfaces {
  constructor(private readonly links: WebLinks) {}

  #options(view: CardView): SlackRenderOptions {
    const calendarUrl = view.kind === 'decision' && view.decisionId ? this.links.calendar.link(view.decisionId, view.ics.filename) : undefined;
    return { ...(calendarUrl ? { calendarUrl } : {}), fileUrl: (file: OfferedFile) => this.links.files.link(file) };
  }

  message(view: CardView): SlackMessage {
    return renderMessage(view, this.#options(view));
  }

  modal(view: CardView): types.ModalView {
    return modalView(view, this.#options(view));
  }

  home(views: CardView[]): types.HomeView {
    return homeView(views, { fileUrl: (file: OfferedFile) => this.links.files.link(file) });
  }
}
