/**
 * What every door tells a person when their request could not be done: the store's fault in
 * plain words (nothing they sent was kept), or anything else as a short reference to quote,
 * with the stack trace in the log only.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorView } from '../cards/index.js';
import type { Log } from '../log.js';
import type { RefusalView } from '../review/index.js';
import { StoreFaultError } from '../store/fault.js';

/** What a person hears when the store has failed: nothing they did was kept, and someone knows. */
export const STORE_FAULT_MESSAGE = 'Sorry, I cannot use my records just now, so nothing you sent was saved. Leadership is being told, and I will restart shortly: please try again in a few minutes.';
export const STORE_FAULT: RefusalView = { kind: 'refusal', message: STORE_FAULT_MESSAGE };

/** Logs an unexpected failure with its stack and a new reference, and answers the reference. */
export function failureReference(log: Log, error: unknown, what: string, fields: Record<string, unknown> = {}): string {
  const reference = randomBytes(4).toString('hex');
  log.error({ err: error, reference, ...fields }, `${what} failed`);
  return reference;
}

/** What the person sees when their request failed: the store's fault, or a reference to quote. */
export function troubleView(log: Log, error: unknown, what: string, fields: Record<string, unknown> = {}): RefusalView | ErrorView {
  if (error instanceof StoreFaultError) {
    log.warn('refused: the store has failed');
    return STORE_FAULT;
  }
  return { kind: 'error', reference: failureReference(log, error, what, fields) };
}
