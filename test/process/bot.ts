/**
 * The bot as `npm start` runs it, in a child process (local mode, no playground, no scheduler)
 * on a store file of the test's choosing, with activities POSTed to it as Teams would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { BOT, TENANT, type Person } from '../channels/teams/harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** tsx as a loader in this very process (not tsx's CLI, which runs the program in a child of its own: a SIGKILL must reach the bot). */
const NODE_ARGS = ['--import', 'tsx', 'src/main.ts'];
/** Local mode whatever a developer's .env says: set but empty credentials win over the file. */
const LOCAL_ONLY = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', clientId: '', clientSecret: '', tenantId: '', LOG_LEVEL: 'info' };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** The bot as a child process on a free loopback port, its output collected. */
async function spawnBot(storeFile: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number; chunks: string[] }> {
  const port = await freePort();
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    env: { ...LOCAL_ONLY, TERMLY_STORE: storeFile, TERMLY_LOCAL_PORT: String(port), TERMLY_PLAYGROUND: 'off', TERMLY_SCHEDULER: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { child, port, chunks };
}

/** Waits until the bot has written its start-up lines: /healthz answers before they are all logged. */
export async function startedUp(bot: BotProcess): Promise<void> {
  for (let waited = 0; !bot.output().includes('Press Ctrl-C to stop.'); waited += 50) {
    if (waited > 30_000) throw new Error(`the bot did not finish starting:\n${bot.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the bot and waits until /healthz answers; rejects with its output if it exits first. */
export async function startBot(storeFile: string, env: Record<string, string> = {}): Promise<BotProcess> {
  const { child, port, chunks } = await spawnBot(storeFile, env);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the bot exited before it was ready:\n${chunks.join('')}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.status > 0, () => false);
    if (up) return { url, child, output: () => chunks.join(''), exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the bot did not start within a minute:\n${chunks.join('')}`);
}

/** Runs the bot until it exits by itself (e.g. a start-up error); returns its exit code and output. */
export async function runBotToExit(storeFile: string, env: Record<string, string> = {}): Promise<{ code: number | string; output: string }> {
  const { child, chunks } = await spawnBot(storeFile, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  return { code: code ?? signal ?? 'unknown', output: chunks.join('') };
}

let seq = 0;
/** An activity from a person in their personal chat, replies going to `serviceUrl`. */
export function activityFrom(person: Person, serviceUrl: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `process-${process.pid}-${++seq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: BOT,
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-GB',
    ...extra,
  };
}

export async function postActivity(bot: Pick<BotProcess, 'url'>, activity: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return { status: res.status, text: await res.text() };
}
