/**
 * `demo seed`: fills an empty store with a demo trust. With `--trust` alone, that demo trust as
 * `npm start` seeds it in local mode; with `--schools` / `--years`, a synthetic trust of that size
 * on the demo's rubric, for measurement (src/trust/synthetic.ts), written in one store write.
 */
import { boot } from '../../boot.js';
import { loadRubrics } from '../../rubric/load.js';
import { openStore } from '../../store/open.js';
import type { ImportRecord } from '../../store/port.js';
import type { AuditInput } from '../../store/records.js';
import { DEFAULT_DEMO, demoNames, demoTrustFile, loadDemoTrust } from '../../trust/demo-file.js';
import { planSyntheticHistory } from '../../trust/synthetic.js';
import { noChat } from '../trust.js';
import { inputError, usageError, type CliIo } from '../io.js';


/** Big enough for any trust we know of, small enough to finish. */
const MAX_SCHOOLS = 5000;
const MAX_YEARS = 30;

export interface DemoSeedOptions {
  positionals: string[];
  trust?: string;
  schools?: string;
  years?: string;
  seed?: string;
}

export async function demoCommand(opts: DemoSeedOptions, io: CliIo): Promise<void> {
  if (opts.positionals[0] !== 'seed' || opts.positionals.length > 1) {
    throw usageError('usage: demo seed [--trust ethos|four-stages|cmat|an-daras|cat-excellence] [--schools <n> --years <n> --seed <k>]');
  }
  const names = demoNames();
  const name = (opts.trust ?? DEFAULT_DEMO).trim().toLowerCase();
  if (!names.includes(name)) throw inputError(`--trust: "${opts.trust}" is not a demo trust; choose one of: ${names.join(', ')}`);
  const synthetic = opts.schools !== undefined || opts.years !== undefined || opts.seed !== undefined;
  const demo = loadDemoTrust(demoTrustFile(name));
  const schools = whole('--schools', opts.schools, demo.trust.schools.length, demo.trust.schools.length, MAX_SCHOOLS,
    `at least the demo trust's own ${demo.trust.schools.length} schools`);
  const years = whole('--years', opts.years, 1, 1, MAX_YEARS, 'from 1');
  const seed = opts.seed?.trim() || '1';

  const opened = await openStore({ env: io.env, seeding: demo.trust.id });
  const existing = await opened.store.getTrust();
  if (existing) {
    throw inputError(`the store ${opened.location} already holds the trust "${existing.name}"; demo seed fills an empty store only (point TERMLY_STORE at a new file)`);
  }

  const started = performance.now();
  if (!synthetic) {
    const { demo: seeded } = await boot({ env: { ...io.env, TERMLY_DEMO: name }, outbound: noChat, seedDemo: true });
    io.out(`Seeded ${opened.location} with the ${name} demo trust: ${seeded?.windows ?? 0} past windows, ${seeded?.reviews ?? 0} reviews, ${seeded?.decisions ?? 0} decisions.`);
    return;
  }
  const rubric = loadRubrics().get(demo.trust.rubricId);
  if (!rubric) throw inputError(`the ${name} demo trust runs the "${demo.trust.rubricId}" rubric, which is not in rubrics/`);
  const now = new Date();
  const plan = planSyntheticHistory(demo, rubric, now, { schools, years, seed });
  const audit = (at: string, action: string, subject: string, detail: Record<string, unknown> = {}): AuditInput => ({
    at, actor: 'system', action, subject, detail: { source: 'demo seed', ...detail },
  });
  // Every record as it happened, in time order, so the audit log reads as the history did.
  const events: { at: string; record: ImportRecord }[] = plan.windows.map((w) => ({
    at: w.closedAt!, record: { kind: 'window', record: w, audit: audit(w.closedAt!, 'window.closed', `window:${w.id}`) },
  }));
  let decisions = 0;
  let reviews = 0;
  for (const terms of plan.schools.values()) {
    for (const { submission, evaluation, decision } of terms) {
      reviews++;
      events.push({ at: submission.submittedAt!, record: { kind: 'submission', record: submission, audit: audit(submission.submittedAt!, 'submission.submitted', `submission:${submission.id}`) } });
      events.push({ at: evaluation.at, record: { kind: 'evaluation', record: evaluation, audit: audit(evaluation.at, 'evaluation.added', `submission:${submission.id}`, { evaluation: evaluation.id }) } });
      if (!decision) continue;
      decisions++;
      events.push({
        at: decision.decidedAt,
        record: { kind: 'decision', record: decision, audit: audit(decision.decidedAt, `decision.${decision.kind}`, `decision:${decision.id}`, { category: decision.category, proposed: decision.proposed, previous: decision.previous }) },
      });
    }
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const records = [...events.map((e) => e.record), { kind: 'trust' as const, record: plan.trust, audit: audit(now.toISOString(), 'trust.created', `trust:${plan.trust.id}`) }];
  await opened.store.importRecords(records);
  // Written as one snapshot, so the store opens as a long-running one would after compaction.
  await opened.compact();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`Seeded ${opened.location} with a synthetic ${name} trust (seed ${seed}): ${schools} schools, ${years} year${years === 1 ? '' : 's'}, ${plan.windows.length} past windows, ${reviews} reviews, ${decisions} decisions, in ${seconds} s.`);
}

function whole(option: string, value: string | undefined, fallback: number, min: number, max: number, range: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw inputError(`${option}: expected a whole number ${range} up to ${max}, found "${value}"`);
  }
  return n;
}
