/** School-to-school support on every demo trust with categories, read from the store. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_TIMING, loadCalendar } from '../../src/calendar/index.js';
import type { Evaluation } from '../../src/evaluator/types.js';
import { identify, systemActor } from '../../src/review/actor.js';
import type { ReviewContext } from '../../src/review/context.js';
import { peerSupport, type PeersView } from '../../src/review/peers.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { isStrong } from '../../src/peers/match.js';
import { modelOf, scaleOf } from '../../src/rubric/model.js';
import type { Rubric } from '../../src/rubric/schema.js';
import { MemoryStore } from '../../src/store/memory.js';
import { seedDemo } from '../../src/trust/demo.js';
import { RecordingOutbound } from './harness.js';

const NOW = new Date('2026-11-24T09:00:00.000Z');
let rubrics: ReadonlyMap<string, Rubric>;
const contexts = new Map<string, ReviewContext>();
beforeAll(async () => {
  rubrics = loadRubrics();
  const calendar = loadCalendar();
  for (const name of ['ethos', 'four-stages', 'cmat', 'an-daras']) {
    const store = new MemoryStore();
    await seedDemo(store, rubrics, NOW, name);
    contexts.set(name, { store, rubrics, calendar, windowConfig: DEFAULT_REVIEW_TIMING, now: () => NOW, outbound: new RecordingOutbound() });
  }
});

async function suggestionsOf(name: string): Promise<PeersView> {
  const ctx = contexts.get(name)!;
  const view = await peerSupport(ctx, systemActor(), (await ctx.store.getTrust())!);
  if (view.kind !== 'peers') throw new Error(`expected suggestions, got ${view.kind}`);
  return view;
}

describe.each(['ethos', 'four-stages', 'cmat', 'an-daras'])('the %s demo trust', (name) => {
  it('finds a peer strong in at least one weak area, never the school itself', async () => {
    const view = await suggestionsOf(name);
    const paired = view.suggestions.filter((s) => s.peers.length > 0);
    expect(paired.length).toBeGreaterThan(0);
    for (const s of view.suggestions) {
      expect(s.peers.map((p) => p.school)).not.toContain(s.school);
      expect(s.peers.length).toBeLessThanOrEqual(2);
      if (s.peers.length === 0) expect(s.none).toMatch(/^(No other school|Every school strong)/);
    }
  });

  it("each suggested peer was decided strong in that area in its latest reviews, as the store shows", async () => {
    const ctx = contexts.get(name)!;
    const trust = (await ctx.store.getTrust())!;
    const model = modelOf(rubrics.get(trust.rubricId)!);
    for (const s of (await suggestionsOf(name)).suggestions) {
      for (const peer of s.peers) {
        const decisions = await ctx.store.listDecisions({ schoolId: peer.school });
        const recent = decisions.slice(-peer.reviews);
        expect(recent).toHaveLength(peer.reviews);
        for (const d of recent) {
          const evaluation = (await ctx.store.latestEvaluation(peer.school, d.windowId))!.evaluation as unknown as Evaluation;
          expect(isStrong(scaleOf(model, model.areas.get(s.area)!.area.scale), evaluation.areas[s.area]!.level!)).toBe(true);
        }
      }
    }
  });
});

describe('asking for one school or one area', () => {
  it('narrows to the school asked for, and to an area by its name', async () => {
    const ctx = contexts.get('ethos')!;
    const trust = (await ctx.store.getTrust())!;
    const all = await suggestionsOf('ethos');
    const first = all.suggestions.find((s) => s.peers.length > 0)!;
    const view = await peerSupport(ctx, systemActor(), trust, { school: first.schoolName, area: first.areaName });
    expect(view).toMatchObject({ kind: 'peers', school: { id: first.school }, suggestions: [{ school: first.school, area: first.area }] });
  });

  it('suggests names for a school or an area it cannot place', async () => {
    const ctx = contexts.get('ethos')!;
    const trust = (await ctx.store.getTrust())!;
    expect(await peerSupport(ctx, systemActor(), trust, { school: 'Nowhere High' })).toMatchObject({ kind: 'not_found', query: 'Nowhere High' });
    expect(await peerSupport(ctx, systemActor(), trust, { area: 'swimming' })).toMatchObject({ kind: 'not_found', query: 'swimming' });
  });

  it('is for leadership: a head is refused', async () => {
    const ctx = contexts.get('ethos')!;
    const trust = (await ctx.store.getTrust())!;
    const head = identify(trust, { platform: 'teams', aadObjectId: '00000000-0000-0000-0000-0000000000021' })!;
    expect(await peerSupport(ctx, head, trust)).toMatchObject({ kind: 'refusal' });
  });
});
