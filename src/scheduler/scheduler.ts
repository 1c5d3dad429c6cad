/**
 * Runs the plan: `tick(now)` runs every job that has fallen due and has not run, once. Each
 * run is recorded in the store (as the job's id) before and after it runs, so a job finished
 * is never run again, and one cut short by a crash runs again on the next start (its
 * use-case sends only what the first run did not).
 *
 * Catching up after the bot was not running:
 *   - a job past its `validUntil` is not run late: an opening is recorded `missed` (and
 *     leadership told while the term runs), other jobs `skipped`;
 *   - of several reminders for one window that fell due, only the latest goes;
 *   - a window opening late carries its own deadline: reminders due with it are skipped.
 */
import { reportMissedOpening, runJob } from '../review/jobs.js';
import type { ReviewContext } from '../review/context.js';
import { rubricOf } from '../review/lookups.js';
import { ensureWindows } from '../review/windows.js';
import type { JobRun, ReviewWindow, Trust } from '../store/records.js';
import { DEFAULT_SCHEDULE, type ScheduleSettings } from './config.js';
import { planJobs, reviewTermsOf, type Plan, type PlannedJob } from './plan.js';

export interface SchedulerLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface SchedulerOptions {
  ctx: ReviewContext;
  settings?: ScheduleSettings;
  /** A job that throws is tried again at later ticks, up to this many runs in all. */
  maxJobAttempts?: number;
  log?: SchedulerLog;
}

export interface JobReport {
  id: string;
  kind: PlannedJob['kind'];
  state: JobRun['state'];
  outcome: string;
}

export interface TickReport {
  at: Date;
  /** Each job this tick ran, skipped or recorded as missed, in order. */
  jobs: JobReport[];
}

export interface Scheduler {
  /** Runs every job due at `now` (default: the context's clock) that has not run. One tick at a time. */
  tick(now?: Date): Promise<TickReport>;
  /** The jobs planned from the store's windows, in order. */
  plan(): Promise<PlannedJob[]>;
}

const FINISHED = new Set<JobRun['state']>(['done', 'skipped', 'missed']);

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { ctx } = options;
  const settings = options.settings ?? DEFAULT_SCHEDULE;
  const maxAttempts = options.maxJobAttempts ?? 3;
  const log = options.log ?? { info: () => undefined, warn: () => undefined };
  let chain: Promise<unknown> = Promise.resolve();
  /** Each trust's plan (one deployment may serve several), by trust id. */
  const memos = new Map<string, { key: string; plan: Plan }>();

  /** The plan changes only when the windows or the rubric's cadence do: it is made once per change, not per tick. */
  async function planFor(at: ReviewContext, trust: Trust): Promise<Plan> {
    const windows: ReviewWindow[] = await ensureWindows(at);
    const reviewTerms = reviewTermsOf(rubricOf(at, trust));
    const key = JSON.stringify([reviewTerms, windows.map((w) => [w.id, w.academicYear, w.term, w.opensOn, w.closesOn])]);
    if (memos.get(trust.id)?.key !== key) memos.set(trust.id, { key, plan: planJobs({ calendar: at.calendar, windows, settings, reviewTerms }) });
    return memos.get(trust.id)!.plan;
  }

  async function plan(): Promise<PlannedJob[]> {
    const trust = await ctx.store.getTrust();
    return trust ? (await planFor(ctx, trust)).jobs : [];
  }

  /**
   * The trust's due jobs, run holding the trust's scheduler lock in the store: replicas sharing
   * a database each tick, and the one holding the lock runs what is due (the others find it held
   * and leave it); a replica that dies holding it lets it go, and its job, left `running`, runs
   * again at the next tick (as after a restart).
   */
  async function runDue(now: Date): Promise<TickReport> {
    const held = await ctx.store.withLock('scheduler', () => runDueLocked(now));
    return held.ran ? held.value : { at: now, jobs: [] };
  }

  async function runDueLocked(now: Date): Promise<TickReport> {
    const report: TickReport = { at: now, jobs: [] };
    // The use-cases see the tick's time, so a run records when it was due to happen.
    const at: ReviewContext = { ...ctx, now: () => now };
    const trust = await at.store.getTrust();
    if (!trust) return report;
    const fresh = memos.get(trust.id);
    const { jobs, warnings } = await planFor(at, trust);
    if (memos.get(trust.id) !== fresh) for (const w of warnings) log.warn(`scheduler: ${w}`);
    const runs = new Map((await at.store.listJobRuns()).map((r) => [r.id, r]));
    const due = jobs.filter((j) => j.at <= now && !isSettled(runs.get(j.id)));
    const decisions = decide(due, now);

    for (const job of due) {
      const decision = decisions.get(job.id)!;
      if (decision.kind !== 'run') {
        const outcome = decision.kind === 'missed' && job.kind === 'open' && decision.reportable ? await reportMissedOpening(at, job) : decision.reason;
        await record(at, job, runs.get(job.id), decision.kind, outcome, now);
        report.jobs.push({ id: job.id, kind: job.kind, state: decision.kind, outcome });
        continue;
      }
      const previous = runs.get(job.id);
      const attempts = (previous?.attempts ?? 0) + 1;
      const started: JobRun = { id: job.id, kind: job.kind, dueAt: job.at.toISOString(), state: 'running', attempts, startedAt: now.toISOString() };
      const { saved } = await at.store.saveJobRun(started);
      if (!saved) continue; // finished meanwhile (another process): never twice
      try {
        const result = await runJob(at, trust, job);
        await at.store.saveJobRun({ ...started, state: result.state, finishedAt: now.toISOString(), outcome: result.outcome });
        report.jobs.push({ id: job.id, kind: job.kind, state: result.state, outcome: result.outcome });
        log.info(`scheduler: ${job.id} ${result.state}: ${result.outcome}`);
      } catch (e) {
        const error = (e as Error).message;
        await at.store.saveJobRun({ ...started, state: 'failed', finishedAt: now.toISOString(), lastError: error });
        report.jobs.push({ id: job.id, kind: job.kind, state: 'failed', outcome: error });
        log.warn(`scheduler: ${job.id} failed (run ${attempts} of ${maxAttempts}): ${error}`);
        if (attempts >= maxAttempts) await reportGaveUp(at, job, attempts, error);
      }
    }
    return report;
  }

  function isSettled(run: JobRun | undefined): boolean {
    return !!run && (FINISHED.has(run.state) || (run.state === 'failed' && run.attempts >= maxAttempts));
  }

  /** One trust's due jobs; in a deployment of several, each trust's in turn, within its scope. */
  async function runDueEverywhere(now: Date): Promise<TickReport> {
    const trusts = ctx.trusts;
    if (!trusts) return runDue(now);
    const report: TickReport = { at: now, jobs: [] };
    for (const trustId of await trusts.ids()) {
      try {
        report.jobs.push(...(await trusts.within(trustId, () => runDue(now))).jobs);
      } catch (e) {
        // One trust's failure leaves the others' jobs to run.
        log.warn(`scheduler: the tick for trust ${trustId} failed: ${(e as Error).message}`);
      }
    }
    return report;
  }

  return {
    tick(now?: Date) {
      const run = chain.then(() => runDueEverywhere(now ?? ctx.now()));
      chain = run.catch(() => undefined);
      return run;
    },
    plan,
  };
}

