/**
 * Slack delivery for the outbox: a view rendered as Block Kit and posted with chat.postMessage
 * into the kept channel, or into a person's direct message (opened with conversations.open the
 * first time, and its channel kept). Its Web API client neither retries nor waits out a rate
 * limit itself: the outbox owns retries and pacing, so Slack's answers are classed here, once.
 */
import { webApi } from '@slack/bolt';
import { outcomeOfStatus, payloadOf, type Deliverer, type DeliveryOutcome } from '../../outbox/index.js';
import type { Conversation, OutboxMessage } from '../../store/records.js';
import { SlackAddress } from './addresses.js';
import type { SlackSurfaces } from './surfaces.js';

/**
 * Slack's `error` codes that say trying again later may work (Web API docs: "internal_error",
 * "fatal_error", "service_unavailable", "request_timeout", and "ratelimited" when it comes
 * without a 429). Every other error is a refusal that another try would meet again.
 */
const TRANSIENT = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** What a refusal means, in words leadership can act on when told a message failed. */
const MEANING: Readonly<Record<string, string>> = {
  channel_not_found: 'the channel or direct message no longer exists, or the app cannot see it',
  not_in_channel: 'the app is not a member of the channel; invite it with /invite @termly',
  is_archived: 'the channel is archived',
  account_inactive: 'the app\'s token belongs to a deactivated user or workspace',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid',
  not_authed: 'no token was sent',
  token_revoked: 'the app\'s token was revoked (the app was uninstalled)',
  user_not_found: 'the person\'s Slack id on the roster is not a member of the workspace',
  user_disabled: 'the person\'s Slack account is deactivated',
  missing_scope: 'the app lacks a permission it needs; reinstall it from slack/manifest.yaml',
  restricted_action: 'the workspace does not let the app post there',
};

/** Slack's answer to a Web API call the deliverer made, as the outbox acts on it. */
export function outcomeOfSlackError(error: unknown): DeliveryOutcome {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { outcome: 'retry', status: 429, retryAfterMs: error.retryAfter * 1000, detail: `Slack answered ratelimited (Retry-After ${error.retryAfter} s)` };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return outcomeOfStatus('slack', error.statusCode, error.headers['retry-after'], `Slack answered ${error.statusMessage || 'an error'}`);
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (TRANSIENT.has(code)) return { outcome: 'retry', status: code === 'ratelimited' || code === 'rate_limited' ? 429 : 503, detail: `Slack answered ${code}` };
    return { outcome: 'failed', reason: `Slack refused it: ${code}${MEANING[code] ? ` (${MEANING[code]})` : ''}` };
  }
  // No answer at all (network, timeout): worth another try.
  return { outcome: 'retry', status: 0, detail: error instanceof Error ? error.message : String(error) };
}

export interface SlackDelivererOptions {
  client: webApi.WebClient;
  surfaces: SlackSurfaces;
  /** Keeps a direct message's channel beside the person's address, once opened. */
  keepChannel: (conversation: Conversation, address: { user: string; channel: string }) => Promise<void>;
}

/** The outbox's Slack door. */
export class SlackDeliverer implements Deliverer {
  readonly platform = 'slack' as const;
  constructor(private readonly options: SlackDelivererOptions) {}

  async deliver(conversation: Conversation, message: OutboxMessage): Promise<DeliveryOutcome> {
    const address = SlackAddress.safeParse(conversation.reference);
    if (!address.success) return { outcome: 'failed', reason: `the Slack address kept for ${conversation.key} is not usable: ${address.error.issues[0]!.message}` };
    const { client, surfaces } = this.options;
    const rendered = surfaces.message(payloadOf(message).view);
    try {
      let channel = address.data.channel;
      if (channel === undefined) {
        const user = address.data.user!;
        const opened = await client.conversations.open({ users: user });
        channel = opened.channel?.id;
        if (!channel) return { outcome: 'retry', status: 0, detail: 'Slack opened no direct message' };
        await this.options.keepChannel(conversation, { user, channel });
      }
      await client.chat.postMessage({ channel, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false });
      return { outcome: 'sent' };
    } catch (e) {
      return outcomeOfSlackError(e);
    }
  }
}

/**
 * A Web API client for the outbox: it makes one request per call and gives a 429 back at once
 * (with its Retry-After) rather than waiting, so the outbox's pacing and retries are the only ones.
 */
export function outboxClient(token: string, options: { slackApiUrl?: string; logger?: webApi.WebClientOptions['logger'] }): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A request with no answer is tried again by the outbox, not left hanging.
    timeout: 30_000,
  });
}
