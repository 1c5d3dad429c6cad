/**
 * A whole academic year, 2026-27, on the shipped calendar and the demo trust, with a fake
 * clock: the scheduler ticks and the outbox sends every half hour from 07:00 to 19:30, every
 * day of the year. Three heads submit each review, three never do.
 */
import { dayAndDate } from '../../src/review/time.js';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { addSchoolDays, allHalfTerms, isSchoolDay, LONDON } from '../../src/calendar/index.js';
import type { NoticeView } from '../../src/review/views.js';
import type { ReviewWindow } from '../../src/store/records.js';
import type { Arrival } from '../outbox/fakes.js';
import { calendar, CEO, demoHarness, service, submit, type Harness } from './harness.js';

const SUBMITTERS = ['reach-academy', 'engage-academy', 'elements-academy'];
const LATE = ['ethos-college', 'evolve-academy', 'enrich-academy'];
const HOLIDAY_POST = '2026-12-24T10:00:00.000Z';

function* halfHours(from: string, to: string): Generator<DateTime> {
  for (let day = DateTime.fromISO(from, { zone: LONDON }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    for (let m = 7 * 60; m <= 19 * 60 + 30; m += 30) yield day.set({ hour: Math.floor(m / 60), minute: m % 60 });
  }
}

const london = (at: Date) => DateTime.fromJSDate(at, { zone: LONDON });
const dayOf = (a: Arrival) => london(a.at).toISODate()!;
const timeOf = (a: Arrival) => london(a.at).toFormat('HH:mm');

let h: Harness;
let windows: ReviewWindow[];
let arrivals: Arrival[];

beforeAll(async () => {
  h = await demoHarness('2026-09-01T06:00:00Z');
  const chat = service(h);
  for (const instant of halfHours('2026-09-01', '2027-08-31')) {
    h.clock.set(instant.toJSDate());
    const today = instant.toISODate()!;
    if (instant.toFormat('HH:mm') === '10:00') {
      for (const w of (await h.store.listWindows()).filter((x) => x.state === 'open')) {
        if (today !== addSchoolDays(calendar, w.opensOn, 2)) continue;
        for (const school of SUBMITTERS) await submit(h, school, w.id);
        const at = h.clock.now().toISOString();
        await h.store.addDecision(
          { id: `${w.id}:reach-academy`, schoolId: 'reach-academy', windowId: w.id, category: 'improve', proposed: 'improve', previous: null, kind: 'confirmed', priorities: [], decidedBy: 'ceo', decidedAt: at },
          { at, actor: 'ceo', action: 'decision.confirmed', subject: `decision:${w.id}:reach-academy` },
        );
      }
    }
    // Leadership asks for reminders one evening; a message is queued on Christmas Eve.
    if (instant.toISO() === DateTime.fromISO('2026-12-07T19:00', { zone: LONDON }).toISO()) {
      const view = await chat.handleText(CEO, '/remind');
      expect(view).toMatchObject({ kind: 'notice', title: 'Reminders sent' });
    }
    if (h.clock.now().toISOString() === HOLIDAY_POST) {
      await h.ctx.outbound.send({ to: { kind: 'leadership' }, idempotencyKey: 'holiday-post', view: { kind: 'notice', title: 'Queued in the holiday', lines: [], action: null } });
    }
    await h.scheduler.tick();
    await h.outbox.dispatch();
  }
  windows = (await h.store.listWindows()).filter((w) => w.academicYear === '2026-27');
  arrivals = h.teams.arrivals;
}, 120_000);

const withPrefix = (prefix: string) => arrivals.filter((a) => a.key.startsWith(prefix));
const heads = (list: Arrival[]) => list.map((a) => a.conversation.replace('person:head-', '')).sort();

describe('a year of the review calendar, 2026-27', () => {
  it('sends nothing at a weekend, in a holiday or outside working hours, and nothing twice', () => {
    expect(arrivals.length).toBeGreaterThan(0);
    for (const a of arrivals) {
      expect(isSchoolDay(calendar, dayOf(a)), `${a.key} on ${dayOf(a)}`).toBe(true);
      expect(timeOf(a) >= '08:30' && timeOf(a) < '17:00', `${a.key} at ${timeOf(a)}`).toBe(true);
    }
    expect(h.teams.duplicates()).toEqual([]);
    expect(new Set(arrivals.map((a) => a.messageId)).size).toBe(arrivals.length);
  });

  it('leaves nothing pending or failed in the outbox', async () => {
    const outbox = await h.store.listOutbox();
    expect(outbox.filter((m) => m.state !== 'sent')).toEqual([]);
    expect(outbox).toHaveLength(arrivals.length);
  });

  it('opens each window on its opening day at 08:30 and messages every head', () => {
    expect(windows.map((w) => [w.id, w.opensOn, w.state])).toEqual([
      ['2026-27-autumn', '2026-11-27', 'closed'],
      ['2026-27-spring', '2027-03-04', 'closed'],
      ['2026-27-summer', '2027-06-30', 'closed'],
    ]);
    for (const w of windows) {
      const opened = withPrefix(`window-opened:${w.id}:`);
      expect(heads(opened)).toEqual([...SUBMITTERS, ...LATE].sort());
      expect(opened.every((a) => dayOf(a) === w.opensOn && timeOf(a) === '08:30')).toBe(true);
    }
  });

  it('reminds only the heads who have not submitted, 5 and 1 school days before each window closes', () => {
    for (const w of windows) {
      for (const n of [5, 1]) {
        const sent = withPrefix(`reminder:deadline-${n}:${w.id}:`);
        expect(heads(sent), `${w.id} deadline-${n}`).toEqual([...LATE].sort());
        expect(sent.every((a) => dayOf(a) === addSchoolDays(calendar, w.closesOn, -n) && timeOf(a) === '08:30')).toBe(true);
      }
    }
    expect(withPrefix('reminder:deadline-5:2026-27-autumn:').map(dayOf)[0]).toBe('2026-12-04');
    expect(withPrefix('reminder:deadline-1:2026-27-autumn:').map(dayOf)[0]).toBe('2026-12-10');
  });

  it('tells leadership who is missing the school day after the deadline, then closes the window two school days on', () => {
    for (const w of windows) {
      const [deadline, ...again] = withPrefix(`deadline:${w.id}`);
      expect(again).toEqual([]);
      expect(deadline!.conversation).toBe('channel:leadership');
      expect(dayOf(deadline!)).toBe(addSchoolDays(calendar, w.closesOn, 1));
      expect((deadline!.view as NoticeView).lines[0]).toBe(`Not submitted by ${dayAndDate(w.closesOn)}: Ethos College, Evolve Academy, Enrich Academy.`);

      const [closed, ...twice] = withPrefix(`window-closed:${w.id}`);
      expect(twice).toEqual([]);
      expect(dayOf(closed!)).toBe(addSchoolDays(calendar, w.closesOn, 2));
      expect((closed!.view as NoticeView).lines).toEqual([
        'Not submitted: Ethos College, Evolve Academy, Enrich Academy.',
        'Awaiting a decision: Engage Academy, Elements Academy.',
      ]);
    }
    expect(withPrefix('window-closed:2026-27-autumn').map(dayOf)).toEqual(['2026-12-15']);
  });

  it('sends every head a half-termly reminder on the first school day of each half-term, about the window ahead', () => {
    const halves = allHalfTerms(calendar).filter((x) => x.academicYear === '2026-27');
    expect(halves.map((x) => x.firstDay)).toEqual(['2026-09-03', '2026-11-02', '2027-01-04', '2027-02-22', '2027-04-12', '2027-06-07']);
    for (const half of halves) {
      const sent = withPrefix(`half-term-2026-27-h${half.number}:`);
      expect(sent, `half-term ${half.number}`).toHaveLength(6);
      expect(sent.every((a) => dayOf(a) === half.firstDay && timeOf(a) === '08:30')).toBe(true);
      const about = half.number <= 2 ? '2026-27-autumn' : half.number <= 4 ? '2026-27-spring' : '2026-27-summer';
      expect(sent.every((a) => a.key.includes(`:${about}:`))).toBe(true);
    }
    const first = withPrefix('half-term-2026-27-h1:').find((a) => a.conversation === 'person:head-reach-academy')!;
    expect(first.view).toMatchObject({ title: 'Coming up: Autumn term 2026-27 review' });
    expect((first.view as NoticeView).lines[0]).toBe('The Autumn term 2026-27 review for Reach Academy opens on Fri 27 Nov and closes on Fri 11 Dec.');
  });

  it('holds what leadership asks for in the evening, or queues in a holiday, until the next school morning', () => {
    const manual = withPrefix('reminder:manual:2026-12-07:');
    expect(heads(manual)).toEqual([...LATE].sort());
    expect(manual.every((a) => dayOf(a) === '2026-12-08' && timeOf(a) === '08:30')).toBe(true);
    const [post] = withPrefix('holiday-post');
    expect(`${dayOf(post!)} ${timeOf(post!)}`).toBe('2027-01-04 08:30');
  });

  it('sends no other message, and records every job of the year as run once', async () => {
    const kinds = ['window-opened:', 'reminder:deadline-5:', 'reminder:deadline-1:', 'deadline:', 'window-closed:', 'half-term-2026-27-', 'reminder:manual:', 'holiday-post'];
    expect(arrivals.filter((a) => !kinds.some((k) => a.key.startsWith(k))).map((a) => a.key)).toEqual([]);
    expect(arrivals).toHaveLength(18 + 9 + 9 + 3 + 3 + 36 + 3 + 1);

    const runs = (await h.store.listJobRuns()).filter((r) => r.id.startsWith('2026-27'));
    expect(runs).toHaveLength(21);
    expect(runs.every((r) => r.state === 'done' && r.attempts === 1)).toBe(true);
    const count = (kind: string) => runs.filter((r) => r.kind === kind).length;
    expect([count('open'), count('nudge'), count('deadline'), count('close'), count('half-term')]).toEqual([3, 6, 3, 3, 6]);
  });
});
