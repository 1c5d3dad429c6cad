/**
 * The command line: `npm run cli -- <command>`. A trust can run a whole termly
 * categorisation from here before any chat tool is connected.
 */
import { parseArgs } from 'node:util';
import { CalendarError, CalendarFileError } from '../calendar/errors.js';
import { RubricError } from '../rubric/errors.js';
import { StoreCorruptError, StoreUnavailableError } from '../store/index.js';
import { ScheduleError } from '../support/errors.js';
import { DemoTrustError } from '../trust/demo-file.js';
import { evaluateCommand } from './commands/evaluate.js';
import { peersCommand } from './commands/peers.js';
import { rubricCommand } from './commands/rubric.js';
import { scheduleCommand } from './commands/schedule.js';
import { statusCommand } from './commands/status.js';
import { CliError, EXIT, usageError, type CliIo } from './io.js';

export const USAGE = `Usage: npm run cli -- <command>

  rubric list                          the frameworks on offer
  rubric show <id> [--json]            one framework: areas, levels, rules, support
  rubric check <file>                  check a rubric file; problems name the path and line
  evaluate --rubric <id> --input <file> [--json]
                                       evaluate a school's answers and explain the proposal
  schedule --rubric <id> --category <id> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--json | --ics]
                                       a category's support, dated on the term calendar
  status <school> [--json]             a school's category, trend, levels and support
                                       ("reach" finds Reach Academy)
  peers [--school <name>] [--area <id>] [--json]
                                       school-to-school support: peers strong where a school is weak
  help                                 this text

Exit codes: 0 done, 1 bad input, 2 wrong usage.`;

type Command = (args: Args, io: CliIo) => void | Promise<void>;
interface Args {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

const COMMANDS: Record<string, Command> = {
  rubric: (a, io) => rubricCommand({ positionals: a.positionals, json: a.values.json === true }, io),
  evaluate: (a, io) => evaluateCommand({ rubric: str(a.values.rubric), input: str(a.values.input), json: a.values.json === true }, io),
  schedule: (a, io) => scheduleCommand({ rubric: str(a.values.rubric), category: str(a.values.category), from: str(a.values.from), to: str(a.values.to), json: a.values.json === true, ics: a.values.ics === true }, io),
  status: (a, io) => statusCommand({ positionals: a.positionals, json: a.values.json === true }, io),
  peers: (a, io) => peersCommand({ school: str(a.values.school), area: str(a.values.area), json: a.values.json === true }, io),
  help: (_a, io) => io.out(USAGE),
};

const OPTIONS = {
  json: { type: 'boolean' },
  ics: { type: 'boolean' },
  rubric: { type: 'string' },
  input: { type: 'string' },
  category: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  school: { type: 'string' },
  area: { type: 'string' },
} as const;

const BAD_INPUT = [RubricError, CalendarFileError, CalendarError, ScheduleError, StoreCorruptError, StoreUnavailableError, DemoTrustError];

/** Runs one command; returns the exit code. Never throws for a person's mistake. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (!name) throw usageError(USAGE);
    const command = COMMANDS[name];
    if (!command) throw usageError(`unknown command "${name}"\n\n${USAGE}`);
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
    try {
      parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw usageError(`${(e as Error).message}\n\n${USAGE}`);
    }
    await command({ positionals: parsed.positionals, values: parsed.values }, io);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.message);
      return e.exitCode;
    }
    // A file the person can fix (rubric, calendar, store, demo data): its message names it.
    if (BAD_INPUT.some((type) => e instanceof type)) {
      io.err((e as Error).message);
      return EXIT.badInput;
    }
    throw e;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const io: CliIo = {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
