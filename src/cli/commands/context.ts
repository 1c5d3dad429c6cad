import { systemActor } from '../../review/actor.js';
import { rubricOf } from '../../review/lookups.js';
import { setSchoolContext } from '../../review/school-context.js';
import { openTrust } from '../trust.js';
import { inputError, usageError, type CliIo } from '../io.js';


const USAGE = 'usage: context <school> [--<question> <answer>]... [--phases <a,b>]   e.g. context reach --ofsted special_measures --joined-trust 2026-09-01';

/**
 * `context <school> --ofsted special_measures --joined-trust 2026-09-01`: the options are the
 * rubric's context questions (an option's dashes are the id's underscores), so they are read
 * here rather than by the shared option parser.
 */
export async function contextCommand(args: string[], io: CliIo): Promise<void> {
  const words: string[] = [];
  const answers: Record<string, string> = {};
  let phases: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) { words.push(arg); continue; }
    const [flag, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) throw usageError(`--${flag} needs a value\n${USAGE}`);
    if (flag === 'phases') phases = value.split(',').map((p) => p.trim()).filter(Boolean);
    else answers[flag.replace(/-/g, '_')] = value;
  }
  const query = words.join(' ').trim();
  if (!query) throw usageError(USAGE);
  const { ctx, trust } = await openTrust(io);
  const rubric = rubricOf(ctx, trust);
  const unknown = Object.keys(answers).filter((id) => !rubric.context.some((q) => q.id === id));
  if (unknown.length) {
    const known = rubric.context.map((q) => `--${q.id.replace(/_/g, '-')}`);
    throw inputError(`${unknown.map((u) => `--${u.replace(/_/g, '-')}`).join(', ')}: not a context question of the ${rubric.name}; expected: ${[...known, ...(rubric.phases.length ? ['--phases'] : [])].join(', ') || '(none)'}`);
  }
  const view = await setSchoolContext(ctx, systemActor('Command line'), trust, { school: query, answers, ...(phases ? { phases } : {}) });
  if (view.kind === 'not_found') throw inputError(`no school matches "${query}"${view.suggestions.length ? `; did you mean: ${view.suggestions.join(', ')}?` : ''}`);
  if (view.kind === 'refusal') throw inputError(view.message);
  io.out([view.title, ...view.lines.map((l) => `  ${l}`)].join('\n'));
}
