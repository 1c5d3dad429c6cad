/** A review context on the real rubrics, calendar and demo trust, with a set clock and a recording outbound. */
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import type { ReviewContext } from '../../src/review/context.js';
import type { Delivery, Outbound, OutboundMessage } from '../../src/review/outbound.js';
import { conversationKey } from '../../src/review/outbound.js';
import { createReviewService } from '../../src/review/service.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { MemoryStore } from '../../src/store/memory.js';
import { seedDemoTrust } from '../../src/trust/demo.js';
import { seedDemoCentralLines } from '../../src/trust/demo-window.js';

export const CEO = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000020' } as const;
export const REACH_HEAD = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000021' } as const;
export const ENGAGE_HEAD = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000022' } as const;
export const STRANGER = { platform: 'teams', aadObjectId: '99999999-0000-0000-0000-000000000000' } as const;

/** Records what would be sent; people listed in `unreachable` have no conversation yet. */
export class RecordingOutbound implements Outbound {
  readonly sent: OutboundMessage[] = [];
  readonly keys = new Set<string>();
  constructor(readonly unreachable = new Set<string>()) {}
  async send(message: OutboundMessage): Promise<Delivery> {
    if (this.unreachable.has(conversationKey(message.to))) return { status: 'unreachable', detail: 'no conversation with the bot yet' };
    if (this.keys.has(message.idempotencyKey)) return { status: 'sent' };
    this.keys.add(message.idempotencyKey);
    this.sent.push(message);
    return { status: 'sent' };
  }
  toLeadership() {
    return this.sent.filter((m) => m.to.kind === 'leadership').map((m) => m.view);
  }
}

export async function demoContext(start = '2026-11-30T09:00:00Z', unreachable: string[] = []) {
  let now = new Date(start);
  const outbound = new RecordingOutbound(new Set(unreachable));
  const store = new MemoryStore();
  const rubrics = loadRubrics();
  const ctx: ReviewContext = {
    store, rubrics, calendar: loadCalendar(), windowConfig: DEFAULT_REVIEW_TIMING, now: () => now, outbound,
  };
  await seedDemoTrust(store, rubrics.get('ethos')!, now);
  await seedDemoCentralLines(ctx);
  return {
    ctx, store, outbound, service: createReviewService(ctx),
    setNow: (iso: string) => { now = new Date(iso); },
  };
}
