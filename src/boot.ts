/**
 * Opens what every entry point needs: rubrics, the term calendar, the store (with the demo
 * trust seeded when it is empty) and the review context. Each problem names its file.
 */
import { DEFAULT_REVIEW_TIMING, loadCalendar, type ReviewTiming } from './calendar/index.js';
import type { ReviewContext } from './review/context.js';
import type { Outbound } from './review/outbound.js';
import { loadRubrics } from './rubric/load.js';
import { openStore, type OpenedStore } from './store/open.js';
import { seedDemoTrust, type DemoSeedResult } from './trust/demo.js';
import { seedDemoCentralLines } from './trust/demo-window.js';

export interface Booted {
  ctx: ReviewContext;
  store: OpenedStore;
  /** Set when the store was empty and the demo trust was written into it. */
  demo: DemoSeedResult | null;
}

export interface BootOptions {
  env: Record<string, string | undefined>;
  outbound: Outbound;
  now?: () => Date;
  /** Overrides TERMLY_STORE. */
  storeFile?: string;
  windowConfig?: ReviewTiming;
  /** Seed the demo trust into an empty store (local mode, the CLI). */
  seedDemo?: boolean;
}

export async function boot(options: BootOptions): Promise<Booted> {
  const rubrics = loadRubrics();
  const calendar = loadCalendar(options.env.TERMLY_CALENDAR || undefined);
  const opened = await openStore({ env: options.env, ...(options.storeFile ? { file: options.storeFile } : {}) });
  const now = options.now ?? (() => new Date());
  let demo: DemoSeedResult | null = null;
  if (options.seedDemo !== false && !(await opened.store.getTrust())) {
    const rubric = rubrics.get('ethos');
    if (!rubric) throw new Error('The demo trust runs the ethos rubric, which is missing from rubrics/.');
    demo = await seedDemoTrust(opened.store, rubric, now());
  }
  const ctx: ReviewContext = {
    store: opened.store,
    rubrics,
    calendar,
    windowConfig: options.windowConfig ?? DEFAULT_REVIEW_TIMING,
    now,
    outbound: options.outbound,
  };
  if (demo?.seeded) await seedDemoCentralLines(ctx);
  return { ctx, store: opened, demo };
}
