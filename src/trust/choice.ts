/**
 * Which demo trust seeds an empty store, chosen by the TERMLY_DEMO environment variable: the
 * name of a data/demo/<name>-trust.yaml file. Unset or blank, the Ethos demo.
 */
import { DEFAULT_DEMO, DEMO_DIR, demoNames, DemoTrustError } from './demo-file.js';

export const DEMO_VARIABLE = 'TERMLY_DEMO';

/** TERMLY_DEMO names no demo trust. Nothing has been opened or written when it is thrown. */
export class UnknownDemoError extends DemoTrustError {
  constructor(readonly value: string, readonly choices: string[]) {
    super(DEMO_VARIABLE, [`"${value}" is not a demo trust`]);
    this.message = `${DEMO_VARIABLE}: "${value}" is not a demo trust. Choose one of: ${choices.join(', ')} (unset, it is ${DEFAULT_DEMO}).`;
    this.name = 'UnknownDemoError';
  }
}

export function chosenDemo(env: Record<string, string | undefined>, dir: string = DEMO_DIR): string {
  const value = env[DEMO_VARIABLE]?.trim() ?? '';
  if (value === '') return DEFAULT_DEMO;
  const choices = demoNames(dir);
  const name = value.toLowerCase();
  if (!choices.includes(name)) throw new UnknownDemoError(value, choices);
  return name;
}
