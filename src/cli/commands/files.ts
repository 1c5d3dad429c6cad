/** What the output commands share: the store opened as the command line, and files written where asked. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { boot } from '../../boot.js';
import { systemActor, type Actor } from '../../review/actor.js';
import type { ReviewContext } from '../../review/context.js';
import type { Outbound } from '../../review/outbound.js';
import type { NotFoundView, RefusalView } from '../../review/views.js';
import type { Trust } from '../../store/records.js';
import type { OutputFile } from '../../outputs/files.js';
import { inputError, usageError, type CliIo } from '../io.js';
import { userInfo } from 'node:os';

/** The command line reads and decides nothing that would need a chat message. */
const noChat: Outbound = {
  send: async () => ({ status: 'unreachable', detail: 'the command line is not connected to a chat platform' }),
};

export interface Opened {
  ctx: ReviewContext;
  trust: Trust;
  /** The command line acts for the trust; audit entries name the account that ran it. */
  actor: Actor;
}

export async function openForCli(io: CliIo): Promise<Opened> {
  const { ctx } = await boot({ env: io.env, outbound: noChat });
  const trust = await ctx.store.getTrust();
  if (!trust) throw inputError('no trust is set up in the store');
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // No account name on this system: the audit entry still says it came from the command line.
  }
  return { ctx, trust, actor: systemActor(`Command line (${user})`) };
}

/** The format an --out file's extension names, among those allowed. */
export function formatOf<F extends string>(out: string | undefined, allowed: readonly F[], usage: string): F {
  if (!out) throw usageError(`${usage}\n--out <file> is needed`);
  const ext = extname(out).slice(1).toLowerCase();
  if (!(allowed as readonly string[]).includes(ext)) throw usageError(`--out ${out}: the file must end in ${allowed.map((a) => `.${a}`).join(' or ')}\n${usage}`);
  return ext as F;
}

export function refused(view: RefusalView | NotFoundView): never {
  if (view.kind === 'not_found') throw inputError(`no school matches "${view.query}"${view.suggestions.length ? `; did you mean: ${view.suggestions.join(', ')}?` : ''}`);
  throw inputError(view.message);
}

export function writeOutput(io: CliIo, out: string, file: OutputFile): void {
  const path = resolve(io.cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
  io.out(`Wrote ${path} (${file.content.length.toLocaleString('en-GB')} bytes)`);
}
