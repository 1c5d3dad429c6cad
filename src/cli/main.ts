/**
 * The command line: `npm run cli -- <command>`. A trust can run a whole termly
 * categorisation from here before any chat tool is connected.
 */
import { parseArgs } from 'node:util';
import { CalendarError, CalendarFileError } from '../calendar/errors.js';
import { RubricError } from '../rubric/errors.js';
import { StoreCorruptError, StoreFaultError, StoreRecordError, StoreSetAsideError, StoreUnavailableError } from '../store/index.js';
import { CopyMismatchError } from '../store/copy.js';
import { DatabaseError } from '../store/postgres/database.js';
import { ScheduleError } from '../support/errors.js';
import { DemoTrustError } from '../trust/demo-file.js';
import { contextCommand } from './commands/context.js';
import { dbCommand } from './commands/db.js';
import { demoCommand } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { ChromiumMissingError, FontMissingError } from '../outputs/errors.js';
import { peersCommand } from './commands/peers.js';
import { rubricCommand } from './commands/rubric.js';
import { scheduleCommand } from './commands/schedule.js';
import { statusCommand } from './commands/status.js';
import { tenantCommand } from './commands/tenant.js';
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
  context <school> [--<question> <answer>]... [--phases <a,b>]
                                       a school's context facts, kept until changed
                                       (e.g. context reach --ofsted special_measures --joined-trust 2026-09-01)
  heatmap [--term <id>] --out <file.png|file.svg>
                                       the trust heat map: schools by areas, coloured by level
  trend <school> --out <file.png|file.svg>
                                       a school's category and key indicators over the terms
  export --format csv|xlsx [--term <id>] --out <file>
                                       every school and term: ratings, figures, categories
  import <file.csv|file.xlsx> [--term <id>] [--dry-run]
                                       indicator figures from a sheet, checked row by row
  template --format xlsx --out <file.xlsx>
                                       an empty import sheet with names, units and ranges
  report [--term <id>] --out <file.html|file.pdf>
                                       the termly board report (PDF printed in Chromium)
  demo seed [--trust <name>] [--schools <n> --years <n> --seed <k>]
                                       fill an empty store: a demo trust (ethos, four-stages,
                                       cmat, an-daras, cat-excellence) as npm start seeds it, or
                                       grown to n schools with n years of history
  tenant [--teams <tenant id>] [--slack <team id>]
                                       the Microsoft 365 tenant (Slack workspace) the trust's
                                       requests come from: how a deployment of several trusts
                                       routes them
  db check [--json]                    check every file of the store, line by line
  db migrate                           bring the database TERMLY_DATABASE_URL names up to date
  db copy --from <file|url> --to <file|url> [--trust <id>]
                                       move a trust's records to another store (e.g. from
                                       data/termly.db.json to a PostgreSQL database), checked
                                       and counted
  peers [--school <name>] [--area <id>] [--json]
                                       school-to-school support: peers strong where a school is weak
  help                                 this text

Add --debug to any command to see the details of an unexpected failure.

Exit codes: 0 done, 1 bad input, 2 wrong usage, 3 an unexpected failure (details with --debug).`;

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
  // The output commands load vega, exceljs and Chromium's driver: only when asked for.
  heatmap: async (a, io) => (await import('./commands/heatmap.js')).heatmapCommand({ term: str(a.values.term), out: str(a.values.out) }, io),
  trend: async (a, io) => (await import('./commands/trend.js')).trendCommand({ positionals: a.positionals, out: str(a.values.out) }, io),
  export: async (a, io) => (await import('./commands/export.js')).exportCommand({ format: str(a.values.format), term: str(a.values.term), out: str(a.values.out) }, io),
  import: async (a, io) => (await import('./commands/import.js')).importCommand({ positionals: a.positionals, term: str(a.values.term), dryRun: a.values['dry-run'] === true }, io),
  template: async (a, io) => (await import('./commands/template.js')).templateCommand({ format: str(a.values.format), out: str(a.values.out) }, io),
  report: async (a, io) => (await import('./commands/report.js')).reportCommand({ term: str(a.values.term), out: str(a.values.out) }, io),
  demo: (a, io) => demoCommand({ positionals: a.positionals, trust: str(a.values.trust), schools: str(a.values.schools), years: str(a.values.years), seed: str(a.values.seed) }, io),
  db: (a, io) => dbCommand({ positionals: a.positionals, json: a.values.json === true, from: str(a.values.from), to: str(a.values.to), trust: str(a.values.trust) }, io),
  tenant: (a, io) => tenantCommand({ teams: str(a.values.teams), slack: str(a.values.slack) }, io),
  peers: (a, io) => peersCommand({ school: str(a.values.school), area: str(a.values.area), json: a.values.json === true }, io),
  help: (_a, io) => io.out(USAGE),
};

const OPTIONS = {
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  ics: { type: 'boolean' },
  rubric: { type: 'string' },
  input: { type: 'string' },
  category: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  term: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  'dry-run': { type: 'boolean' },
  trust: { type: 'string' },
  schools: { type: 'string' },
  years: { type: 'string' },
  seed: { type: 'string' },
  school: { type: 'string' },
  area: { type: 'string' },
  teams: { type: 'string' },
  slack: { type: 'string' },
} as const;

const BAD_INPUT = [RubricError, CalendarFileError, CalendarError, ScheduleError, StoreCorruptError, StoreUnavailableError, StoreSetAsideError, StoreFaultError, StoreRecordError, DatabaseError, CopyMismatchError, DemoTrustError, FontMissingError, ChromiumMissingError];

/**
 * Runs one command; returns the exit code. Never throws: a person's mistake is named, and
 * anything else is reported in a line, with its stack trace only when --debug is given.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [name, ...rest] = argv;
    if (!name) throw usageError(USAGE);
    // Its options are the rubric's own context questions: read by the command itself.
    if (name === 'context') {
      await contextCommand(rest, io);
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
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
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.err(`termly: something went wrong: ${message}`);
    io.err(debug && e instanceof Error && e.stack ? e.stack : 'Run the command again with --debug for the details.');
    return EXIT.failed;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const io: CliIo = {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    tty: process.stdout.isTTY === true,
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
