/**
 * Seeds a demo trust into an empty store: the trust, its people, and three past terms of
 * history (decided categories, or for a rubric without categories submitted reviews), so
 * `/status` has something to show on first run. Records are written oldest first and the trust
 * last; a store that already has a trust is left alone, and a seed cut short is finished on the
 * next run (records already there are skipped).
 */
import type { Rubric } from '../rubric/schema.js';
import type { Store } from '../store/port.js';
import type { AuditInput } from '../store/records.js';
import { checkAgainstRubric, DEFAULT_DEMO, DEMO_DIR, DEMO_TRUST_FILE, demoTrustFile, DemoTrustError, loadDemoTrust } from './demo-file.js';
import { planDemoHistory } from './history.js';

const SYSTEM = 'system';

export interface DemoSeedResult {
  seeded: boolean;
  trustId: string | null;
  windows: number;
  /** Past reviews submitted (one per school and term). */
  reviews: number;
  decisions: number;
}

/**
 * Seeds the demo trust `name` (<dir>/<name>-trust.yaml, data/demo by default), running the rubric its file names.
 * The rubric must be among `rubrics`; the error names the file and the rubrics on offer.
 */
export async function seedDemo(
  store: Store, rubrics: ReadonlyMap<string, Rubric>, now: Date, name: string = DEFAULT_DEMO, dir: string = DEMO_DIR,
): Promise<DemoSeedResult> {
  const existing = await store.getTrust();
  if (existing) return { seeded: false, trustId: existing.id, windows: 0, reviews: 0, decisions: 0 };
  const file = demoTrustFile(name, dir);
  const demo = loadDemoTrust(file);
  const rubric = rubrics.get(demo.trust.rubricId);
  if (!rubric) {
    throw new DemoTrustError(file, [`trust.rubricId: "${demo.trust.rubricId}" is not a rubric in rubrics/ (available: ${[...rubrics.keys()].join(', ')})`]);
  }
  return seedDemoTrust(store, rubric, now, file);
}

export async function seedDemoTrust(store: Store, rubric: Rubric, now: Date, file: string = DEMO_TRUST_FILE): Promise<DemoSeedResult> {
  const existing = await store.getTrust();
  if (existing) return { seeded: false, trustId: existing.id, windows: 0, reviews: 0, decisions: 0 };

  const demo = loadDemoTrust(file);
  if (rubric.id !== demo.trust.rubricId) {
    throw new DemoTrustError(file, [`trust.rubricId: the demo trust runs the "${demo.trust.rubricId}" rubric, but the "${rubric.id}" rubric was given`]);
  }
  const problems = checkAgainstRubric(demo, rubric);
  if (problems.length > 0) throw new DemoTrustError(file, problems);
  const history = planDemoHistory(demo, rubric, now);
  const audit = (at: string, action: string, subject: string, detail: Record<string, unknown> = {}): AuditInput => ({
    at, actor: SYSTEM, action, subject, detail: { source: 'demo', ...detail },
  });

  // Every write as it happened, in time order, so the audit log reads as the history did.
  const events: { at: string; write: () => Promise<void> }[] = [];
  const windowIds = new Set((await store.listWindows()).map((w) => w.id));
  for (const window of history.windows) {
    if (windowIds.has(window.id)) continue;
    events.push({ at: window.closedAt!, write: () => store.saveWindow(window, audit(window.closedAt!, 'window.closed', `window:${window.id}`)) });
  }
  let reviews = 0;
  let decisions = 0;
  for (const terms of history.schools.values()) {
    for (const { submission, evaluation, decision } of terms) {
      reviews++;
      const { schoolId, windowId } = submission;
      if (!(await store.getSubmission(schoolId, windowId))) {
        events.push({ at: submission.submittedAt!, write: () => store.saveSubmission(submission, 0, audit(submission.submittedAt!, 'submission.submitted', `submission:${submission.id}`)) });
      }
      if (!(await store.latestEvaluation(schoolId, windowId))) {
        events.push({ at: evaluation.at, write: () => store.addEvaluation(evaluation, audit(evaluation.at, 'evaluation.added', `submission:${submission.id}`, { evaluation: evaluation.id })) });
      }
      if (!decision) continue;
      decisions++;
      if ((await store.listDecisions({ schoolId, windowId })).length === 0) {
        const detail = { category: decision.category, proposed: decision.proposed, previous: decision.previous, ...(decision.priorities.length ? { priorities: decision.priorities } : {}) };
        events.push({ at: decision.decidedAt, write: () => store.addDecision(decision, audit(decision.decidedAt, `decision.${decision.kind}`, `decision:${decision.id}`, detail)) });
      }
    }
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const event of events) await event.write();

  await store.saveTrust(demo.trust, audit(now.toISOString(), 'trust.created', `trust:${demo.trust.id}`));
  return { seeded: true, trustId: demo.trust.id, windows: history.windows.length, reviews, decisions };
}
