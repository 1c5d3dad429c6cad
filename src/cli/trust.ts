/**
 * The store as every command that reads the trust opens it: never seeded (a demo trust written
 * here would be the one a production bot then runs on), and an empty store named, with how to fill it.
 */
import { userInfo } from 'node:os';
import { boot } from '../boot.js';
import { systemActor, type Actor } from '../review/actor.js';
import type { ReviewContext } from '../review/context.js';
import type { Outbound } from '../review/outbound.js';
import type { Trust } from '../store/records.js';
import { inputError, type CliIo } from './io.js';

/** The command line decides nothing that needs a chat message, and sends none. */
export const noChat: Outbound = {
  send: async () => ({ status: 'unreachable', detail: 'the command line is not connected to a chat platform' }),
};

export interface Opened {
  ctx: ReviewContext;
  trust: Trust;
  /** The command line acts for the trust; audit entries name the account that ran it. */
  actor: Actor;
}

export async function openTrust(io: CliIo): Promise<Opened> {
  const { ctx, store } = await boot({ env: io.env, outbound: noChat });
  const trust = await ctx.store.getTrust();
  if (!trust) throw inputError(`the store ${store.location} is empty: no trust is set up in it yet. To try Termly with a demo trust, seed it with: npm run cli -- demo seed`);
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // No account name on this system: the audit entry still says it came from the command line.
  }
  return { ctx, trust, actor: systemActor(`Command line (${user})`) };
}
