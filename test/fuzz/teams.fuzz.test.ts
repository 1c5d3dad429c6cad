/**
 * Activities and card invokes, generated, POSTed to the bot's real endpoint (real CloudAdapter,
 * loopback connector): no 5xx, nothing logged as a failure, every 4xx names what is wrong, and
 * a refused request leaves the store exactly as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/review/service.js';
import { MemoryStore } from '../../src/store/memory.js';
import { PEOPLE, startHarness, type Harness } from '../channels/teams/harness.js';
import { jsonValue, LEAK, nasty } from './arbitraries.js';


let h: Harness;
let store: MemoryStore;
beforeAll(async () => {
  store = new MemoryStore();
  h = await startHarness({ store });
  await h.say(PEOPLE.ceo, '/review open');
});
afterAll(async () => {
  await h?.close();
});

const FIELDS = ['type', 'text', 'id', 'channelId', 'serviceUrl', 'from', 'recipient', 'conversation', 'entities', 'attachments', 'value', 'name', 'channelData', 'timestamp', 'locale', 'replyToId', 'membersAdded', 'action', 'textFormat'];
const PATHS = [...FIELDS.map((f) => [f]), ['from', 'id'], ['from', 'aadObjectId'], ['conversation', 'id'], ['conversation', 'conversationType'], ['recipient', 'id'], ['value', 'action'], ['value', 'action', 'verb'], ['value', 'action', 'data'], ['channelData', 'tenant']];

type Change = { path: string[]; to: unknown } | { path: string[]; drop: true };
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ path: fc.constantFrom(...PATHS), to: jsonValue }),
  fc.record({ path: fc.constantFrom(...PATHS), drop: fc.constant(true as const) }),
  fc.record({ path: nasty.map((k) => [k]), to: jsonValue }),
);

function apply(activity: Record<string, unknown>, changes: Change[]): Record<string, unknown> {
  const copy = structuredClone(activity);
  for (const c of changes) {
    let at: Record<string, unknown> = copy;
    for (const key of c.path.slice(0, -1)) {
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    const last = c.path.at(-1)!;
    if ('drop' in c) delete at[last];
    else Object.defineProperty(at, last, { value: c.to, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const who = fc.constantFrom(PEOPLE.ceo, PEOPLE.headReach, PEOPLE.stranger);

async function answeredWell(body: Record<string, unknown>): Promise<void> {
  const before = store.recordsWritten;
  const res = await h.post(JSON.stringify(body));
  expect(res.status, res.text).toBeLessThan(500);
  expect(h.logged(), JSON.stringify(body).slice(0, 400)).toEqual([]);
  if (res.status >= 400) {
    expect(res.text).toMatch(/"[^"]+"|activity|body|JSON/);
    expect(res.text).not.toMatch(LEAK);
    expect(store.recordsWritten).toBe(before);
  }
}

describe('generated activities through the real adapter', () => {
  it('messages and updates with fields missing, mistyped or added', async () => {
    const kind = fc.constantFrom(
      { type: 'message', text: 'help' }, { type: 'message', text: '/status Reach Academy' }, { type: 'message', text: 'attendance 91.4' },
      { type: 'conversationUpdate', membersAdded: [{ id: 'x' }] }, { type: 'installationUpdate', action: 'add' }, { type: 'event', name: 'x' },
    );
    await fc.assert(fc.asyncProperty(who, kind, fc.array(change, { minLength: 1, maxLength: 3 }), async (person, extra, changes) => {
      await answeredWell(apply(h.activity(person, extra), changes));
    }), { seed: 3001, numRuns: 1000 });
  }, 60_000);

  it('card invokes with any verb and data', async () => {
    const verb = fc.oneof(fc.constantFrom(...Object.keys(ACTIONS), 'decision.override.form'), nasty);
    const data = fc.oneof(
      fc.dictionary(nasty, jsonValue, { maxKeys: 5 }),
      fc.record({ schoolId: fc.oneof(fc.constant('reach-academy'), nasty), windowId: fc.oneof(fc.constantFrom('2026-27-autumn', '2025-26-autumn'), nasty), step: jsonValue, version: jsonValue, action: jsonValue, 'indicator.attendance': jsonValue, category: jsonValue, rationale: jsonValue, form: jsonValue }, { requiredKeys: [] }),
      jsonValue,
    );
    const name = fc.oneof(fc.constant('adaptiveCard/action'), fc.constant('adaptiveCard/action'), nasty);
    await fc.assert(fc.asyncProperty(who, verb, data, name, fc.array(change, { maxLength: 1 }), async (person, v, d, n, changes) => {
      const invoke = h.activity(person, { type: 'invoke', name: n, replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb: v, data: d }, trigger: 'manual' } });
      await answeredWell(apply(invoke, changes));
    }), { seed: 3002, numRuns: 1000 });
  }, 60_000);
});
