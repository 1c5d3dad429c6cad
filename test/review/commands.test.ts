/**
 * The command registry: typed text is routed by it, and the help card, the Teams app's command
 * menus and Slack's slash commands are all derived from it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Actor } from '../../src/review/actor.js';
import {
  COMMANDS, helpView, readCommand, slackSlashCommands, slashCommandText, teamsCommandLists, type Entry,
} from '../../src/review/commands.js';
import type { View } from '../../src/review/views.js';
import type { MemoryStore } from '../../src/store/memory.js';
import { CEO, demoContext, REACH_HEAD } from './harness.js';
import { PERMISSIONS } from './permissions.table.js';

const SLACK_MANIFEST = new URL('../../slack/manifest.yaml', import.meta.url);

const actor = (leadership: boolean): Actor => ({
  person: { id: leadership ? 'ceo' : 'head', name: 'A person', title: 'A title', roles: [leadership ? 'ceo' : 'head'], schoolIds: leadership ? [] : ['reach-academy'] },
  leadership,
  decides: leadership,
  roles: [leadership ? 'ceo' : 'head'],
});
const LEADER = actor(true);
const HEAD = actor(false);

let demo: Awaited<ReturnType<typeof demoContext>>;
beforeAll(async () => {
  demo = await demoContext();
});

const say = async (who: typeof CEO | typeof REACH_HEAD, text: string): Promise<View> => demo.service.handleText(who, text);
const message = (view: View) => (view.kind === 'refusal' ? view.message : `(a ${view.kind})`);

describe('typed text', () => {
  it('names the command with the longest matching name, in any case, with or without a slash; the words after it are kept as typed', () => {
    const read = (text: string) => {
      const found = readCommand(text);
      return found ? [found.command.name, found.arg] : null;
    };
    expect(read('/review OPEN 2026-27-Spring')).toEqual(['review open', '2026-27-Spring']);
    expect(read('Review  open')).toEqual(['review open', '']);
    expect(read('review reopen Reach Academy')).toEqual(['review reopen', 'Reach Academy']);
    expect(read('review reopenx')).toEqual(['review', 'reopenx']);
    expect(read('review Reach Academy')).toEqual(['review', 'Reach Academy']);
    expect(read('/STATUS reach')).toEqual(['status', 'reach']);
    expect(read('HELP me')).toEqual(['help', 'me']);
    expect(read('hi there')).toEqual(['hello', 'there']);
    expect(read('')).toEqual(['hello', '']);
    expect(read('/')).toEqual(['hello', '']);
    expect(read('attendance 91.4')).toBeNull();
    expect(read('/statusx')).toBeNull();
  });

  it('a command given words it does not take is refused naming them, once who may use it is answered; one missing its words says what to add; nothing is written', async () => {
    const written = (demo.store as MemoryStore).recordsWritten;
    const takesNothing = (command: string, extra: string, does: string) =>
      `${command} takes nothing after it (${does}), so "${extra}" was not understood and nothing was done. Type "help" for the commands.`;
    expect(message(await say(CEO, '/remind me'))).toBe(takesNothing('/remind', 'me', 'it reminds every head who has not submitted'));
    expect(message(await say(CEO, '/calendar next'))).toBe(takesNothing('/calendar', 'next', 'it lists the review windows ahead'));
    expect(message(await say(CEO, '/review close now'))).toBe(takesNothing('/review close', 'now', 'it closes the open window'));
    expect(message(await say(REACH_HEAD, '/remind me'))).toBe('Sorry, sending reminders is for trust leadership only.');
    expect(message(await say(REACH_HEAD, '/calendar next'))).toBe('Sorry, the review calendar is for trust leadership only.');
    expect(message(await say(REACH_HEAD, '/review close now'))).toBe('Sorry, closing a review window is for trust leadership only.');
    expect(message(await say(CEO, '/review reopen'))).toBe('Say which school\'s review to reopen, e.g. "/review reopen Reach Academy".');
    expect(message(await say(REACH_HEAD, '/context'))).toBe('Say which school, e.g. "/context Reach Academy" to see its context, or "/context Reach Academy ofsted special_measures" to change it.');
    expect((demo.store as MemoryStore).recordsWritten).toBe(written);
  });
});

describe('the help card', () => {
  const HEADS = [
    ['review', 'start or carry on your school\'s review'],
    ['<figure> <value>', 'while a review is open, type a figure, e.g. "attendance 91.4"'],
    ['/status <school>', 'a school\'s category, trend, levels, review and support'],
  ];
  const LEADERSHIP = [
    ['/status', 'every school at a glance'],
    ['/review open', 'open this term\'s review window and message every head'],
    ['/review close', 'close the window; see who is missing and what awaits a decision'],
    ['/review reopen <school>', 'reopen a decided review so its head can change answers (CEO, Director of Education)'],
    ['/remind', 'remind heads who have not submitted'],
    ['/calendar', 'the review windows ahead'],
    ['/context <school> [<question> <answer>]', 'a school\'s context (e.g. Ofsted judgement, date it joined the trust), kept until changed'],
    ['/report [term]', 'the termly board report (PDF) and the heat map'],
    ['/peers [area]', 'school-to-school support: who is strong in what, and peers suggested for weak areas'],
    ['(attach a .csv or .xlsx)', 'import indicator figures; say "dry run" with it to check only'],
  ];
  const HELP = ['help', 'this list'];
  const lines = (view: View) => (view.kind === 'help' ? view.commands.map((c) => [c.command, c.description]) : []);

  it('lists, in order, what is offered to the person: a head sees their own commands, leadership theirs too', async () => {
    expect(lines(await say(REACH_HEAD, 'help'))).toEqual([...HEADS, HELP]);
    expect(lines(await say(CEO, 'help'))).toEqual([...HEADS, ...LEADERSHIP, HELP]);
    expect(await say(CEO, 'frobnicate')).toMatchObject({ kind: 'help', notUnderstood: 'frobnicate', leadership: true });
  });
});

describe('what is derived from the registry', () => {
  const absence: Entry = {
    name: 'absence',
    offeredTo: 'leadership',
    argument: { takes: 'optional' },
    help: [{ usage: '/absence [school]', description: 'who is away today' }],
    teams: ['team'],
    run: async () => ({ kind: 'notice', title: 'Absence', lines: [], action: null }),
  };
  const registry = [...COMMANDS, absence];

  it('a command added to the registry is routed, and shows on the help card, in the Teams menus and in Slack\'s slash commands', () => {
    expect(readCommand('/Absence Reach Academy', registry)).toEqual({ command: absence, arg: 'Reach Academy' });
    expect(helpView(LEADER, null, registry).commands).toContainEqual({ command: '/absence [school]', description: 'who is away today' });
    expect(helpView(HEAD, null, registry).commands.map((c) => c.command)).not.toContain('/absence [school]');
    const [personal, team] = teamsCommandLists(registry);
    expect(team!.commands.at(-1)).toEqual({ title: '/absence', description: 'Who is away today' });
    expect(personal!.commands.map((c) => c.title)).not.toContain('/absence');
    expect(slackSlashCommands(registry).at(-1)).toEqual({ command: '/absence', description: 'Leadership: who is away today', usage_hint: '[school]' });
    expect(slashCommandText('/absence', 'Reach Academy', registry)).toBe('absence Reach Academy');

    // And none of them shows it when it is not registered.
    expect(readCommand('/absence Reach Academy')).toBeNull();
    expect(helpView(LEADER).commands.map((c) => c.command)).not.toContain('/absence [school]');
    expect(teamsCommandLists().flatMap((l) => l.commands.map((c) => c.title))).not.toContain('/absence');
    expect(slackSlashCommands().map((c) => c.command)).not.toContain('/absence');
  });

  it('the Teams menus hold at most ten commands each, titles of 32 characters at most and descriptions of 128', () => {
    for (const list of teamsCommandLists()) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(c.title.length, c.title).toBeLessThanOrEqual(32);
        expect(c.description.length, c.title).toBeLessThanOrEqual(128);
      }
    }
  });

  it('Slack\'s slash commands have names Slack accepts and does not keep for itself, and each stands for the chat command of the same words', () => {
    // Slack's own commands: a manifest naming one of them is refused ("invalid name").
    const SLACK_OWN = ['/active', '/away', '/collapse', '/dm', '/dnd', '/expand', '/feed', '/help', '/invite', '/leave', '/me', '/msg', '/mute', '/open', '/remind', '/search', '/shortcuts', '/shrug', '/status', '/topic', '/who'];
    const commands = slackSlashCommands();
    expect(commands.map((c) => c.command)).toEqual(['/review', '/termly-status', '/termly-remind', '/calendar', '/context', '/report', '/peers', '/termly']);
    for (const c of commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(SLACK_OWN).not.toContain(c.command);
      // The limits of Slack's app manifest.
      expect(c.description.length, c.command).toBeLessThanOrEqual(2000);
      expect((c.usage_hint ?? '').length, c.command).toBeLessThanOrEqual(1000);
    }
    expect(commands.find((c) => c.command === '/review')).toMatchObject({ usage_hint: 'open | close | reopen <school>' });
    expect(slashCommandText('/termly-status', 'Reach Academy')).toBe('status Reach Academy');
    expect(readCommand(slashCommandText('/review', 'reopen Reach Academy')!)).toMatchObject({ command: { name: 'review reopen' }, arg: 'Reach Academy' });
    expect(readCommand(slashCommandText('/termly', '')!)).toMatchObject({ command: { name: 'help' } });
    // A workspace where Slack lets an app have /status itself (or a signed test request) is answered too.
    expect(slashCommandText('/status', 'Reach Academy')).toBe('status Reach Academy');
    expect(slashCommandText('/giphy', 'cats')).toBeNull();
  });

  it('slack/manifest.yaml declares the registry\'s slash commands (npm run package:slack writes them)', () => {
    const manifest = parse(readFileSync(SLACK_MANIFEST, 'utf8')) as { features?: { slash_commands?: Record<string, unknown>[] } };
    const declared = (manifest.features?.slash_commands ?? []).map(({ command, description, usage_hint }) => ({ command, description, ...(usage_hint === undefined ? {} : { usage_hint }) }));
    expect(declared).toEqual(slackSlashCommands());
  });

  it('every command has a row in the permissions table', () => {
    const rowsFor = (name: string) => PERMISSIONS.filter((row) => row.act.door === 'chat' && readCommand(row.act.text)?.command.name === name);
    for (const entry of COMMANDS) {
      if ('name' in entry) expect(rowsFor(entry.name).length, `${entry.name}: no row in test/review/permissions.table.ts`).toBeGreaterThan(0);
    }
  });
});
