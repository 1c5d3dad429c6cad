import { describe, expect, it } from 'vitest';
import { emptyStoreData } from '../../src/store/file.js';
import { MemoryStore } from '../../src/store/memory.js';
import { StoreRecordError } from '../../src/store/port.js';
import type { StoreData } from '../../src/store/records.js';
import { audit, decision, pairing, submission, trust } from './fixtures.js';

describe('the in-memory store', () => {
  it('starts from a document, checked as a store file would be', async () => {
    const document: StoreData = { ...emptyStoreData(), trust, submissions: [submission()] };
    const store = new MemoryStore(document);
    expect(await store.getTrust()).toEqual(trust);
    document.trust!.name = 'changed';
    expect((await store.getTrust())?.name).toBe('Ethos Academy Trust');

    const bad = { ...emptyStoreData(), submissions: [{ ...submission(), version: 0 }] };
    expect(() => new MemoryStore(bad)).toThrow(StoreRecordError);
    expect(() => new MemoryStore(bad)).toThrow('submissions[0].version');
  });

  it('gives back its pairings in its document, answered as last kept, for a copy to start from', async () => {
    const store = new MemoryStore();
    await store.addDecision(decision, audit('decision:1'));
    await store.savePairing(pairing, audit('pairing'));
    const answered = { ...pairing, answer: 'declined' as const, answeredBy: 'engage-head', answeredAt: '2026-12-09T08:00:00.000+00:00' };
    await store.savePairing(answered, audit('pairing'));
    const document = await store.document();
    expect(document.pairings).toEqual([answered]);
    expect(await new MemoryStore(document).listPairings()).toEqual([answered]);
  });
});
