/**
 * The one logger of the process (pino): JSON lines in production, for a log collector; pretty
 * lines in local mode, for a person at a terminal. Secrets are redacted wherever they appear in
 * a logged object, and a request's lines carry its activity id (a child logger per turn).
 * Stack traces go to this log only, never to a person.
 */
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type Log = Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every place a secret can sit in something logged: the app's client secret, tokens, Authorization headers. */
export const REDACTED_PATHS = [
  'clientSecret', '*.clientSecret', 'credentials.clientSecret',
  'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token', 'refreshToken', '*.refreshToken',
  'authorization', '*.authorization', 'Authorization', '*.Authorization',
  'headers.authorization', '*.headers.authorization', 'headers.Authorization', '*.headers.Authorization',
  'headers.cookie', '*.headers.cookie',
];

export interface LogOptions {
  /** JSON (production) or pretty (local). */
  format: 'json' | 'pretty';
  level?: LogLevel;
  /** Where lines go: a stream, or standard error (2); standard output by default. */
  destination?: DestinationStream | 2;
}

export function createLog(options: LogOptions): Log {
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'termly' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: stdSerializers.err, error: stdSerializers.err },
  };
  const fd = options.destination === 2 ? 2 : 1;
  const given = typeof options.destination === 'object' ? options.destination : null;
  if (options.format === 'pretty') {
    // Synchronous, in this thread: a line is written before a crash or exit can lose it.
    const tty = (fd === 1 ? process.stdout : process.stderr).isTTY === true;
    return pino(settings, given ?? pretty({ sync: true, destination: fd, colorize: tty, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino({ ...settings, formatters: { level: (label: string) => ({ level: label }) } }, given ?? pino.destination({ dest: fd, sync: true }));
}

/** A logger that writes nothing: for tests and tools that have nowhere to log. */
export const silentLog = (): Log => pino({ level: 'silent' });
