/**
 * The environment, checked once at start, describing the process and each door. With no Teams
 * credentials the bot runs LOCAL mode (loopback only on TERMLY_LOCAL_PORT, the demo trust in an
 * empty store, the Agents Playground beside it, and the Teams door anonymous); with them,
 * PRODUCTION mode (PORT honoured, no playground, and the Teams door checking every token). Slack's
 * door is on when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set, in either mode, with Socket
 * Mode when SLACK_APP_TOKEN is set too. A trust on Slack alone runs production mode with
 * NODE_ENV=production and Slack's variables: no Teams door at all. A wrong or missing variable is
 * named; a secret never shown.
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

/** The Teams door: with credentials every request's token is checked; without, it is anonymous (local mode only). */
export type TeamsDoorConfig =
  | { mode: 'production'; /** The bot's app id, used to send proactive messages. */ appId: string; credentials: TeamsCredentials }
  | { mode: 'local'; appId: string };

/** The Slack door, on when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set. */
export interface SlackDoorConfig {
  botToken: string;
  signingSecret: string;
  /**
   * How Slack reaches the bot: Socket Mode when SLACK_APP_TOKEN is set (the bot connects out,
   * so no public URL is needed), else HTTP requests to /slack/events on the bot's web server.
   */
  receiver: { kind: 'socket'; appToken: string } | { kind: 'http' };
  /** SLACK_API_URL: the Web API every client calls (GovSlack's, or a test's), ending in "/"; null for Slack's own. */
  apiUrl: string | null;
}

interface Common {
  /** TERMLY_STORE as given (the store opener resolves it); undefined for the default file. */
  storeFile: string | undefined;
  host: string;
  port: number;
  /** Where people's browsers reach this server: the base of calendar-file links. */
  publicUrl: string;
  /** LOG_LEVEL: how much the log says. */
  logLevel: LogLevel;
  /** Null when Slack's variables are not set. */
  slack: SlackDoorConfig | null;
}

export interface LocalConfig extends Common {
  mode: 'local';
  teams: Extract<TeamsDoorConfig, { mode: 'local' }>;
  playground: { enabled: boolean; port: number; persona: string | undefined };
}

export interface ProductionConfig extends Common {
  mode: 'production';
  /** Null for a trust on Slack alone (NODE_ENV=production, Slack's variables, no Teams credentials). */
  teams: Extract<TeamsDoorConfig, { mode: 'production' }> | null;
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
/** A Slack token of one kind, named by its documented prefix; what was given is never echoed. */
const slackToken = (prefix: string, what: string) => z.preprocess(
  blankToUndefined,
  z.string().trim().refine((v) => v.startsWith(prefix) && v.length > prefix.length && !/\s/.test(v), { error: `${what}, beginning ${prefix}` }).optional(),
);

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
  SLACK_BOT_TOKEN: slackToken('xoxb-', 'a bot token (the app\'s OAuth & Permissions page: Bot User OAuth Token)'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: slackToken('xapp-', 'an app-level token with the connections:write scope (the app\'s Basic Information page)'),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://slack.com/api/' }).optional()),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
});

