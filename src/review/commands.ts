/**
 * The chat commands, each declared once: the words that name it, what may follow them, who it
 * is offered to, its lines on the help card and what it does. The help card, the Teams app's
 * command menus and Slack's slash commands are all derived from this list, and typed text is
 * routed by it, so a command added here shows in all of them.
 *
 * Who may actually do something stays with the use-case a command calls: `offeredTo` says who
 * is shown the command, not who is allowed.
 */
import { refusals, type Actor } from './actor.js';
import type { ReviewContext } from './context.js';
import { calendarLines } from './jobs.js';
import { rubricOf } from './lookups.js';
import { reportOffer } from './outputs.js';
import { peersNotice } from './peers.js';
import { startReview } from './questionnaire.js';
import { remindNow } from './reminders.js';
import { reopenReview } from './reopen.js';
import { parseContextCommand, setSchoolContext } from './school-context.js';
import { findSchool } from './schools.js';
import { schoolStatus, trustOverview } from './status.js';
import type { HelpView, View } from './views.js';
import { closeWindow, openingNotice, openWindow, openWindowOf } from './windows.js';
import type { ScheduleSettings } from '../scheduler/config.js';
import type { Trust } from '../store/records.js';

/** Who a command is shown to. Heads see the commands offered to everyone. */
export type Audience = 'everyone' | 'leadership';

/** One line of the help card. */
export interface Usage {
  usage: string;
  description: string;
  /** When it differs from the command's (`/status` alone is leadership's overview). */
  offeredTo?: Audience;
}

/** What may follow a command's name. */
export type Argument =
  /** Words after it are refused, naming them; `does` says what the command does instead. */
  | { takes: 'nothing'; does: string }
  | { takes: 'optional' }
  /** `missing` is the answer when nothing follows. */
  | { takes: 'required'; missing: string };

/** Everything a command's handler needs: the asker, the trust, and the words after the command's name. */
export interface CommandCall {
  ctx: ReviewContext;
  actor: Actor;
  trust: Trust;
  /** The words after the command's name as typed (spaces collapsed); '' when there are none. */
  arg: string;
  /** Said in leadership's own channel: what leadership is told about it is the answer itself. */
  inLeadershipChannel: boolean;
  /** The scheduler's settings, so that /calendar shows the dates and times it will use. */
  schedule: ScheduleSettings | undefined;
}

/** The Teams command menus: one for the personal chat, one for channels and group chats. Each holds ten. */
export type TeamsScope = 'personal' | 'team';

export interface Command {
  /** The words that name it, in lower case, without the slash: `status`, `review open`. */
  name: string;
  /** Other first words that mean the same. */
  aliases?: string[];
  offeredTo: Audience;
  argument: Argument;
  /** Its lines on the help card, in order; none for a command that is understood but not listed. */
  help: Usage[];
  /** What it does in a command menu, where the help line's words would not read on their own. */
  summary?: string;
  /** The Teams command menus it is listed in. */
  teams?: TeamsScope[];
  /** Its slash command in Slack when Slack keeps `/<name>` for itself. */
  slash?: string;
  run(call: CommandCall): Promise<View>;
}

/** Something understood without a command word, listed on the help card and handled elsewhere. */
export interface Input {
  input: 'figure' | 'spreadsheet';
  offeredTo: Audience;
  help: Usage[];
}

export type Entry = Command | Input;

