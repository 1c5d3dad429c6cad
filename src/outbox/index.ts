/** The durable outbox: every message written before it is sent, paced, retried, never dropped. */
export { createOutbox, type Outbox, type OutboxOptions } from './outbox.js';
export { createDirectSender, type DirectSenderOptions } from './direct.js';
export type { DispatchReport, OutboxSharing } from './dispatcher.js';
export { outboxSharing, OutboxSharingError } from './sharing.js';
export type { OutboxLog } from './log.js';
export { outcomeOfStatus, retryAfterMs, RETRY_STATUSES, type Deliverer, type DeliveryOutcome } from './deliverer.js';
export { payloadOf, toPayload, type OutboxPayload } from './payload.js';
export { PLATFORM_LIMITS, RateLimiter, SLACK_LIMITS, TEAMS_LIMITS, type PlatformLimits, type RateWindow } from './limits.js';
export { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry.js';
