/**
 * A review context per test on a copy of a demo trust seeded once per file: the real rubrics,
 * calendar and store code, a fixed clock inside the 2026-27 autumn term, and a recording outbound.
 */
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { systemActor, type Actor, type Identity } from '../../src/review/actor.js';
import type { ReviewContext } from '../../src/review/context.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { MemoryStore } from '../../src/store/memory.js';
import { createReviewService } from '../../src/review/service.js';
import type { Decision, StoreData, Trust } from '../../src/store/records.js';
import { seedDemo } from '../../src/trust/demo.js';
import { seedDemoCentralLines } from '../../src/trust/demo-window.js';
import { RecordingOutbound } from '../review/harness.js';

export const NOW = new Date('2026-11-30T10:00:00Z');
export const rubrics = loadRubrics();
const calendar = loadCalendar();


const seeded = new Map<string, Promise<StoreData>>();

function seededDocument(demo: string): Promise<StoreData> {
  let document = seeded.get(demo);
  if (!document) {
    document = (async () => {
      const store = new MemoryStore();
      await seedDemo(store, rubrics, NOW, demo);
      await seedDemoCentralLines({ store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound: new RecordingOutbound() });
      return structuredClone(await store.document());
    })();
    seeded.set(demo, document);
  }
  return document;
}

export interface Demo {
  ctx: ReviewContext;
  store: MemoryStore;
  outbound: RecordingOutbound;
  trust: Trust;
  leadership: Actor;
  document(): Promise<StoreData>;
}

export async function demo(name = 'ethos'): Promise<Demo> {
  const store = new MemoryStore(structuredClone(await seededDocument(name)));
  const outbound = new RecordingOutbound();
  const ctx: ReviewContext = { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound };
  return { ctx, store, outbound, trust: (await store.getTrust())!, leadership: systemActor('Test'), document: () => store.document().then((d) => structuredClone(d)) };
}

const CEO: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000020' };
const ENGAGE_HEAD: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000022' };
const ETHOS_COLLEGE_HEAD: Identity = { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000024' };

/**
 * Enrich Academy's latest decision (Summer term 2025-26) paired as the CEO and the peer heads
 * would in chat: Sickness Absence Levels with Ethos College, whose head accepts; Financial
 * Planning with Engage Academy, whose head says not now.
 */
export async function pairEnrich(d: Demo): Promise<Decision> {
  const service = createReviewService(d.ctx);
  const decision = (await d.store.listDecisions({ schoolId: 'enrich-academy' })).at(-1)!;
  for (const [area, peerSchoolId, head, answer] of [
    ['sickness_absence', 'ethos-college', ETHOS_COLLEGE_HEAD, 'accepted'],
    ['financial_planning', 'engage-academy', ENGAGE_HEAD, 'declined'],
  ] as const) {
    const paired = await service.handleAction(CEO, 'pairing.confirm', { decisionId: decision.id, area, peerSchoolId });
    if (paired.kind !== 'decision') throw new Error(`pairing ${area} with ${peerSchoolId}: ${JSON.stringify(paired)}`);
    const answered = await service.handleAction(head, 'pairing.answer', { decisionId: decision.id, area, answer });
    if (answered.kind !== 'notice') throw new Error(`answering ${area}: ${JSON.stringify(answered)}`);
  }
  return decision;
}
