import { loadCalendar, type Calendar } from '../../calendar/index.js';
import { isIsoDate } from '../../calendar/dates.js';
import { terms } from '../../calendar/days.js';
import { readableDate } from '../../calendar/readable.js';
import { amountWords, buildSchedule, daysWords, scheduleToIcs, summariseSchedule } from '../../support/index.js';
import { inputError, usageError, type CliIo } from '../io.js';
import { rubricById } from './rubric.js';

export function scheduleCommand(opts: { rubric?: string; category?: string; from?: string; to?: string; json: boolean; ics: boolean }, io: CliIo): void {
  if (!opts.rubric || !opts.category || !opts.from || !opts.to) {
    throw usageError('usage: schedule --rubric <id> --category <id> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--json | --ics]');
  }
  if (opts.json && opts.ics) throw usageError('choose one of --json or --ics');
  const rubric = rubricById(opts.rubric);
  const category = rubric.categories.find((c) => c.id === opts.category);
  if (!category) throw inputError(`--category: "${opts.category}" is not a category of ${rubric.name}; expected one of: ${rubric.categories.map((c) => c.id).join(', ') || '(this rubric has none)'}`);
  if (!rubric.support) throw inputError(`${rubric.name} has no support packages to schedule`);
  for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (!isIsoDate(value)) throw inputError(`${name}: "${value}" is not a date as YYYY-MM-DD`);
  }
  if (opts.from > opts.to) throw inputError(`--from ${opts.from} is after --to ${opts.to}`);

  const calendar = loadCalendar(io.env.TERMLY_CALENDAR || undefined);
  const schedule = buildSchedule({ rubric, category: category.id, calendar, from: opts.from, to: opts.to });
  const summary = summariseSchedule(rubric, category.id, schedule);
  const period = periodWords(calendar, opts.from, opts.to);
  if (opts.json) {
    io.out(JSON.stringify({
      rubric: rubric.id,
      category: category.id,
      from: opts.from,
      to: opts.to,
      summary: summary.dated.map((a) => ({ ...a, amount: amountWords(a, period) })),
      onRequest: summary.onRequest,
      occurrences: schedule.occurrences.map((o) => ({ activity: o.activity, title: o.title, strand: o.strand, owner: o.owner, date: o.date, days: o.days, upTo: o.upTo, minutes: o.minutes })),
    }, null, 2));
    return;
  }
  if (opts.ics) {
    io.out(scheduleToIcs(schedule.occurrences, { school: { id: `${rubric.id}-${category.id}`, name: `${category.name} support` }, category: category.name, strands: rubric.support.strands }));
    return;
  }
  io.out(`${category.name} support, ${readableDate(opts.from, { year: true })} to ${readableDate(opts.to, { year: true })} (${rubric.name})`);
  if (summary.dated.length === 0) io.out('No dated support in this period.');
  for (const a of summary.dated) {
    io.out(`  ${a.title}`);
    io.out(`    ${[a.often, a.owner, `from ${readableDate(a.first)}`, amountWords(a, period)].join(' · ')}`);
  }
  if (summary.onRequest.length) {
    io.out('On request:');
    for (const a of summary.onRequest) io.out(`  • ${a.title} (${a.owner})`);
  }
  if (schedule.occurrences.length) io.out(`Every date (${schedule.occurrences.length}):`);
  for (const o of schedule.occurrences) {
    io.out(`  ${readableDate(o.date, { year: true })}  ${o.title}${o.days !== null ? ` (${daysWords(o.days, o.upTo)})` : o.minutes ? ` (${o.minutes} minutes)` : ''} — ${o.owner}`);
  }
}

/** "this term" when the range meets one term only, "in all" otherwise. */
function periodWords(calendar: Calendar, from: string, to: string): string {
  return terms(calendar).filter((t) => t.firstDay <= to && t.lastDay >= from).length === 1 ? 'this term' : 'in all';
}