/** Everything the bot understands in chat, in the order the help card lists it. */
export const COMMANDS: Entry[] = [
  {
    name: 'review',
    offeredTo: 'everyone',
    argument: { takes: 'optional' },
    help: [{ usage: 'review', description: 'start or carry on your school\'s review' }],
    teams: ['personal'],
    async run({ ctx, actor, trust, arg }) {
      if (!arg) return startReview(ctx, actor, trust);
      const match = findSchool(trust.schools, arg);
      if (match.kind !== 'found') return { kind: 'not_found', query: arg, suggestions: (match.kind === 'ambiguous' ? match.schools : match.suggestions).map((s) => s.name) };
      return startReview(ctx, actor, trust, { schoolId: match.school.id });
    },
  },
  {
    // Text that names no command: recordFigureText reads it while a review is open.
    input: 'figure',
    offeredTo: 'everyone',
    help: [{ usage: '<figure> <value>', description: 'while a review is open, type a figure, e.g. "attendance 91.4"' }],
  },
  {
    name: 'status',
    offeredTo: 'everyone',
    argument: { takes: 'optional' },
    help: [
      { usage: '/status <school>', description: 'a school\'s category, trend, levels, review and support' },
      { usage: '/status', description: 'every school at a glance', offeredTo: 'leadership' },
    ],
    teams: ['personal', 'team'],
    // Slack's own /status sets a person's status.
    slash: '/termly-status',
    async run({ ctx, actor, trust, arg }) {
      if (arg) return schoolStatus(ctx, actor, trust, arg);
      if (actor.leadership) return trustOverview(ctx, actor, trust);
      const own = trust.schools.find((s) => actor.person.schoolIds.includes(s.id));
      return own ? schoolStatus(ctx, actor, trust, own.name) : refusals.stranger();
    },
  },
  {
    name: 'review open',
    offeredTo: 'leadership',
    argument: { takes: 'optional' },
    help: [{ usage: '/review open', description: 'open this term\'s review window and message every head' }],
    teams: ['personal', 'team'],
    run: ({ ctx, actor, trust, arg }) => openWindow(ctx, actor, trust, arg ? { windowId: arg } : {}),
  },
  {
    name: 'review close',
    offeredTo: 'leadership',
    argument: { takes: 'nothing', does: 'it closes the open window' },
    help: [{ usage: '/review close', description: 'close the window; see who is missing and what awaits a decision' }],
    teams: ['personal', 'team'],
    run: ({ ctx, actor, trust, inLeadershipChannel }) => closeWindow(ctx, actor, trust, inLeadershipChannel),
  },
  {
    name: 'review reopen',
    // Listed for all of leadership, its description naming who may reopen; reopenReview lets only them.
    offeredTo: 'leadership',
    argument: { takes: 'required', missing: 'Say which school\'s review to reopen, e.g. "/review reopen Reach Academy".' },
    help: [{ usage: '/review reopen <school>', description: 'reopen a decided review so its head can change answers (CEO, Director of Education)' }],
    run: ({ ctx, actor, trust, arg }) => reopenReview(ctx, actor, trust, arg),
  },
  {
    name: 'remind',
    offeredTo: 'leadership',
    argument: { takes: 'nothing', does: 'it reminds every head who has not submitted' },
    help: [{ usage: '/remind', description: 'remind heads who have not submitted' }],
    teams: ['personal', 'team'],
    // Slack's own /remind sets a reminder.
    slash: '/termly-remind',
    run: ({ ctx, actor, trust }) => remindNow(ctx, actor, trust),
  },
  {
    name: 'calendar',
    offeredTo: 'leadership',
    argument: { takes: 'nothing', does: 'it lists the review windows ahead' },
    help: [{ usage: '/calendar', description: 'the review windows ahead' }],
    teams: ['personal'],
    run: calendarView,
  },
  {
    name: 'context',
    offeredTo: 'leadership',
    argument: { takes: 'required', missing: 'Say which school, e.g. "/context Reach Academy" to see its context, or "/context Reach Academy ofsted special_measures" to change it.' },
    help: [{ usage: '/context <school> [<question> <answer>]', description: 'a school\'s context (e.g. Ofsted judgement, date it joined the trust), kept until changed' }],
    teams: ['personal', 'team'],
    run: ({ ctx, actor, trust, arg }) => setSchoolContext(ctx, actor, trust, parseContextCommand(rubricOf(ctx, trust), arg)),
  },
  {
    name: 'report',
    offeredTo: 'leadership',
    argument: { takes: 'optional' },
    help: [{ usage: '/report [term]', description: 'the termly board report (PDF) and the heat map' }],
    teams: ['personal', 'team'],
    run: ({ ctx, actor, trust, arg }) => reportOffer(ctx, actor, trust, arg || undefined),
  },
  {
    name: 'peers',
    offeredTo: 'leadership',
    argument: { takes: 'optional' },
    help: [{ usage: '/peers [area]', description: 'school-to-school support: who is strong in what, and peers suggested for weak areas' }],
    teams: ['personal', 'team'],
    run: ({ ctx, actor, trust, arg }) => peersNotice(ctx, actor, trust, arg || undefined),
  },
  {
    // A file sent in chat: the service's handleFile.
    input: 'spreadsheet',
    offeredTo: 'leadership',
    help: [{ usage: '(attach a .csv or .xlsx)', description: 'import indicator figures; say "dry run" with it to check only' }],
  },
  {
    name: 'help',
    offeredTo: 'everyone',
    argument: { takes: 'optional' },
    help: [{ usage: 'help', description: 'this list' }],
    summary: 'what Termly can do',
    teams: ['personal', 'team'],
    // Slack keeps /help; the app's own name is what a Slack user tries first.
    slash: '/termly',
    run: async ({ actor }) => helpView(actor),
  },
  {
    name: 'hello',
    // Nothing typed at all: an @mention alone.
    aliases: ['hi', ''],
    offeredTo: 'everyone',
    argument: { takes: 'optional' },
    help: [],
    run: ({ ctx, actor, trust }) => greeting(ctx, actor, trust),
  },
];

