/**
 * Views kept in the outbox outlive the code that wrote them: a decision held overnight for the
 * next school morning is sent by the code running then. A view written by an earlier version
 * is brought to today's shape here, before any door renders it.
 */
import { readableDate } from '../calendar/readable.js';
import { daysWords } from '../support/words.js';
import type { DecisionView, ScheduleItem, SupportLine, SupportSchedule, View } from './views.js';

/** A decision's schedule as views carried it before support was summarised by activity. */
interface EarlierSchedule {
  term: string;
  from: string;
  to: string;
  items: { date: string; title: string; owner: string; strand: string; days: number | null }[];
  undated: string[];
}

export function upgradeStoredView(view: View): View {
  if (view.kind !== 'decision') return view;
  const schedule = view.schedule as SupportSchedule | EarlierSchedule;
  if ('summary' in schedule) return view;
  return { ...view, schedule: fromEarlier(schedule) } satisfies DecisionView;
}

/**
 * The earlier schedule kept no cadences, so each activity's line says who, from when and how
 * much, without how often; its on-request items were "title (owner)" text.
 */
function fromEarlier(schedule: EarlierSchedule): SupportSchedule {
  const items: ScheduleItem[] = schedule.items.map((i) => ({
    ...i, when: readableDate(i.date), daysText: i.days !== null ? daysWords(i.days) : null,
  }));
  const byTitle = new Map<string, ScheduleItem[]>();
  for (const item of items) byTitle.set(item.title, [...(byTitle.get(item.title) ?? []), item]);
  const summary: SupportLine[] = [...byTitle.values()].map((list) => {
    const first = list[0]!;
    const days = list.some((i) => i.days !== null) ? list.reduce((sum, i) => sum + (i.days ?? 0), 0) : null;
    const times = list.length === 1 ? 'once' : list.length === 2 ? 'twice' : `${list.length} times`;
    return { title: first.title, owner: first.owner, strand: first.strand, often: '', first: first.when, amount: `${days !== null ? daysWords(days) : times} this term` };
  });
  return {
    term: schedule.term,
    from: schedule.from,
    to: schedule.to,
    fromText: schedule.from ? readableDate(schedule.from) : '',
    toText: schedule.to ? readableDate(schedule.to) : '',
    summary,
    items,
    onRequest: schedule.undated.map((text) => {
      const owned = /^(.*) \(([^()]+)\)$/.exec(text);
      return { title: owned ? owned[1]! : text, owner: owned ? owned[2]! : '', strand: '' };
    }),
  };
}
