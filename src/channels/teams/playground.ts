/**
 * The Microsoft 365 Agents Playground, run beside the bot in local mode: a Teams-like web page
 * that talks to the bot with no Microsoft account. Its people come from
 * .m365agentsplayground.yml; the persona it runs as is that file's `currentUser`, or another of
 * its users chosen by id, name or aadObjectId (a copy of the file with the two swapped is used).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { z } from 'zod';

export const PLAYGROUND_CONFIG = fileURLToPath(new URL('../../../.m365agentsplayground.yml', import.meta.url));
/** Keeps the playground on 127.0.0.1 (it has no option for its address); see loopback.cjs. */
const LOOPBACK_PRELOAD = fileURLToPath(new URL('./loopback.cjs', import.meta.url));
/** How long the playground may take to start listening. */
const START_TIMEOUT_MS = 60_000;

const User = z.looseObject({ id: z.string().min(1), name: z.string().min(1), aadObjectId: z.string().min(1) });
const PlaygroundFile = z.looseObject({
  currentUser: User,
  users: z.array(User),
  personalChat: z.looseObject({ id: z.string().min(1) }),
});

export interface PlaygroundPersona {
  id: string;
  name: string;
  aadObjectId: string;
}

export class PlaygroundError extends Error {
  readonly code = 'PLAYGROUND_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

/** Everyone the playground file offers to act as, its current user first. */
export function personas(file: string, text: string): PlaygroundPersona[] {
  const config = readPlaygroundFile(file, text);
  return [config.currentUser, ...config.users].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId }));
}

function readPlaygroundFile(file: string, text: string): z.infer<typeof PlaygroundFile> {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new PlaygroundError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = PlaygroundFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlaygroundError(`${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The playground file with `persona` (id, name or aadObjectId) as its current user. */
export function configAs(file: string, text: string, persona: string | undefined): { config: Record<string, unknown>; persona: PlaygroundPersona } {
  const config = readPlaygroundFile(file, text);
  const everyone = [config.currentUser, ...config.users];
  const wanted = persona?.trim().toLowerCase();
  const chosen = wanted ? everyone.find((u) => [u.id, u.name, u.aadObjectId].some((v) => v.toLowerCase() === wanted)) : config.currentUser;
  if (!chosen) {
    throw new PlaygroundError(`TERMLY_PLAYGROUND_AS: no user "${persona}" in ${file}; choose one of: ${everyone.map((u) => `${u.id} (${u.name})`).join(', ')}`);
  }
  const users = everyone.filter((u) => u !== chosen);
  return {
    // Each persona gets a personal chat of its own, so two playgrounds side by side never share one.
    config: { ...config, currentUser: chosen, users, personalChat: { ...config.personalChat, id: chosen === config.currentUser ? config.personalChat.id : `personal-chat-${chosen.id}` } },
    persona: { id: chosen.id, name: chosen.name, aadObjectId: chosen.aadObjectId },
  };
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  port: number;
  /** A user of the playground file to act as; its current user when absent. */
  persona?: string;
  configFile?: string;
  /** Opens the page in the default browser (the playground's own behaviour). */
  openBrowser?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Every line the playground prints. */
  onOutput?: (line: string) => void;
}

export interface Playground {
  url: string;
  persona: PlaygroundPersona;
  /** Where the playground writes its own log. */
  logFile: string;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Whether nothing listens on 127.0.0.1:`port`. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  // The port is fixed up front: the activities' serviceUrl names it, so the playground must not move.
  if (!(await portIsFree(options.port))) {
    throw new PlaygroundError(`port ${options.port} on 127.0.0.1 is already in use (another playground?); choose another (TERMLY_PLAYGROUND_PORT, or npm run playground -- <persona> <port>)`);
  }
  const base = `http://127.0.0.1:${options.port}`;
  const file = options.configFile ?? PLAYGROUND_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlaygroundError(`cannot read the playground's people from ${file}: ${(e as Error).message}`);
  }
  const { config, persona } = configAs(file, text, options.persona);
  const dir = mkdtempSync(join(tmpdir(), 'termly-playground-'));
  const configPath = join(dir, '.m365agentsplayground.yml');
  writeFileSync(configPath, stringify(config));
  const logFile = join(dir, 'playground.log');

  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  if (!options.openBrowser) env.TEAMSAPPTESTER_BROWSER = 'none';
  const args = ['--require', LOOPBACK_PRELOAD, cli, '-e', options.endpoint, '-c', 'msteams', '-p', String(options.port), '--service-url', `${base}/_connector`, '--disable-telemetry'];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const output: string[] = [];
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PlaygroundError(`the Agents Playground did not start within ${START_TIMEOUT_MS / 1000}s:\n${output.slice(-10).join('\n')}`)), START_TIMEOUT_MS);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/).filter(Boolean)) {
        output.push(line);
        options.onOutput?.(line);
        const said = /Listening on (\d+)/.exec(line);
        if (said) {
          clearTimeout(timer);
          resolve(Number(said[1]));
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new PlaygroundError(`the Agents Playground could not be started: ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new PlaygroundError(`the Agents Playground stopped (exit code ${code}) before it was ready:\n${output.slice(-10).join('\n')}`));
    });
  }).catch(async (e: unknown) => {
    child.kill('SIGTERM');
    await waitForExit(child, 5000);
    throw e;
  });

  if (listening !== options.port) {
    child.kill('SIGTERM');
    await waitForExit(child, 5000);
    throw new PlaygroundError(`the Agents Playground took port ${listening} instead of ${options.port} (was it taken meanwhile?); try again`);
  }

  return {
    url: base,
    persona,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    },
  };
}