export function isCommand(entry: Entry): entry is Command {
  return 'name' in entry;
}

function offered(audience: Audience, actor: Actor): boolean {
  return audience === 'everyone' || actor.leadership;
}

/**
 * The command typed text names, and the words after its name: the longest name that matches
 * wins (`review open` before `review`). The first word may start with a slash; names are
 * matched in any case. Null when the text names no command.
 */
export function readCommand(text: string, entries: readonly Entry[] = COMMANDS): { command: Command; arg: string } | null {
  const words = text.trim().replace(/\s+/g, ' ').split(' ');
  const first = words[0]!.toLowerCase().replace(/^\//, '');
  const commands = entries.filter(isCommand).map((command) => ({ command, words: command.name.split(' ') }))
    .sort((a, b) => b.words.length - a.words.length);
  for (const { command, words: named } of commands) {
    if (named[0] !== first && !command.aliases?.includes(first)) continue;
    if (named.slice(1).every((w, i) => words[i + 1]?.toLowerCase() === w)) return { command, arg: words.slice(named.length).join(' ') };
  }
  return null;
}

/** Runs a command on the words after its name: what its argument takes is checked first. */
export async function runCommand(command: Command, call: CommandCall): Promise<View> {
  const { argument } = command;
  if (argument.takes === 'required' && !call.arg) return { kind: 'refusal', message: argument.missing };
  // Who may use a command is answered first (by its use-case); then words it does not take.
  if (argument.takes === 'nothing' && call.arg && offered(command.offeredTo, call.actor)) {
    return { kind: 'refusal', message: `/${command.name} takes nothing after it (${argument.does}), so "${call.arg}" was not understood and nothing was done. Type "help" for the commands.` };
  }
  return command.run(call);
}

/** The help card: the lines of every command offered to the person, in the registry's order. */
export function helpView(actor: Actor, notUnderstood: string | null = null, entries: readonly Entry[] = COMMANDS): HelpView {
  const commands = entries.flatMap((entry) => entry.help
    .filter((line) => offered(line.offeredTo ?? entry.offeredTo, actor))
    .map((line) => ({ command: line.usage, description: line.description })));
  return { kind: 'help', leadership: actor.leadership, commands, notUnderstood };
}

/** A head with a review to do in the open window gets its Start card; everyone else, help. */
export async function greeting(ctx: ReviewContext, actor: Actor, trust: Trust): Promise<View> {
  const window = await openWindowOf(ctx);
  if (window && actor.roles.includes('head')) {
    for (const school of trust.schools.filter((s) => actor.person.schoolIds.includes(s.id))) {
      const submission = await ctx.store.getSubmission(school.id, window.id);
      if (submission?.state !== 'submitted') return openingNotice(window, school, 'Type "help" for everything else I can do.');
    }
  }
  return helpView(actor);
}

/** The review windows ahead, then the scheduler's coming steps with their dates and times. */
async function calendarView({ ctx, actor, trust, schedule }: CommandCall): Promise<View> {
  if (!actor.leadership) return refusals.leadershipOnly('the review calendar');
  const { windows, coming } = await calendarLines(ctx, trust, schedule);
  return {
    kind: 'notice',
    title: 'Review calendar',
    lines: [
      ...(windows.length ? windows : ['No review window is left in the term dates: add the next academic year.']),
      ...(coming.length ? ['Coming up (London time):', ...coming] : []),
    ],
    action: null,
  };
}

/**
 * What a command does, said on its own in a menu: its summary, or its first help line. A menu
 * heads see too says which commands are leadership's.
 */
function menuText(command: Command, seenByHeads: boolean): string {
  const text = command.summary ?? command.help[0]?.description ?? command.name;
  const said = seenByHeads && command.offeredTo === 'leadership' ? `Leadership: ${text}` : text;
  return said.charAt(0).toUpperCase() + said.slice(1);
}

/** A command as typed: with the slash when its help shows one (`/status`), without when not (`review`, `help`). */
function typed(command: Command): string {
  return `${command.help[0]?.usage.startsWith('/') ? '/' : ''}${command.name}`;
}

export interface TeamsCommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}

