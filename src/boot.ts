/**
 * Opens what every entry point needs: rubrics, the term calendar, the store (with a demo
 * trust seeded when it is empty) and the review context. Each problem names its file.
 *
 * TERMLY_DEMO chooses the demo trust an empty store is seeded with, by the name of its file
 * data/demo/<name>-trust.yaml: ethos (the default), four-stages, cmat, an-daras or
 * cat-excellence, each a trust running that rubric with three past terms of history. It is
 * read only when the store has no trust: to try another demo, point TERMLY_STORE at a new
 * file. An unknown value is refused, naming the variable, the value and the choices, before
 * anything is opened.
 */
import { DEFAULT_REVIEW_TIMING, loadCalendar, type ReviewTiming } from './calendar/index.js';
import type { ReviewContext } from './review/context.js';
import { withLeadershipFallback } from './review/leadership-fallback.js';
import type { Outbound } from './review/outbound.js';
import { loadRubrics } from './rubric/load.js';
import { watchStore, type StoreFaultError } from './store/fault.js';
import { openStore, type OpenedStore } from './store/open.js';
import type { Store } from './store/port.js';
import { chosenDemo } from './trust/choice.js';
import { seedDemo, type DemoSeedResult } from './trust/demo.js';
import { demoTrustFile, loadDemoTrust } from './trust/demo-file.js';
import { openDemoWindow, seedDemoCentralLines } from './trust/demo-window.js';

export interface Booted {
  ctx: ReviewContext;
  store: OpenedStore;
  /** Set when the store was empty and the demo trust was written into it. */
  demo: DemoSeedResult | null;
  /** The names of the trusts served: one, or every trust a database holds (`allTrusts`). */
  trustNames(): Promise<string[]>;
}

export interface BootOptions {
  env: Record<string, string | undefined>;
  outbound: Outbound;
  now?: () => Date;
  /** Overrides TERMLY_STORE. */
  storeFile?: string;
  windowConfig?: ReviewTiming;
  /** Seed the demo trust TERMLY_DEMO names into an empty store: local mode and `demo seed` only, never by default. */
  seedDemo?: boolean;
  /** Local mode: a demo seeded now starts with this term's review window open. */
  openDemoWindow?: boolean;
  /**
   * Called once when the store fails while running (corrupt, unreadable, refusing writes); from
   * then on every store call is refused (see store/fault.ts). Without it, errors pass as they are.
   */
  onStoreFault?: (fault: StoreFaultError, cause: unknown) => void;
  /**
   * The bot: on a database (unless TERMLY_TRUST names one trust), serve every trust it holds,
   * each request routed to its trust (src/tenancy/). The context's `trusts` is then set.
   */
  allTrusts?: boolean;
}

export async function boot(options: BootOptions): Promise<Booted> {
  const demoName = chosenDemo(options.env);
  const rubrics = loadRubrics();
  const calendar = loadCalendar(options.env.TERMLY_CALENDAR || undefined);
  // A database with no trust yet is opened for the demo trust about to be seeded into it.
  const seeding = options.seedDemo === true ? loadDemoTrust(demoTrustFile(demoName)).trust.id : undefined;
  const opened = await openStore({
    env: options.env, ...(options.storeFile ? { file: options.storeFile } : {}), ...(seeding ? { seeding } : {}), ...(options.allTrusts ? { allTrusts: true } : {}),
  });
  const now = options.now ?? (() => new Date());
  const deployment = opened.deployment;
  let demo: DemoSeedResult | null = null;
  if (deployment) {
    // Several trusts: an empty database gets the demo trust, seeded within its own scope.
    if (seeding && (await deployment.ids()).length === 0) demo = await deployment.within(seeding, () => seedDemo(opened.store, rubrics, now(), demoName));
  } else if (!(await opened.store.getTrust())) {
    opened.checkEmptyStart();
    if (options.seedDemo === true) demo = await seedDemo(opened.store, rubrics, now(), demoName);
  }
  const store: Store = options.onStoreFault ? watchStore(opened.store, options.onStoreFault) : opened.store;
  const ctx: ReviewContext = {
    store,
    rubrics,
    calendar,
    windowConfig: options.windowConfig ?? DEFAULT_REVIEW_TIMING,
    now,
    outbound: withLeadershipFallback(options.outbound, store),
    ...(deployment ? { trusts: deployment } : {}),
  };
  if (demo?.seeded) {
    const seeded = async () => {
      await seedDemoCentralLines(ctx);
      if (options.openDemoWindow) await openDemoWindow(ctx);
    };
    await (deployment && demo.trustId ? deployment.within(demo.trustId, seeded) : seeded());
  }
  const trustNames = async () => (deployment ? (await deployment.trusts()).map((t) => t.name) : [(await store.getTrust())?.name].filter((n): n is string => !!n));
  return { ctx, store: opened, demo, trustNames };
}
