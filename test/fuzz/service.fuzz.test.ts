/**
 * Typed commands and card values, generated, through the use-cases every door calls: no throw,
 * every refusal says what is wrong in words, and a refusal leaves the store exactly as it was.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/review/actor.js';
import { ACTIONS, createReviewService } from '../../src/review/service.js';
import type { View } from '../../src/review/views.js';
import { MemoryStore } from '../../src/store/memory.js';
import { demoContext, RecordingOutbound } from '../review/harness.js';
import { jsonValue, LEAK, nasty } from './arbitraries.js';


const teams = (n: number): Identity => ({ platform: 'teams', aadObjectId: `00000000-0000-0000-0000-00000000000${n}` });
const PEOPLE = [teams(20), teams(21), teams(27), teams(30), { platform: 'teams', aadObjectId: '99999999-0000-0000-0000-000000000099' } as const];

let service: ReturnType<typeof createReviewService>;
let store: MemoryStore;

beforeAll(async () => {
  // The autumn review open, so that figures, steps and decisions reach their checks.
  const demo = await demoContext();
  await demo.service.handleText(teams(20), '/review open');
  store = new MemoryStore(await (demo.store as MemoryStore).document());
  service = createReviewService({ ...demo.ctx, store, outbound: new RecordingOutbound() });
});

/** Runs one input; a refusal must name the problem and change nothing. */
async function refusedCleanly(run: () => Promise<View>): Promise<void> {
  // Every write appends to the memory store's records: the same count after a refusal means
  // nothing was written, so the store is as it was.
  const before = store.recordsWritten;
  const view = await run();
  expect(typeof view.kind).toBe('string');
  if (view.kind === 'refusal') {
    expect(view.message.length).toBeGreaterThan(15);
    expect(view.message).not.toMatch(LEAK);
    expect(store.recordsWritten).toBe(before);
  }
}

const command = fc.oneof(
  nasty,
  fc.tuple(fc.constantFrom('/status', 'status', '/review', 'review', 'help', '/remind', '/calendar', 'attendance', 'persistent absence:', '/review open'), nasty)
    .map(([word, rest]) => `${word} ${rest}`),
);

describe('typed commands', () => {
  it('answer every text from every kind of person, never failing', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PEOPLE), command, async (who, text) => {
      // /review close and /remind act: tried on the scene, they would change it; they are not refusals.
      await refusedCleanly(() => service.handleText(who, text));
    }), { seed: 1001, numRuns: 2500 });
  });
});

const verbs = fc.oneof(fc.constantFrom(...Object.keys(ACTIONS)), nasty);
const cardData = fc.oneof(
  fc.dictionary(nasty, jsonValue, { maxKeys: 6 }),
  fc.record({
    schoolId: fc.oneof(fc.constantFrom('reach-academy', 'engage-academy'), nasty), windowId: fc.oneof(fc.constantFrom('2026-27-autumn', '2025-26-autumn'), nasty),
    step: jsonValue, version: jsonValue, action: fc.oneof(fc.constantFrom('next', 'back', 'save', 'summary'), nasty),
    category: jsonValue, rationale: jsonValue, priorities: jsonValue,
    'indicator.attendance': jsonValue, 'rating.safeguarding': jsonValue, 'statement.x': jsonValue,
  }, { requiredKeys: [] }),
);

describe('card values', () => {
  it('answer every verb and data from every kind of person, never failing', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PEOPLE), verbs, cardData, async (who, verb, data) => {
      await refusedCleanly(() => service.handleAction(who, verb, data as Record<string, unknown>));
    }), { seed: 1002, numRuns: 2500 });
  });
});
