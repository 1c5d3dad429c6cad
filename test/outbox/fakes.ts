/** A clock that only moves when told (or when the code under test sleeps), and chat platforms that record what reaches them. */
import type { Deliverer, DeliveryOutcome } from '../../src/outbox/deliverer.js';
import { payloadOf } from '../../src/outbox/payload.js';
import type { View } from '../../src/review/views.js';
import type { Store } from '../../src/store/port.js';
import type { Conversation, OutboxMessage, Platform, Trust } from '../../src/store/records.js';

export class FakeClock {
  #t: number;
  /** Every sleep asked for, in ms. */
  readonly sleeps: number[] = [];
  constructor(iso: string) {
    this.#t = Date.parse(iso);
  }
  now = (): Date => new Date(this.#t);
  set(iso: string | Date): void {
    this.#t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  }
  advance(ms: number): void {
    this.#t += ms;
  }
  /** No real waiting: time jumps forward by the wait. */
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.#t += ms;
  };
}

export interface Arrival {
  messageId: string;
  key: string;
  conversation: string;
  platform: Platform;
  at: Date;
  view: View;
}

/**
 * A platform that accepts what it is sent and records each arrival. `answer` may refuse a
 * request instead (its number, counting from 1, and the message); `hang` makes a request
 * never answer, as if the process died while it was under way (it never arrives).
 */
export class FakePlatform implements Deliverer {
  readonly arrivals: Arrival[] = [];
  /** Every request, with the time it was made. */
  readonly requests: { key: string; conversation: string; at: Date }[] = [];
  answer: (n: number, message: OutboxMessage) => DeliveryOutcome | null = () => null;
  hang: (n: number) => boolean = () => false;

  constructor(readonly platform: Platform, private readonly clock: { now(): Date }) {}

  async deliver(conversation: Conversation, message: OutboxMessage): Promise<DeliveryOutcome> {
    const n = this.requests.length + 1;
    this.requests.push({ key: message.idempotencyKey, conversation: conversation.key, at: this.clock.now() });
    if (this.hang(n)) return new Promise<DeliveryOutcome>(() => undefined);
    const refused = this.answer(n, message);
    if (refused && refused.outcome !== 'sent') return refused;
    this.arrivals.push({ messageId: message.id, key: message.idempotencyKey, conversation: conversation.key, platform: this.platform, at: this.clock.now(), view: payloadOf(message).view });
    return { outcome: 'sent' };
  }

  /** Idempotency keys that arrived more than once. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const a of this.arrivals) seen.set(a.key, (seen.get(a.key) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  }
}

/** Deterministic "random" numbers (mulberry32), so a test that throttles at random fails the same way every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A trust of `n` schools, each with a head, plus a CEO. */
export function trustOf(n: number): Trust {
  const schools = Array.from({ length: n }, (_, i) => ({ id: `school-${i + 1}`, name: `School ${i + 1}`, aliases: [] }));
  return {
    id: 'test-trust',
    name: 'Test Trust',
    rubricId: 'ethos',
    schools,
    people: [
      { id: 'ceo', name: 'Chief Executive Officer', title: 'Chief Executive Officer', roles: ['ceo'], schoolIds: [] },
      ...schools.map((s) => ({ id: `head-${s.id}`, name: `Headteacher, ${s.name}`, title: 'Headteacher', roles: ['head'], schoolIds: [s.id] })),
    ],
    leadershipChannel: { teams: 'channel:leadership' },
  };
}

/** Stores a Teams (or Slack) conversation for every person on the roster, and the leadership channel. */
export async function connectEveryone(store: Store, trust: Trust, platform: Platform = 'teams', except: string[] = []): Promise<void> {
  const at = '2026-09-01T08:00:00.000Z';
  for (const person of trust.people) {
    if (except.includes(person.id)) continue;
    await store.saveConversation({ key: `person:${person.id}`, platform, reference: { conversation: { id: `a:${person.id}` } }, updatedAt: at });
  }
  await store.saveConversation({ key: 'channel:leadership', platform, reference: { conversation: { id: '19:leadership@thread.tacv2' } }, updatedAt: at });
}
