/**
 * `npm run bench -- writes [--schools 100] [--years 1,5,10] [--reviews 95] [--store file|postgres|both]`
 *
 * On stores made by `demo seed` with 1, 5 and 10 years of history, `--reviews` heads each fill in
 * this term's review as the bot saves it: six draft steps (one store write each, the submission's
 * version counted up), then the submission (the submitted answers, then their evaluation: the two
 * writes a submit makes). Each write is timed through the store as the bot opens it: the file
 * store, and (with `--store postgres` or `both`, the default when a server is named) the same
 * store copied into a PostgreSQL database of its own on TERMLY_BENCH_DATABASE_URL's server. The
 * store's size on disk is read after. The last line is the result, per store:
 *   <store> <years>y: draft p50/p99 <ms> submission p50/p99 <ms> disk <MiB> || ... || flat p99 10y/1y <x>
 */
import { evaluate } from '../src/evaluator/evaluate.js';
import { loadRubrics } from '../src/rubric/load.js';
import { FileStore } from '../src/store/file-store.js';
import type { Store } from '../src/store/port.js';
import type { Submission } from '../src/store/records.js';
import { benchDatabase, recordsOf } from './databases.js';
import { answersAtStrength } from '../src/trust/answers.js';
import { option, percentile, removeStore, storeOfSize } from './stores.js';

const WINDOW = '2026-27-autumn';
const DRAFT_STEPS = 6;

export async function writesBench(args: string[]): Promise<string> {
  const schools = Number(option(args, '--schools') ?? 100);
  const years = (option(args, '--years') ?? '1,5,10').split(',').map(Number);
  const reviews = Number(option(args, '--reviews') ?? Math.min(100, schools - 5));
  if (!Number.isInteger(schools) || schools < 6) throw new Error(`--schools: expected a whole number, 6 or more, found ${option(args, '--schools')}`);
  if (years.some((y) => !Number.isInteger(y) || y < 1)) throw new Error(`--years: expected whole numbers 1 or more, e.g. 1,5,10, found ${option(args, '--years')}`);
  if (!Number.isInteger(reviews) || reviews < 1 || reviews > schools - 5) throw new Error(`--reviews: expected a whole number from 1 to ${schools - 5}, found ${option(args, '--reviews')}`);
  const kinds = storeKinds(option(args, '--store'));
  const rubric = loadRubrics().get('ethos')!;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const lines: string[] = [];
  const summary: string[] = [];

  for (const kind of kinds) {
    const results: { years: number; draft: number[]; submission: number[]; disk: number }[] = [];
    for (const y of years) {
      const made = await storeOfSize({ schools, years: y, label: `${schools}x${y}` }, log);
      const database = kind === 'postgres' ? await benchDatabase() : null;
      try {
        let store: Store;
        let diskBytes: () => Promise<number>;
        if (database) {
          const records = await recordsOf(made.file);
          const trustId = records.find((r) => r.kind === 'trust')!.record as { id: string };
          store = database.db.store(trustId.id);
          await store.importRecords(records);
          diskBytes = async () => Number((await database.db.pool.query('select pg_database_size(current_database()) as size')).rows[0].size);
        } else {
          const file = await FileStore.open(made.file);
          store = file;
          diskBytes = async () => file.diskBytes();
        }
        const trust = (await store.getTrust())!;
        const draft: number[] = [];
        const submission: number[] = [];
        const timed = async (into: number[], write: () => Promise<void>) => {
          const started = performance.now();
          await write();
          into.push(performance.now() - started);
        };
        // The first few reviews warm the code up and are not counted.
        const warmUp = Math.min(5, schools - reviews);
        for (const [i, school] of trust.schools.slice(0, reviews + warmUp).entries()) {
          if (i === warmUp) {
            draft.length = 0;
            submission.length = 0;
          }
          const head = trust.people.find((p) => p.schoolIds.includes(school.id))!;
          const answers = answersAtStrength(rubric, 0.6, `bench/${school.id}`);
          const areas = Object.keys(answers.ratings);
          const at = '2026-12-01T15:00:00.000+00:00';
          const record: Submission = {
            id: `${WINDOW}:${school.id}`, schoolId: school.id, windowId: WINDOW, rubricId: rubric.id, state: 'draft',
            answers: { ratings: {}, indicators: {}, statements: {}, notes: {} }, version: 1, updatedAt: at, updatedBy: head.id,
          };
          for (let step = 0; step < DRAFT_STEPS; step++) {
            // Each step adds a few more ratings, as a head's card does.
            for (const id of areas.slice(0, Math.ceil(((step + 1) * areas.length) / DRAFT_STEPS))) record.answers.ratings[id] = answers.ratings[id]!;
            await timed(draft, () => store.saveSubmission(record, step, { at, actor: head.id, action: 'submission.answered', subject: `submission:${record.id}` }));
          }
          const submitted: Submission = { ...record, answers, state: 'submitted', submittedAt: at, submittedBy: head.id };
          const evaluation = evaluate(rubric, answers, null);
          await timed(submission, async () => {
            await store.saveSubmission(submitted, DRAFT_STEPS, { at, actor: head.id, action: 'submission.submitted', subject: `submission:${record.id}` });
            await store.addEvaluation(
              { id: `${record.id}:evaluation`, submissionId: record.id, schoolId: school.id, windowId: WINDOW, at, evaluation: { ...evaluation } },
              { at, actor: 'system', action: 'evaluation.added', subject: `submission:${record.id}` },
            );
          });
        }
        const disk = await diskBytes();
        const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
        const d = sorted(draft);
        const s = sorted(submission);
        const line = `${kind} ${schools}x${y}: draft step p50 ${percentile(d, 50).toFixed(2)} ms p99 ${percentile(d, 99).toFixed(2)} ms (${d.length}); submission p50 ${percentile(s, 50).toFixed(2)} ms p99 ${percentile(s, 99).toFixed(2)} ms (${s.length}); on disk ${(disk / 2 ** 20).toFixed(1)} MiB`;
        log(line);
        lines.push(line);
        results.push({ years: y, draft: d, submission: s, disk });
      } finally {
        await removeStore(made.dir);
        await database?.drop();
      }
    }
    const first = results[0]!;
    const last = results.at(-1)!;
    summary.push(...results.map((r) => `${kind} ${r.years}y: draft ${percentile(r.draft, 50).toFixed(2)}/${percentile(r.draft, 99).toFixed(2)} ms submission ${percentile(r.submission, 50).toFixed(2)}/${percentile(r.submission, 99).toFixed(2)} ms disk ${(r.disk / 2 ** 20).toFixed(1)} MiB`));
    summary.push(`${kind} flat p99 ${last.years}y/${first.years}y ${(percentile(last.submission, 99) / percentile(first.submission, 99)).toFixed(2)}×`);
  }
  return [...lines, summary.join(' || ')].join('\n');
}

/** The stores to measure: both when a PostgreSQL server is named, else the file store alone. */
export function storeKinds(given: string | undefined): ('file' | 'postgres')[] {
  const server = !!(process.env.TERMLY_BENCH_DATABASE_URL?.trim() || process.env.TERMLY_TEST_DATABASE_URL?.trim());
  const kind = given ?? (server ? 'both' : 'file');
  if (kind === 'both') return ['file', 'postgres'];
  if (kind === 'file' || kind === 'postgres') return [kind];
  throw new Error(`--store: expected file, postgres or both, found ${kind}`);
}
