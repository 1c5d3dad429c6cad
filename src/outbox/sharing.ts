/**
 * This process as one of several senders sharing a database's outbox (replicas): its name,
 * unique among them, and how long its claims hold. TERMLY_OUTBOX_LEASE_SECONDS sets the lease
 * (default 120 s, longer than the longest wait a batch makes for a retry): a replica that dies
 * mid-send leaves its claimed messages to another once it has passed.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { OutboxSharing } from './dispatcher.js';

export const DEFAULT_LEASE_SECONDS = 120;
/** Conversations claimed for one batch: a few seconds' sending at the per-app limit. */
export const CLAIMED_CONVERSATIONS = 50;

export class OutboxSharingError extends Error {
  readonly code = 'OUTBOX_SHARING_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'OutboxSharingError';
  }
}

export function outboxSharing(env: Record<string, string | undefined>): OutboxSharing {
  const given = env.TERMLY_OUTBOX_LEASE_SECONDS?.trim();
  const seconds = given ? Number(given) : DEFAULT_LEASE_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    throw new OutboxSharingError(`TERMLY_OUTBOX_LEASE_SECONDS: expected a whole number of seconds from 1 to 3600, found "${given}"`);
  }
  return { sender: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, leaseMs: seconds * 1000, conversations: CLAIMED_CONVERSATIONS };
}
