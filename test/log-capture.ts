/** A real pino logger (src/log.ts) that keeps its lines, so tests read what the process would log. */
import { Writable } from 'node:stream';
import { createLog, type Log, type LogLevel } from '../src/log.js';

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLog {
  log: Log;
  lines: LogLine[];
  /** The lines at error level or above since the last call (and clears them). */
  takeErrors(): LogLine[];
}

export function captureLog(level: LogLevel = 'info'): CapturedLog {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const log = createLog({ format: 'json', level, destination: sink });
  return {
    log,
    lines,
    takeErrors() {
      const errors = lines.filter((l) => l.level === 'error' || l.level === 'fatal');
      lines.splice(0, lines.length, ...lines.filter((l) => !errors.includes(l)));
      return errors;
    },
  };
}