type Decision = { kind: 'run' } | { kind: 'skipped'; reason: string } | { kind: 'missed'; reason: string; reportable: boolean };

/** Which of the jobs due now run, and why the others do not. */
function decide(due: PlannedJob[], now: Date): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  const late = (job: PlannedJob) => job.validUntil !== null && now >= job.validUntil;
  for (const job of due) {
    if (!late(job)) decisions.set(job.id, { kind: 'run' });
    else if (job.kind === 'open') {
      // Reported while the window's closing is still ahead; a term long gone is recorded quietly.
      const close = due.find((j) => j.windowId === job.windowId && j.kind === 'close');
      decisions.set(job.id, { kind: 'missed', reason: `not opened: the bot was not running from ${job.at.toISOString()} until after its deadline`, reportable: !close });
    } else decisions.set(job.id, { kind: 'skipped', reason: `not sent late: the bot was not running at ${job.at.toISOString()}, and a later step has come due` });
  }
  const running = (job: PlannedJob) => decisions.get(job.id)?.kind === 'run';
  for (const job of due) {
    if (!running(job) || (job.kind !== 'nudge' && job.kind !== 'half-term')) continue;
    const opening = due.find((j) => j.windowId === job.windowId && j.kind === 'open' && running(j));
    const laterNudge = due.find((j) => j.windowId === job.windowId && j.kind === 'nudge' && running(j) && j.at > job.at);
    if (opening) decisions.set(job.id, { kind: 'skipped', reason: 'the window opened late, at the same time: its opening message gives the deadline' });
    else if (laterNudge && job.kind === 'nudge') decisions.set(job.id, { kind: 'skipped', reason: `superseded by the later reminder ${laterNudge.id}` });
  }
  return decisions;
}

async function record(ctx: ReviewContext, job: PlannedJob, previous: JobRun | undefined, state: 'skipped' | 'missed', outcome: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await ctx.store.saveJobRun({ id: job.id, kind: job.kind, dueAt: job.at.toISOString(), state, attempts: previous?.attempts ?? 1, startedAt: at, finishedAt: at, outcome });
}

async function reportGaveUp(ctx: ReviewContext, job: PlannedJob, attempts: number, error: string): Promise<void> {
  await ctx.outbound.send({
    to: { kind: 'leadership' },
    idempotencyKey: `job-failed:${job.id}`,
    view: {
      kind: 'notice',
      title: 'A scheduled step did not run',
      lines: [`"${job.id}", due ${job.at.toISOString()}, failed ${attempts} times: ${error}.`, 'It will not be tried again on its own; the /review and /remind commands do the same by hand.'],
      action: null,
    },
  }).catch(() => undefined);
}
