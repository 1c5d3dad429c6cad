/** What a command needs from the outside world, so tests can run the CLI in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard output is a terminal: long imports show a progress bar there. */
  tty?: boolean;
}

/** Exit codes: 0 done, 1 bad input (a file, a value), 2 wrong usage (a command or option), 3 an unexpected failure. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, failed: 3 } as const;

/** A failure the person can act on: the message names the field and the value. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const inputError = (message: string) => new CliError(message, EXIT.badInput);
