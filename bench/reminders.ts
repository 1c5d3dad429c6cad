/**
 * `npm run bench -- reminders [--heads 1000] [--store file|memory]`
 *
 * A trust of N schools, one head each, every head with a Teams chat whose serviceUrl is a
 * fake Bot Connector on loopback that enforces Teams' documented limits (bench/connector.ts).
 * On the morning of the five-day reminder (Friday 4 December 2026, 08:30 London) the
 * scheduler's tick runs the reminder job: every head is reminded (nobody has submitted), each
 * message written to the outbox first. Then the outbox sends them through the Teams door's own
 * deliverer (Agents SDK, CloudAdapter.continueConversation), paced to the limits.
 *
 * `seconds` is the sending: from the dispatcher's start until every message is delivered and
 * marked sent. The floor is N / 50 seconds (Teams' per-app limit). Queueing the messages is
 * timed on its own line. The last line is the result:
 *   sent=<n> lost=<n> duplicated=<n> seconds=<s> bound=<s> ratio=<seconds/bound>
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REVIEW_TIMING, loadCalendar, reviewWindow } from '../src/calendar/index.js';
import { createCardRenderer, loadCardTemplates } from '../src/cards/index.js';
import { createTeamsDoor } from '../src/channels/teams/index.js';
import { LOCAL_APP_ID } from '../src/config.js';
import { createOutbox } from '../src/outbox/index.js';
import { createWebLinks } from '../src/web/index.js';
import type { ReviewContext } from '../src/review/context.js';
import { loadRubrics } from '../src/rubric/load.js';
import { createScheduler, DEFAULT_SCHEDULE, planJobs } from '../src/scheduler/index.js';
import { emptyStoreData } from '../src/store/file.js';
import { FileStore } from '../src/store/file-store.js';
import { MemoryStore } from '../src/store/memory.js';
import { createLog } from '../src/log.js';
import type { Store } from '../src/store/port.js';
import type { StoreData } from '../src/store/records.js';
import { startFakeConnector } from './connector.js';

/** The morning of the autumn window's five-day reminder. */
export const MORNING = Date.parse('2026-12-04T08:30:00Z');
const APP_LIMIT_PER_SECOND = 50;

