/** A review context on the real rubrics, calendar and demo trust, with a set clock and a recording outbound. */
import type { ProposalView, QuestionnaireView, View } from '../../src/review/views.js';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import type { ReviewContext } from '../../src/review/context.js';
import type { Delivery, Outbound, OutboundMessage } from '../../src/review/outbound.js';
import { conversationKey } from '../../src/review/outbound.js';
import { createReviewService } from '../../src/review/service.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { MemoryStore } from '../../src/store/memory.js';
import { seedDemo, seedDemoTrust } from '../../src/trust/demo.js';
import type { Calendar } from '../../src/calendar/index.js';
import type { Rubric } from '../../src/rubric/schema.js';
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

let shared: { rubrics: ReadonlyMap<string, Rubric>; calendar: Calendar } | undefined;
/** The rubrics and the term calendar, loaded once per test file (each file has its own modules). */
export const loadedOnce = () => (shared ??= { rubrics: loadRubrics(), calendar: loadCalendar() });

/** A demo trust (by its file's name) as the bot has it after seeding an empty store, its messages recorded. */
export async function seededDemo(demo: string, start: string) {
  const { rubrics, calendar } = loadedOnce();
  const now = new Date(start);
  const outbound = new RecordingOutbound();
  const store = new MemoryStore();
  const ctx: ReviewContext = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => now, outbound };
  await seedDemo(store, rubrics, now, demo);
  await seedDemoCentralLines(ctx);
  return { ctx, store, outbound, trust: (await store.getTrust())!, service: createReviewService(ctx) };
}

/** Figures a head of a school that needs closer support would type. */
export const FIGURES: Record<string, number> = {
  attendance: 68, value_added: 4, persistent_absence: 80, severe_absence: 30, suspension_rate: 140,
  repeat_suspensions: 12, partial_timetables: 15, serious_incident_rate: 350, rpi_rate: 250,
  reading_progress: 45, writing_progress: 40, maths_progress: 38,
};

/**
 * The card values a head would send for a step: every area rated (safeguarding Assured), every
 * statement met, every figure typed (by default the figures above).
 */
export function fill(view: QuestionnaireView, rating = 'not_yet_assured', figure: (indicatorId: string) => string = (id) => String(FIGURES[id])): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const item of view.items) {
    if (item.kind === 'area') {
      values[item.key] = item.areaId === 'safeguarding' ? 'assured' : rating;
      for (const s of item.statements) values[s.key] = 'met';
    } else if (item.kind === 'indicator') {
      values[item.key] = figure(item.indicatorId);
    }
  }
  return values;
}


/**
 * The head of Reach Academy answers every step as `fill` does and submits, in the open window
 * (opened here when none is): the proposal leadership gets.
 */
export async function completeReview(service: ReturnType<typeof createReviewService>, outbound: RecordingOutbound): Promise<ProposalView> {
  await service.handleText(CEO, '/review open');
  let view: View = await service.handleText(REACH_HEAD, 'review');
  while (view.kind === 'questionnaire') view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: view.school.id, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view) });
  if (view.kind !== 'summary') throw new Error(`expected the summary, got ${JSON.stringify(view).slice(0, 300)}`);
  await service.handleAction(REACH_HEAD, 'review.submit', { schoolId: view.school.id, windowId: view.window.id, version: view.version });
  const proposal = outbound.toLeadership().filter((v): v is ProposalView => v.kind === 'proposal').at(-1);
  if (!proposal) throw new Error('no proposal reached leadership');
  return proposal;
}
