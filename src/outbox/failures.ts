/**
 * Telling leadership that a message could not be delivered. The notice goes through the outbox
 * like any other message, keyed by the failed message, so it is sent once however often this runs.
 */
import type { Delivery, OutboundMessage } from '../review/outbound.js';
import type { NoticeView } from '../review/views.js';
import type { Store } from '../store/port.js';
import type { OutboxMessage } from '../store/records.js';
import type { OutboxLog } from './log.js';
import { payloadOf } from './payload.js';
import { PLATFORM_NAME } from './recipients.js';

export class FailureReporter {
  constructor(
    private readonly store: Store,
    private readonly send: (message: OutboundMessage) => Promise<Delivery>,
    private readonly log: OutboxLog,
  ) {}

  async report(message: OutboxMessage, reason: string): Promise<void> {
    const { view, recipient } = payloadOf(message);
    if (recipient.kind === 'leadership') {
      this.log.warn(`outbox: a message to the leadership channel could not be delivered (${message.idempotencyKey}): ${reason}`);
      return;
    }
    const trust = await this.store.getTrust();
    const person = trust?.people.find((p) => p.id === recipient.personId);
    const notice: NoticeView = {
      kind: 'notice',
      title: 'A message could not be delivered',
      lines: [
        `"${titleOf(view)}" to ${person?.name ?? recipient.personId} on ${PLATFORM_NAME[message.platform]} was not delivered: ${reason}.`,
        'It is kept, marked failed; /status for the school lists it. Check that the bot is still installed for them.',
      ],
      action: null,
    };
    const delivery = await this.send({ to: { kind: 'leadership' }, idempotencyKey: `undelivered:${message.id}`, view: notice });
    if (delivery.status === 'unreachable') this.log.warn(`outbox: ${message.idempotencyKey} failed (${reason}) and leadership cannot be told: ${delivery.detail}`);
  }
}

function titleOf(view: ReturnType<typeof payloadOf>['view']): string {
  if ('title' in view && typeof view.title === 'string') return view.title;
  if ('headline' in view && typeof view.headline === 'string') return view.headline;
  if ('school' in view && view.school) return `${view.kind} for ${view.school.name}`;
  return view.kind;
}
