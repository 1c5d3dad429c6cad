/**
 * `npm run bench -- replicas [--heads 5000] [--replicas 3]`
 *
 * Reminder fan-out across replicas sharing one PostgreSQL database (on TERMLY_BENCH_DATABASE_URL's
 * server): a trust of N heads on the morning of the five-day reminder (bench/reminders.ts's
 * trust), R replica processes (bench/replica-process.ts: the bot's scheduler and outbox, the
 * Teams door's deliverer) and a fake Bot Connector enforcing Teams' limits (bench/connector.ts).
 * The replicas tick together (the reminder job runs once) and share the outbox.
 *
 * `seconds` is from every reminder being queued until every one is marked sent; the floor is
 * N / 50 seconds, Teams' per-app limit, which the replicas share. The last line is the result:
 *   sent=<n> lost=<n> duplicated=<n> seconds=<s> bound=<s> ratio=<seconds/bound> throttled=<n>
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadCalendar } from '../src/calendar/index.js';
import { MemoryStore } from '../src/store/memory.js';
import { startFakeConnector } from './connector.js';
import { benchDatabase } from './databases.js';
import { MORNING, trustDocument } from './reminders.js';
import { option } from './stores.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const APP_LIMIT_PER_SECOND = 50;

export async function replicasBench(args: string[]): Promise<string> {
  const heads = Number(option(args, '--heads') ?? 5000);
  const count = Number(option(args, '--replicas') ?? 3);
  if (!Number.isInteger(heads) || heads < 1) throw new Error(`--heads: expected a whole number 1 or more, found ${option(args, '--heads')}`);
  if (!Number.isInteger(count) || count < 1 || count > 8) throw new Error(`--replicas: expected a whole number from 1 to 8, found ${option(args, '--replicas')}`);
  const connector = await startFakeConnector();
  const database = await benchDatabase();
  const children: ChildProcess[] = [];
  try {
    const document = trustDocument(heads, connector.url, loadCalendar());
    await database.db.store(document.trust!.id).importRecords(await new MemoryStore(document).exportRecords());
    const offset = MORNING - Date.now();
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/replica-process.ts'], {
        cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERMLY_DATABASE_URL: database.url, TERMLY_TEST_CLOCK_OFFSET_MS: String(offset), TERMLY_DEMO: '' },
      });
      children.push(child);
      ready.push(new Promise((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => (c.toString().includes('ready') ? resolve() : undefined));
        child.once('exit', (code) => reject(new Error(`a replica exited (${code}) before it was ready`)));
      }));
    }
    const pool = database.db.pool;
    const counted = async (where: string) => Number((await pool.query(`select count(*) from outbox where ${where}`)).rows[0].count);
    while ((await counted('true')) < heads) await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    await Promise.all(ready);
    const deadline = Date.now() + (heads / APP_LIMIT_PER_SECOND) * 3000;
    while ((await counted("state <> 'sent'")) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;

    const reached = new Map<string, number>();
    for (const r of connector.received) reached.set(r.conversationId, (reached.get(r.conversationId) ?? 0) + 1);
    const heads_reached = [...reached.keys()].filter((c) => /^a:head-school-\d+$/.test(c)).length;
    const duplicated = [...reached.values()].reduce((n, k) => n + k - 1, 0);
    const bound = heads / APP_LIMIT_PER_SECOND;
    return [
      `replicas: ${count} processes on ${database.db.location}, ${heads} heads, fake Bot Connector with Teams' limits (50/s per app)`,
      `connector: ${connector.received.length} accepted, ${connector.throttled} answered 429; outbox: ${await counted("state = 'sent'")} sent, ${await counted("state = 'pending'")} pending, ${await counted("state = 'failed'")} failed`,
      `sent=${heads_reached} lost=${heads - heads_reached} duplicated=${duplicated} seconds=${seconds.toFixed(2)} bound=${bound.toFixed(2)} ratio=${(seconds / bound).toFixed(3)} throttled=${connector.throttled}`,
    ].join('\n');
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await connector.close();
    await database.drop();
  }
}
