/** The demo trust on the shipped calendar, with the durable outbox, a fake clock and a fake Teams, for the scheduler's tests. */
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { createOutbox, type Outbox } from '../../src/outbox/index.js';
import type { ReviewContext } from '../../src/review/context.js';
import type { Outbound } from '../../src/review/outbound.js';
import { createReviewService } from '../../src/review/service.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/port.js';
import { seedDemoTrust } from '../../src/trust/demo.js';
import { seedDemoCentralLines } from '../../src/trust/demo-window.js';
import { connectEveryone, FakeClock, FakePlatform, seeded } from '../outbox/fakes.js';

export const CEO = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000020' } as const;
export const REACH_HEAD = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000021' } as const;

const rubrics = loadRubrics();
export const calendar = loadCalendar();

export interface Harness {
  clock: FakeClock;
  store: Store;
  teams: FakePlatform;
  outbox: Outbox;
  ctx: ReviewContext;
  scheduler: ReturnType<typeof createScheduler>;
}

/** The demo trust seeded into `store` (new: a MemoryStore) at `start`, every person and the leadership channel connected. */
export async function demoHarness(start: string, options: { store?: Store; clock?: FakeClock; teams?: FakePlatform; seed?: boolean; wrap?: (outbound: Outbound) => Outbound } = {}): Promise<Harness> {
  const clock = options.clock ?? new FakeClock(start);
  const store = options.store ?? new MemoryStore();
  const teams = options.teams ?? new FakePlatform('teams', clock);
  const outbox = createOutbox({ store, calendar, deliverers: [teams], now: clock.now, sleep: clock.sleep, random: seeded(1) });
  const outbound = options.wrap ? options.wrap(outbox) : outbox;
  const ctx: ReviewContext = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: clock.now, outbound };
  if (options.seed !== false) {
    await seedDemoTrust(store, rubrics.get('ethos')!, clock.now());
    await seedDemoCentralLines(ctx);
    await connectEveryone(store, (await store.getTrust())!);
  }
  return { clock, store, teams, outbox, ctx, scheduler: createScheduler({ ctx }) };
}

export function service(h: Harness) {
  return createReviewService(h.ctx);
}

/** Marks a school's review submitted (as the questionnaire would), keeping any saved draft's answers. */
export async function submit(h: Harness, schoolId: string, windowId: string): Promise<void> {
  const at = h.clock.now().toISOString();
  const draft = await h.store.getSubmission(schoolId, windowId);
  await h.store.saveSubmission({
    id: draft?.id ?? `${windowId}:${schoolId}`, schoolId, windowId, rubricId: 'ethos', state: 'submitted',
    answers: draft?.answers ?? { ratings: {}, indicators: {}, statements: {}, notes: {} },
    version: (draft?.version ?? 0) + 1, updatedAt: at, updatedBy: `head-${schoolId}`, submittedAt: at, submittedBy: `head-${schoolId}`,
  }, draft?.version ?? 0, { at, actor: `head-${schoolId}`, action: 'submission.submitted', subject: `submission:${windowId}:${schoolId}` });
}
