/**
 * What each chat platform's door is to the rest of the bot, whichever platform it speaks to.
 * As a receiver plugs into a Bolt app (bolt-js's Receiver: init, start, stop), a door plugs
 * into the process: it is given the use-cases and says which routes it answers on the shared
 * web server (src/web), it starts and stops taking requests, and it hands the outbox a
 * deliverer for the messages the bot starts on its platform. main.ts wires a list of them.
 */
import type { Deliverer } from '../outbox/index.js';
import type { ReviewService } from '../review/index.js';
import type { Platform } from '../store/records.js';
import type { WebRoute } from '../web/index.js';

export interface Door {
  readonly platform: Platform;
  /** What the outbox hands this platform's messages to. */
  readonly deliverer: Deliverer;
  /**
   * Puts the use-cases behind the door, once, and answers the routes it takes requests on: none
   * for a door that connects out rather than being called (Slack's Socket Mode).
   */
  init(service: ReviewService): readonly WebRoute[];
  /** Starts taking requests (after init, once the web server listens). */
  start(): Promise<void>;
  /** Stops taking requests; those under way finish first. */
  stop(): Promise<void>;
  /** One line for the start-up log: where the door takes requests and how they are checked. */
  describe(serverUrl: string): string;
}
