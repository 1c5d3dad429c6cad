/**
 * A review context per test on a copy of a demo trust seeded once per file: the real rubrics,
 * calendar and store code, a fixed clock inside the 2026-27 autumn term, and a recording outbound.
 */
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import { systemActor, type Actor } from '../../src/review/actor.js';
import type { ReviewContext } from '../../src/review/context.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { StoreData, Trust } from '../../src/store/records.js';
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