export async function remindersBench(args: string[]): Promise<string> {
  const heads = Number(option(args, '--heads') ?? 1000);
  const storeKind = option(args, '--store') ?? 'file';
  if (!Number.isInteger(heads) || heads < 1) throw new Error(`--heads: expected a whole number of heads, 1 or more, found ${option(args, '--heads')}`);
  if (storeKind !== 'file' && storeKind !== 'memory') throw new Error(`--store: expected file or memory, found ${storeKind}`);

  const connector = await startFakeConnector();
  const dir = await mkdtemp(join(tmpdir(), 'termly-bench-'));
  try {
    const calendar = loadCalendar();
    const document = trustDocument(heads, connector.url, calendar);
    let store: Store;
    if (storeKind === 'file') {
      const file = join(dir, 'termly.db.json');
      await writeFile(file, JSON.stringify(document));
      store = await FileStore.open(file);
    } else {
      store = new MemoryStore(document);
    }

    // The clock: the reminder morning, then running on in real time once sending starts.
    let started: number | null = null;
    const now = () => new Date(MORNING + (started === null ? 0 : performance.now() - started));
    const quiet = createLog({ format: 'pretty', level: 'warn', destination: 2 });
    const links = createWebLinks(null, () => 'http://127.0.0.1');
    const door = createTeamsDoor({ credentials: null, appId: LOCAL_APP_ID, links, store, renderer: createCardRenderer(loadCardTemplates()), now, log: quiet });
    const outbox = createOutbox({ store, calendar, deliverers: [door.deliverer], now, log: quiet });
    const ctx: ReviewContext = { store, rubrics: loadRubrics(), calendar, windowConfig: DEFAULT_REVIEW_TIMING, now, outbound: outbox };

    const queueing = performance.now();
    const tick = await createScheduler({ ctx }).tick();
    const queuedSeconds = (performance.now() - queueing) / 1000;
    const pending = (await store.listOutbox({ state: 'pending' })).length;
    const lines = [
      `reminders: ${heads} heads, ${storeKind} store, fake Bot Connector at ${connector.url} (Teams limits: 50/s per app; 7/s, 8/2s, 60/30s, 1800/h per conversation)`,
      "deliverer: the Teams door's TeamsDeliverer (Agents SDK CloudAdapter.continueConversation), as shipped",
      `queued: ${pending} messages in ${queuedSeconds.toFixed(2)} s by ${tick.jobs.map((j) => `${j.id} (${j.state}: ${j.outcome})`).join('; ')}`,
    ];

    started = performance.now();
    let rounds = 0;
    while ((await store.listOutbox({ state: 'pending' })).length > 0 && rounds++ < 10) await outbox.dispatch();
    const seconds = (performance.now() - started) / 1000;

    // What arrived where: a head is reached when their own reminder arrived in their chat; any
    // other arrival in a head's chat (the reminder twice, or a stray message) is counted as extra.
    const reached = new Set<string>();
    let extra = 0;
    for (const r of connector.received) {
      const school = /^a:head-(school-\d+)$/.exec(r.conversationId)?.[1];
      if (!school) continue;
      const own = r.body.includes(`Reminder: Autumn term 2026-27 review, ${school.replace('school-', 'School ')}"`);
      if (own && !reached.has(school)) reached.add(school);
      else extra++;
    }
    const states = await store.listOutbox();
    const bound = heads / APP_LIMIT_PER_SECOND;
    lines.push(
      `connector: ${connector.received.length} accepted, ${connector.throttled} answered 429, ${connector.rejected} rejected; outbox: ${states.filter((m) => m.state === 'sent').length} sent, ${states.filter((m) => m.state === 'pending').length} pending, ${states.filter((m) => m.state === 'failed').length} failed`,
      `sent=${reached.size} lost=${heads - reached.size} duplicated=${extra} seconds=${seconds.toFixed(2)} bound=${bound.toFixed(2)} ratio=${(seconds / bound).toFixed(3)}`,
    );
    return lines.join('\n');
  } finally {
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The store as the bot would have it that morning: the window open, the earlier jobs run, every head's chat kept. */
export function trustDocument(heads: number, serviceUrl: string, calendar: ReturnType<typeof loadCalendar>): StoreData {
  const at = '2026-11-27T08:30:00.000Z';
  const schools = Array.from({ length: heads }, (_, i) => ({ id: `school-${i + 1}`, name: `School ${i + 1}`, aliases: [] }));
  const windows = calendar.academicYears.flatMap((y) => y.terms.map((t) => reviewWindow(calendar, y.id, t.term, DEFAULT_REVIEW_TIMING)));
  const data = emptyStoreData();
  data.trust = {
    id: 'bench-trust', name: 'Benchmark Trust', rubricId: 'ethos', schools,
    people: [
      { id: 'ceo', name: 'Chief Executive Officer', title: 'Chief Executive Officer', roles: ['ceo'], schoolIds: [] },
      ...schools.map((s) => ({ id: `head-${s.id}`, name: `Headteacher, ${s.name}`, title: 'Headteacher', roles: ['head'], schoolIds: [s.id] })),
    ],
    leadershipChannel: { teams: 'channel:leadership' },
  };
  data.windows = windows.map((w) => (w.id === '2026-27-autumn' ? { ...w, state: 'open' as const, openedAt: at } : { ...w, state: 'scheduled' as const }));
  // As the Teams door keeps them (references.ts): the person's account, the bot's, the conversation.
  const reference = (id: string, conversationType: string, user: string) => ({
    channelId: 'msteams', serviceUrl, conversation: { id, conversationType, tenantId: 'bench-tenant' },
    user: { id: `29:${user}`, aadObjectId: `aad-${user}` }, agent: { id: `28:${LOCAL_APP_ID}`, name: 'Termly' },
  });
  data.conversations = [
    ...data.trust.people.map((p) => ({ key: `person:${p.id}`, platform: 'teams' as const, reference: reference(`a:${p.id}`, 'personal', p.id), updatedAt: at })),
    { key: 'channel:leadership', platform: 'teams' as const, reference: reference('19:leadership@thread.tacv2', 'channel', 'ceo'), updatedAt: at },
  ];
  // Everything the scheduler did earlier in the term is recorded as done.
  const { jobs } = planJobs({ calendar, windows, settings: DEFAULT_SCHEDULE, reviewTerms: ['autumn', 'spring', 'summer'] });
  data.jobRuns = jobs.filter((j) => j.at.getTime() < MORNING).map((j) => ({
    id: j.id, kind: j.kind, dueAt: j.at.toISOString(), state: 'done' as const, attempts: 1, startedAt: j.at.toISOString(), finishedAt: j.at.toISOString(), outcome: 'done earlier in the term',
  }));
  return data;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