/** The Teams app's command menus (the manifest's `bots[].commandLists`); heads see the personal chat's. */
export function teamsCommandLists(entries: readonly Entry[] = COMMANDS): TeamsCommandList[] {
  const listed = (scope: TeamsScope) => entries.filter(isCommand).filter((c) => c.teams?.includes(scope)).map((c) => ({
    title: typed(c),
    description: menuText(c, scope === 'personal'),
  }));
  return [
    { scopes: ['personal'], commands: listed('personal') },
    { scopes: ['team', 'groupChat'], commands: listed('team') },
  ];
}

/** A slash command as Slack's app manifest declares it (`features.slash_commands`). */
export interface SlackSlashCommand {
  command: string;
  description: string;
  usage_hint?: string;
}

/**
 * Slack's slash commands: one per first word (`/review` takes `open`, `close` and `reopen`),
 * for every command on the help card. The usage hint is what its help lines show after it.
 * Everyone in a workspace sees every slash command, heads too.
 */
export function slackSlashCommands(entries: readonly Entry[] = COMMANDS): SlackSlashCommand[] {
  const commands = entries.filter(isCommand).filter((c) => c.help.length > 0);
  return commands.filter((c) => !c.name.includes(' ')).map((c) => {
    const hints = commands.filter((o) => o.name === c.name || o.name.startsWith(`${c.name} `))
      .flatMap((o) => o.help.map((line) => line.usage.replace(/^\/?\S+\s?/, '')))
      .filter((hint, i, all) => hint !== '' && all.indexOf(hint) === i);
    return { command: c.slash ?? `/${c.name}`, description: menuText(c, true), ...(hints.length ? { usage_hint: hints.join(' | ') } : {}) };
  });
}

/**
 * The chat text a Slack slash command stands for (`/termly-status Reach Academy` is
 * `status Reach Academy`), to be handled as typed text is; null for a command not ours. The plain
 * name is read too (`/status`), for a workspace where Slack lets the app have it.
 */
export function slashCommandText(command: string, text: string, entries: readonly Entry[] = COMMANDS): string | null {
  const named = entries.filter(isCommand).filter((c) => !c.name.includes(' '))
    .find((c) => [c.slash, `/${c.name}`].includes(command.trim().toLowerCase()));
  return named ? `${named.name} ${text}`.trim() : null;
}
