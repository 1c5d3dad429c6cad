/**
 * Crash safety: the bot as a child process, SIGKILLed at random moments while heads type
 * figures and the CEO decides, then restarted on the same file, several times. After every
 * kill the file loads, and every write the bot acknowledged is in it (the one in flight when
 * the bot died may or may not be). TERMLY_CRASH_LIVES sets how many lives (3 by default, to keep the suite quick).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../src/boot.js';
import type { View } from '../../src/review/views.js';
import { createReviewService } from '../../src/review/service.js';
import { FileStore } from '../../src/store/file-store.js';
import { cardOf, Connector, textsOf, type Person } from '../channels/teams/harness.js';
import { fill, RecordingOutbound } from '../review/harness.js';
import { activityFrom, postActivity, startBot, type BotProcess } from './bot.js';

const LIVES = Number(process.env.TERMLY_CRASH_LIVES ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'termly-crash-'));
const file = join(dir, 'termly.db.json');
const connector = new Connector();

const person = (n: number, id: string, name: string): Person => ({ id: `user-${id}`, name, aadObjectId: `00000000-0000-0000-0000-00000000000${n}` }) as unknown as Person;
const CEO = person(20, 'ceo', 'Chief Executive Officer');
/** Their reviews are submitted before the first life: the CEO decides them. */
const DECIDED = [
  { who: person(21, 'head-reach', 'Head, Reach'), school: 'reach-academy' },
  { who: person(22, 'head-engage', 'Head, Engage'), school: 'engage-academy' },
  { who: person(23, 'head-elements', 'Head, Elements'), school: 'elements-academy' },
];
/** They type figures into their draft reviews in every life (a decided review is closed to its head). */
const HEADS = [
  { who: person(24, 'head-ethos-college', 'Head, Ethos College'), school: 'ethos-college' },
  { who: person(25, 'head-evolve', 'Head, Evolve'), school: 'evolve-academy' },
  { who: person(26, 'head-enrich', 'Head, Enrich'), school: 'enrich-academy' },
];
let windowId = '';


beforeAll(async () => {
  await connector.start();
  // The scene, written in-process on the file: the autumn review open, three schools submitted and proposed.
  const { ctx } = await boot({ env: {}, outbound: new RecordingOutbound(), storeFile: file, seedDemo: true });
  const service = createReviewService(ctx);
  const id = (p: Person) => ({ platform: 'teams' as const, aadObjectId: p.aadObjectId });
  expect((await service.handleText(id(CEO), '/review open')).kind).toBe('notice');
  for (const { who, school } of DECIDED) {
    let view: View = await service.handleAction(id(who), 'review.start', { schoolId: school });
    while (view.kind === 'questionnaire') {
      view = await service.handleAction(id(who), 'review.step', { schoolId: school, windowId: view.window.id, step: view.step, version: view.version, action: 'next', ...fill(view, 'not_yet_assured', () => '50') });
    }
    if (view.kind !== 'summary') throw new Error(`no summary for ${school}: ${JSON.stringify(view).slice(0, 300)}`);
    windowId = view.window.id;
    expect((await service.handleAction(id(who), 'review.submit', { schoolId: school, windowId, version: view.version })).kind).toBe('summary');
  }
}, 60_000);
afterAll(async () => {
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What the bot acknowledged, and what was in flight when it died. */
const figures = new Map<string, { acked: number | null; inFlight: number | null }>(HEADS.map((h) => [h.school, { acked: null, inFlight: null }]));
const decisions = { acked: new Set<string>(), inFlight: null as string | null };
let written = 0;

async function headTypes(bot: BotProcess, head: (typeof HEADS)[number], start: number): Promise<void> {
  const state = figures.get(head.school)!;
  for (let k = start; ; k++) {
    const value = Math.round((k % 1000) / 10 * 10) / 10;
    state.inFlight = value;
    const activity = activityFrom(head.who, connector.url, { type: 'message', text: `attendance ${value}` });
    const res = await postActivity(bot, activity).catch(() => null);
    if (!res) return;
    const reply = connector.posted.find((p) => p.replyToId === activity.id);
    const said = reply ? textsOf(cardOf(reply.activity)).join(' ') : '';
    if (res.status !== 200 || !said.includes('Saved for')) throw new Error(`attendance ${value} for ${head.school} was answered ${res.status}: ${said || res.text}`);
    state.acked = value;
    state.inFlight = null;
    written++;
  }
}

/** Each submitted school once per life: decided in the first life that gets to it, refused as decided after. */
async function ceoDecides(bot: BotProcess, life: number): Promise<void> {
  for (const [k, { school }] of DECIDED.entries()) {
    // A card names the proposal it answers: the newest evaluation, read from the file as it stands.
    const proposalId = (await (await FileStore.open(file)).latestEvaluation(school, windowId))?.id;
    const rationale = `Life ${life}, decision ${k}: the evidence this term needs a closer look.`;
    decisions.inFlight = rationale;
    const res = await postActivity(bot, activityFrom(CEO, connector.url, {
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'decision.override', data: { schoolId: school, windowId, proposalId, category: 'repair', rationale } } },
    })).catch(() => null);
    if (!res) return;
    const body = JSON.parse(res.text) as { type?: string; value?: unknown };
    if (res.status !== 200) throw new Error(`the decision was answered ${res.status}: ${res.text.slice(0, 300)}`);
    decisions.inFlight = null;
    // A refusal (a message, not a card) recorded nothing: a proposal already decided may not be decided again.
    if (body.type !== 'application/vnd.microsoft.card.adaptive') continue;
    // A repeat of the first decision shows that decision: only a new rationale is a new write.
    const decided = JSON.stringify(body.value);
    if (!decided.includes(`Life ${life}, decision ${k}:`)) continue;
    decisions.acked.add(rationale);
    written++;
  }
}

describe('the bot SIGKILLed under a stream of writes', () => {
  it(`loses no acknowledged write over ${LIVES} lives`, async () => {
    // Fixed seed: the kill moments are the same on every run.
    const killAfter = fc.sample(fc.integer({ min: 100, max: 2500 }), { seed: 20261129, numRuns: LIVES });
    for (let life = 0; life < LIVES; life++) {
      const bot = await startBot(file);
      const streams = [...HEADS.map((h) => headTypes(bot, h, 1 + life * 200)), ceoDecides(bot, life)];
      // The kill comes at a random moment once writes are flowing (the first turn of a new process is slow).
      const before = written;
      // In the first life, also once a decision is acknowledged, so that decisions are tested too.
      while (written < before + 2 || decisions.acked.size === 0) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, killAfter[life]));
      bot.child.kill('SIGKILL');
      await Promise.all(streams);
      await bot.exited;

      // The file loads, and holds every acknowledged write.
      const store = await FileStore.open(file);
      for (const { school } of HEADS) {
        const { acked, inFlight } = figures.get(school)!;
        const kept = (await store.getSubmission(school, windowId))?.answers.indicators.attendance;
        if (acked !== null) expect([acked, inFlight], `${school} after life ${life}`).toContain(kept);
        figures.get(school)!.inFlight = null;
      }
      const kept = new Set((await store.listDecisions({ windowId })).map((d) => d.rationale));
      for (const rationale of decisions.acked) expect(kept.has(rationale), rationale).toBe(true);
      decisions.inFlight = null;
    }
    // Not a test that cannot fail: writes were acknowledged in every life.
    expect(written).toBeGreaterThan(2 * LIVES);
    expect(decisions.acked.size).toBeGreaterThan(0);
  }, 180_000);
});