/** Variables whose values must never be echoed back. */
const SECRET = new Set(['clientSecret', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']);

function describe(env: Record<string, string | undefined>, name: string): string {
  if (SECRET.has(name)) return '';
  const value = env[name];
  return value === undefined ? ' (not set)' : ` (got ${JSON.stringify(value)})`;
}

const isSet = (env: Record<string, string | undefined>, name: string) => (env[name] ?? '').trim() !== '';

/** Credentials must come as a set; checked on the raw values so it is reported with any other problem. */
function credentialProblems(env: Record<string, string | undefined>): { given: string[]; problems: string[] } {
  const names = ['clientId', 'clientSecret', 'tenantId'] as const;
  const given = names.filter((n) => (env[n] ?? '').trim() !== '');
  const problems: string[] = [];
  if (given.length > 0 && given.length < 3) {
    const missing = names.filter((n) => !given.includes(n));
    problems.push(`${missing.join(', ')}: not set, but ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'}. Production mode needs clientId, clientSecret and tenantId together; local mode needs none of them.`);
  }
  if (given.length === 0 && env.NODE_ENV?.trim() === 'production' && !(isSet(env, 'SLACK_BOT_TOKEN') && isSet(env, 'SLACK_SIGNING_SECRET'))) {
    problems.push('NODE_ENV: "production" needs a door with credentials: the Teams credentials clientId, clientSecret and tenantId, or Slack\'s SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; unset NODE_ENV to run locally.');
  }
  return { given, problems };
}

/** Slack's variables must come as a pair, and the optional ones only with it; checked on the raw values, like the Teams set. */
function slackProblems(env: Record<string, string | undefined>): string[] {
  const pair = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const;
  const given = pair.filter((n) => isSet(env, n));
  if (given.length === 1) {
    const missing = pair.find((n) => !given.includes(n))!;
    return [`${missing}: not set, but ${given[0]} is. Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET together; leave both unset to run without Slack.`];
  }
  if (given.length === 0) {
    return ['SLACK_APP_TOKEN', 'SLACK_API_URL'].filter((n) => isSet(env, n))
      .map((n) => `${n}: only used with Slack, but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set. Set both to turn Slack on, or remove it.`);
  }
  return [];
}

function slackOf(e: z.infer<typeof Env>): SlackDoorConfig | null {
  if (!e.SLACK_BOT_TOKEN || !e.SLACK_SIGNING_SECRET) return null;
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    receiver: e.SLACK_APP_TOKEN ? { kind: 'socket', appToken: e.SLACK_APP_TOKEN } : { kind: 'http' },
    // Slack's clients append the method's name to it: https://slack.com/api/ + chat.postMessage.
    apiUrl: e.SLACK_API_URL ? e.SLACK_API_URL.replace(/\/*$/, '/') : null,
  };
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = Env.safeParse(env);
  const { given, problems: teamsProblems } = credentialProblems(env);
  const problems = [...teamsProblems, ...slackProblems(env)];
  if (!parsed.success) {
    throw new ConfigError([...parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return `${name}: expected ${i.message}${describe(env, name)}`;
    }), ...problems]);
  }
  const e = parsed.data;

  const slack = slackOf(e);
  // Slack alone is production only when asked for: Slack's variables in local mode try the door on this machine.
  const slackAlone = given.length === 0 && slack !== null && e.NODE_ENV === 'production';
  if (given.length === 3 || slackAlone) {
    const why = slackAlone ? 'NODE_ENV is "production"' : 'Teams credentials are set';
    if (!e.TERMLY_PUBLIC_URL) problems.push(`TERMLY_PUBLIC_URL: not set. Production mode needs the public https address of this server (${slackAlone ? 'where /slack/events is served' : 'the messaging endpoint without /api/messages'}), for calendar-file links.`);
    for (const name of ['TERMLY_PLAYGROUND', 'TERMLY_PLAYGROUND_PORT', 'TERMLY_PLAYGROUND_AS', 'TERMLY_LOCAL_PORT'] as const) {
      if (env[name] !== undefined && env[name]!.trim() !== '') problems.push(`${name}: only used in local mode, but ${why} (production mode). Remove it.`);
    }
    if (problems.length) throw new ConfigError(problems);
    const port = e.PORT ?? DEFAULT_BOT_PORT;
    return {
      mode: 'production',
      storeFile: e.TERMLY_STORE,
      host: e.TERMLY_HOST ?? '0.0.0.0',
      port,
      publicUrl: e.TERMLY_PUBLIC_URL!.replace(/\/+$/, ''),
      logLevel: e.LOG_LEVEL ?? 'info',
      teams: slackAlone ? null : { mode: 'production', appId: e.clientId!, credentials: { clientId: e.clientId!, clientSecret: e.clientSecret!, tenantId: e.tenantId! } },
      slack,
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
    logLevel: e.LOG_LEVEL ?? 'info',
    teams: { mode: 'local', appId: LOCAL_APP_ID },
    // Slack's door, when on, is served from the same loopback port as everything else.
    slack,
    playground: {
      enabled: !(playground === 'off' || playground === 'false' || playground === '0' || playground === 'no'),
      port: playgroundPort,
      persona: e.TERMLY_PLAYGROUND_AS,
    },
  };
}
