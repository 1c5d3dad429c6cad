/**
 * `npm run bench -- status [--sizes 6,100x10,500x10] [--requests 1000] [--store file|postgres|both] [--trusts 50]`
 *
 * `--store postgres` (or `both`, the default when TERMLY_BENCH_DATABASE_URL names a server) runs
 * the door on the same store copied into a PostgreSQL database of its own, as `db copy` does.
 * `--trusts <n>`: the database holds n copies of the store, each a trust of its own with its own
 * Teams tenant, and the requests come from each tenant in turn (the file store holds one trust).
 *
 * For each size, a store made by `demo seed`, Termly's Teams door on it in a process of its own
 * (bench/door-process.ts), and an echo bot on the same Agents SDK in another. Both answer over
 * loopback, replying through a Bot Connector stand-in in this process; one connection, one request
 * at a time, as one person typing. Requests alternate in blocks of 50 between the echo bot,
 * `/status Reach Academy` and the trust overview (`/status`), all as the CEO, after a warm-up.
 * Latency is from sending the activity until the door's HTTP answer (the reply has been posted
 * by then). Start-up is the door process's uptime when it listens; RSS is read after every request.
 *
 * One line per size, then the last line, the result: per size
 *   <size>: status p50 <x>× p99 <x>× | overview p50 <x>× p99 <x>× | rss <x>× | start <s> s
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Connector } from './connector-plain.js';
import { asTrust, benchDatabase, recordsOf } from './databases.js';
import { option, parseSize, percentile, removeStore, storeOfSize, type Size } from './stores.js';
import { storeKinds } from './writes.js';

const DOOR = fileURLToPath(new URL('./door-process.ts', import.meta.url));
const CEO = { id: 'user-ceo', name: 'Chief Executive Officer', aadObjectId: '00000000-0000-0000-0000-0000000000020' };
const TENANT = '00000000-0000-0000-0000-0000000000001';
const BLOCK = 50;
const WARM_UP = 30;

interface Door {
  child: ChildProcess;
  port: number;
  startupSeconds: number;
  openSeconds: number;
  agent: Agent;
}

async function startDoor(args: string[], env: Record<string, string> = {}): Promise<Door> {
  const profile = process.env.TERMLY_BENCH_PROFILE;
  const child = fork(DOOR, args, { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx', ...(profile && args[0] === 'bot' ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(([code]) => { throw new Error(`the ${args[0]} process exited (${code}) before it listened`); })])) as [{ port: number; startupSeconds: number; openSeconds: number }];
  return { child, ...message, agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
}

async function memoryOf(door: Door): Promise<{ rss: number; heap: number }> {
  door.child.send('rss');
  const [message] = (await once(door.child, 'message')) as [{ rss: number; heap: number }];
  return message;
}

async function stopDoor(door: Door): Promise<void> {
  door.agent.destroy();
  door.child.send('exit');
  await once(door.child, 'exit');
}

let seq = 0;
function send(door: Door, serviceUrl: string, text: string, tenant = TENANT): Promise<number> {
  const body = JSON.stringify({
    type: 'message', id: `bench-${++seq}`, channelId: 'msteams', serviceUrl, timestamp: new Date().toISOString(),
    from: CEO, recipient: { id: '28:termly-bot', name: 'Termly' }, conversation: { id: `a:personal-ceo-${tenant}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } }, locale: 'en-GB', text, textFormat: 'plain', entities: [],
  });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: door.port, path: '/api/messages', method: 'POST', agent: door.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`the door answered ${res.statusCode} to "${text}"`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function measureSize(size: Size, requests: number, log: (line: string) => void, kind: 'file' | 'postgres', trusts: number): Promise<string> {
  const store = await storeOfSize(size, log);
  const connector = new Connector();
  await connector.start();
  let bot: Door | null = null;
  let echo: Door | null = null;
  const database = kind === 'postgres' ? await benchDatabase() : null;
  // One trust (the store's own tenant-less trust), or n, each with its own tenant.
  const tenants = database && trusts > 1 ? Array.from({ length: trusts }, (_, i) => `bench-tenant-${i + 1}`) : [TENANT];
  const label = `${kind} ${trusts > 1 ? `${trusts} trusts × ` : ''}${size.label}`;
  try {
    if (database) {
      const records = await recordsOf(store.file);
      if (tenants.length === 1) await database.db.store((records.find((r) => r.kind === 'trust')!.record as { id: string }).id).importRecords(records);
      else for (const [i, tenant] of tenants.entries()) await database.db.store(`trust-${i + 1}`).importRecords(asTrust(records, `trust-${i + 1}`, tenant));
      log(`${label}: copied into ${database.db.location}`);
    }
    bot = await startDoor(['bot', store.file], database ? { TERMLY_DATABASE_URL: database.url } : {});
    echo = await startDoor(['echo']);
    const kinds = [
      { name: 'echo', door: echo, text: 'hello' },
      { name: 'status', door: bot, text: '/status Reach Academy' },
      { name: 'overview', door: bot, text: '/status' },
    ];
    const times = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
    let turn = 0;
    const tenant = () => tenants[turn++ % tenants.length]!;
    for (const k of kinds) for (let i = 0; i < Math.max(WARM_UP, tenants.length); i++) await send(k.door, connector.url, k.text, tenant());
    // The first /status from a chat keeps the conversation, and reads evaluations not yet at hand: timed apart.
    for (let done = 0; done < requests; done += BLOCK) {
      for (const k of kinds) for (let i = 0; i < Math.min(BLOCK, requests - done); i++) times.get(k.name)!.push(await send(k.door, connector.url, k.text, tenant()));
    }
    const [botMemory, echoMemory] = [await memoryOf(bot), await memoryOf(echo)];
    const [botRss, echoRss] = [botMemory.rss, echoMemory.rss];
    const stats = (name: string) => {
      const sorted = [...times.get(name)!].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    };
    const e = stats('echo');
    const s = stats('status');
    const o = stats('overview');
    const ms = (v: number) => v.toFixed(2);
    log(`${label}: echo p50 ${ms(e.p50)} ms p99 ${ms(e.p99)} ms; /status p50 ${ms(s.p50)} p99 ${ms(s.p99)}; overview p50 ${ms(o.p50)} p99 ${ms(o.p99)}; RSS bot ${(botRss / 2 ** 20).toFixed(0)} MiB (heap ${(botMemory.heap / 2 ** 20).toFixed(0)}), echo ${(echoRss / 2 ** 20).toFixed(0)} MiB (heap ${(echoMemory.heap / 2 ** 20).toFixed(0)}); bot start-up ${bot.startupSeconds.toFixed(2)} s (store opened in ${bot.openSeconds.toFixed(2)} s), echo ${echo.startupSeconds.toFixed(2)} s; ${connector.received} replies`);
    const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    return `${label}: status p50 ${x(s.p50, e.p50)} p99 ${x(s.p99, e.p99)} | overview p50 ${x(o.p50, e.p50)} p99 ${x(o.p99, e.p99)} | rss ${x(botRss, echoRss)} | start ${bot.startupSeconds.toFixed(1)} s`;
  } finally {
    if (bot) await stopDoor(bot);
    if (echo) await stopDoor(echo);
    await connector.stop();
    await removeStore(store.dir);
    await database?.drop();
  }
}

export async function statusBench(args: string[]): Promise<string> {
  const sizes = (option(args, '--sizes') ?? '6,100x10,500x10').split(',').map(parseSize);
  const requests = Number(option(args, '--requests') ?? 1000);
  if (!Number.isInteger(requests) || requests < BLOCK) throw new Error(`--requests: expected a whole number, ${BLOCK} or more, found ${option(args, '--requests')}`);
  const lines: string[] = [];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: string[] = [];
  const trusts = Number(option(args, '--trusts') ?? 1);
  if (!Number.isInteger(trusts) || trusts < 1) throw new Error(`--trusts: expected a whole number 1 or more, found ${option(args, '--trusts')}`);
  for (const size of sizes) {
    for (const kind of storeKinds(option(args, '--store'))) {
      // A file holds one trust: several are a database's alone.
      const result = await measureSize(size, requests, (l) => {
        log(l);
        lines.push(l);
      }, kind, kind === 'postgres' ? trusts : 1);
      results.push(result);
    }
  }
  return [...lines, results.join(' || ')].join('\n');
}
