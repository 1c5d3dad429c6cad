import { loadCalendar } from '../../calendar/index.js';
import { isIsoDate } from '../../calendar/dates.js';
import { buildSchedule, scheduleToIcs } from '../../support/index.js';
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
  if (opts.json) {
    io.out(JSON.stringify({
      rubric: rubric.id,
      category: category.id,
      from: opts.from,
      to: opts.to,
      occurrences: schedule.occurrences.map((o) => ({ activity: o.activity, title: o.title, strand: o.strand, owner: o.owner, date: o.date, days: o.days, minutes: o.minutes })),
      undated: schedule.undated.map((a) => ({ activity: a.id, title: a.title, strand: a.strand, owner: a.owner })),
    }, null, 2));
    return;
  }
  if (opts.ics) {
    io.out(scheduleToIcs(schedule.occurrences, { school: { id: `${rubric.id}-${category.id}`, name: `${category.name} support` }, category: category.name, strands: rubric.support.strands }));
    return;
  }
  io.out(`${category.name} support, ${opts.from} to ${opts.to} (${rubric.name})`);
  for (const o of schedule.occurrences) {
    io.out(`  ${o.date}  ${o.title}${o.days !== null ? ` (${o.days} day${o.days === 1 ? '' : 's'})` : o.minutes ? ` (${o.minutes} min)` : ''} — ${o.owner}`);
  }
  if (schedule.undated.length) io.out(`When needed: ${schedule.undated.map((a) => `${a.title} (${a.owner})`).join('; ')}`);
  io.out(`${schedule.occurrences.length} dated occurrences.`);
}
