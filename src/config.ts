/**
 * The environment, checked once at start. With no Teams credentials the bot runs LOCAL mode
 * (loopback only, anonymous auth, the Agents Playground beside it); with them, PRODUCTION mode
 * (tokens validated, PORT honoured, no playground). A wrong or missing variable is named.
 */
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './log.js';

/** Any non-empty id will do for proactive sends in local mode: the SDK refuses an empty one. */
export const LOCAL_APP_ID = 'termly-local';
export const LOCAL_HOST = '127.0.0.1';
export const DEFAULT_BOT_PORT = 3978;
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface TeamsCredentials {
  clientId: string;
  clientSecret: string;
  tenantId: string;
}

interface Common {
  /** TERMLY_STORE as given (the store opener resolves it); undefined for the default file. */
  storeFile: string | undefined;
  host: string;
  port: number;
  /** Where people's browsers reach this server: the base of calendar-file links. */
  publicUrl: string;
  /** The bot's app id, used to send proactive messages. */
  appId: string;
  /** LOG_LEVEL: how much the log says. */
  logLevel: LogLevel;
}

export interface LocalConfig extends Common {
  mode: 'local';
  playground: { enabled: boolean; port: number; persona: string | undefined };
}

export interface ProductionConfig extends Common {
  mode: 'production';
  credentials: TeamsCredentials;
}

export type Config = LocalConfig | ProductionConfig;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`The environment is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const port = z.preprocess(blankToUndefined, z.coerce.number({ error: 'a port number' }).int('a whole port number').min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535').optional());
const onOff = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no', ''], { error: '"on" or "off"' }).optional(),
);
const httpUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://termly.example.org' }).optional());

const Env = z.object({
  clientId: optionalText,
  clientSecret: optionalText,
  tenantId: optionalText,
  PORT: port,
  NODE_ENV: optionalText,
  TERMLY_HOST: optionalText,
  TERMLY_PUBLIC_URL: httpUrl,
  TERMLY_STORE: optionalText,
  TERMLY_LOCAL_PORT: port,
  TERMLY_PLAYGROUND: onOff,
  TERMLY_PLAYGROUND_PORT: port,
  TERMLY_PLAYGROUND_AS: optionalText,
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
});

/** Variables whose values must never be echoed back. */
const SECRET = new Set(['clientSecret']);

function describe(env: Record<string, string | undefined>, name: string): string {
  if (SECRET.has(name)) return '';
  const value = env[name];
  return value === undefined ? ' (not set)' : ` (got ${JSON.stringify(value)})`;
}

/** Credentials must come as a set; checked on the raw values so it is reported with any other problem. */
function credentialProblems(env: Record<string, string | undefined>): { given: string[]; problems: string[] } {
  const names = ['clientId', 'clientSecret', 'tenantId'] as const;
  const given = names.filter((n) => (env[n] ?? '').trim() !== '');
  const problems: string[] = [];
  if (given.length > 0 && given.length < 3) {
    const missing = names.filter((n) => !given.includes(n));
    problems.push(`${missing.join(', ')}: not set, but ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'}. Production mode needs clientId, clientSecret and tenantId together; local mode needs none of them.`);
  }
  if (given.length === 0 && env.NODE_ENV?.trim() === 'production') {
    problems.push('NODE_ENV: "production" needs the Teams credentials clientId, clientSecret and tenantId (without them the SDK accepts no request); unset NODE_ENV to run locally.');
  }
  return { given, problems };
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = Env.safeParse(env);
  const { given, problems } = credentialProblems(env);
  if (!parsed.success) {
    throw new ConfigError([...parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return `${name}: expected ${i.message}${describe(env, name)}`;
    }), ...problems]);
  }
  const e = parsed.data;

  if (given.length === 3) {
    if (!e.TERMLY_PUBLIC_URL) problems.push('TERMLY_PUBLIC_URL: not set. Production mode needs the public https address of this server (the messaging endpoint without /api/messages), for calendar-file links.');
    for (const name of ['TERMLY_PLAYGROUND', 'TERMLY_PLAYGROUND_PORT', 'TERMLY_PLAYGROUND_AS', 'TERMLY_LOCAL_PORT'] as const) {
      if (env[name] !== undefined && env[name]!.trim() !== '') problems.push(`${name}: only used in local mode, but Teams credentials are set (production mode). Remove it.`);
    }
    if (problems.length) throw new ConfigError(problems);
    const port = e.PORT ?? DEFAULT_BOT_PORT;
    return {
      mode: 'production',
      storeFile: e.TERMLY_STORE,
      host: e.TERMLY_HOST ?? '0.0.0.0',
      port,
      publicUrl: e.TERMLY_PUBLIC_URL!.replace(/\/+$/, ''),
      appId: e.clientId!,
      logLevel: e.LOG_LEVEL ?? 'info',
      credentials: { clientId: e.clientId!, clientSecret: e.clientSecret!, tenantId: e.tenantId! },
    };
  }

  if (e.TERMLY_HOST !== undefined && e.TERMLY_HOST !== LOCAL_HOST) {
    problems.push(`TERMLY_HOST: local mode listens on ${LOCAL_HOST} only${describe(env, 'TERMLY_HOST')}. Remove it, or set the Teams credentials for production mode.`);
  }
  if (problems.length) throw new ConfigError(problems);
  const localPort = e.TERMLY_LOCAL_PORT ?? DEFAULT_BOT_PORT;
  const playgroundPort = e.TERMLY_PLAYGROUND_PORT ?? DEFAULT_PLAYGROUND_PORT;
  if (playgroundPort === localPort) {
    throw new ConfigError([`TERMLY_PLAYGROUND_PORT: the playground and the bot cannot share port ${localPort}.`]);
  }
  const playground = e.TERMLY_PLAYGROUND;
  return {
    mode: 'local',
    storeFile: e.TERMLY_STORE,
    host: LOCAL_HOST,
    port: localPort,
    publicUrl: e.TERMLY_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${LOCAL_HOST}:${localPort}`,
    appId: LOCAL_APP_ID,
    logLevel: e.LOG_LEVEL ?? 'info',
    playground: {
      enabled: !(playground === 'off' || playground === 'false' || playground === '0' || playground === 'no'),
      port: playgroundPort,
      persona: e.TERMLY_PLAYGROUND_AS,
    },
  };
}
