/**
 * Three replicas on one PostgreSQL database behind a fake Bot Connector that enforces Teams'
 * limits (bench/connector.ts): on the morning of the five-day reminder, 1,000 heads are owed a
 * reminder. The replicas tick the scheduler together (the job runs once, under the trust's lock)
 * and share the outbox (each claims whole conversations for a lease). Mid-way, the replica
 * holding the most claims is SIGKILLed; its claims lapse and the others send what it left.
 *
 * Counted at the connector: every head reached (none lost); no head reached twice (none
 * duplicated) except where the kill fell between the connector accepting a message and the
 * replica writing it down, which no sender can know: such a message is sent again (at least
 * once), and the test allows a second copy only for a message the killed replica held then.
 * The per-app limit is kept across the replicas together: the connector answers 429 beyond it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { MORNING, trustDocument } from '../../bench/reminders.js';
import { startFakeConnector, type FakeConnector } from '../../bench/connector.js';
import { loadCalendar } from '../../src/calendar/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { suiteFor, useTestDatabase } from '../store/postgres.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const HEADS = 1000;
const LEASE_SECONDS = 4;
const db = useTestDatabase();

interface Replica {
  child: ChildProcess;
  sender: Promise<string>;
  output: string[];
}

function startReplica(url: string, offset: number): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/replica-process.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERMLY_DATABASE_URL: url, TERMLY_OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      TERMLY_TEST_CLOCK_OFFSET_MS: String(offset), TERMLY_SCHEDULER: 'off', TERMLY_DEMO: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const sender = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      output.push(c.toString('utf8'));
      const ready = /ready (\S+)/.exec(output.join(''));
      if (ready) resolve(ready[1]!);
    });
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    child.once('exit', (code, signal) => reject(new Error(`replica exited (${code ?? signal}) before it was ready:\n${output.join('')}`)));
  });
  return { child, sender, output };
}

const replicas: Replica[] = [];
let connector: FakeConnector | null = null;
afterAll(async () => {
  for (const r of replicas) r.child.kill('SIGKILL');
  await connector?.close();
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

suiteFor('postgres')('three replicas on one database', () => {
  it(`send ${HEADS} reminders once each while one of them is SIGKILLed mid-way`, async () => {
    connector = await startFakeConnector();
    const database = await db!.fresh();
    const document = trustDocument(HEADS, connector.url, loadCalendar());
    await database.store(document.trust!.id).importRecords(await new MemoryStore(document).exportRecords());
    const pool = database.pool;

    // Every replica lives on the reminder morning, whenever it started.
    const offset = MORNING - Date.now();
    for (let i = 0; i < 3; i++) replicas.push(startReplica(db!.url, offset));
    const senders = await Promise.all(replicas.map((r) => r.sender));

    // Mid-way: the replica holding the most claims goes, without a word.
    while (connector.received.length < HEADS * 0.3) await wait(20);
    const { rows: holding } = await pool.query<{ claimed_by: string; n: string }>(
      "select claimed_by, count(*) as n from outbox where state = 'pending' and claimed_by is not null group by claimed_by order by n desc limit 1",
    );
    const victim = holding[0]?.claimed_by ?? senders[0]!;
    const killed = replicas[senders.indexOf(victim)]!;
    killed.child.kill('SIGKILL');
    // What it held: any of these may have reached the connector without being written down.
    const { rows: held } = await pool.query<{ recipient: string }>("select recipient from outbox where state = 'pending' and claimed_by = $1", [victim]);
    const uncertain = new Set(held.map((r) => `a:${r.recipient.replace(/^person:/, '')}`));
    expect(uncertain.size).toBeGreaterThan(0);

    // The others take its messages over once its claims lapse, and send everything.
    const deadline = Date.now() + 120_000;
    let left = HEADS;
    while (Date.now() < deadline) {
      left = Number((await pool.query("select count(*) from outbox where state <> 'sent'")).rows[0].count);
      if (left === 0) break;
      await wait(200);
    }
    expect(left, replicas.map((r) => r.output.join('')).join('\n---\n')).toBe(0);
    await wait(500);

    const reached = new Map<string, number>();
    let stray = 0;
    for (const r of connector.received) {
      const school = /^a:head-(school-\d+)$/.exec(r.conversationId)?.[1];
      if (!school || !r.body.includes(`Reminder: Autumn term 2026-27 review, ${school.replace('school-', 'School ')}"`)) {
        stray++;
        continue;
      }
      reached.set(r.conversationId, (reached.get(r.conversationId) ?? 0) + 1);
    }
    const twice = [...reached].filter(([, n]) => n > 1).map(([conversation]) => conversation);
    expect(reached.size, 'heads reached').toBe(HEADS);
    expect(stray, 'messages nobody was owed').toBe(0);
    // None twice, but for a message the killed replica held when it died (at most once more each).
    expect(twice.filter((c) => !uncertain.has(c)), 'sent twice though never in doubt').toEqual([]);
    expect([...reached.values()].every((n) => n <= 2)).toBe(true);
    // The job ran once, on one replica: one reminder job run, done.
    const runs = await pool.query("select state from job_runs where id like '%:nudge-%' and due_time = (select max(due_time) from job_runs where id like '%:nudge-%' and state = 'done')");
    expect(runs.rows.map((r) => r.state)).toEqual(['done']);
    // Across the replicas, the per-app limit held: the connector seldom had to refuse.
    expect(connector.throttled, 'answered 429').toBeLessThan(HEADS * 0.05);
    process.stdout.write(`replicas: ${HEADS} heads reached, ${twice.length} sent twice (the killed replica held ${uncertain.size}), ${connector.throttled} answered 429\n`);
  }, 180_000);
});
