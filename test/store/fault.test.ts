/** A store that goes bad while running: the first fault is reported once, and every later call refused in plain words. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStoreFault, StoreConflictError, StoreFaultError, StoreRecordError, watchStore } from '../../src/store/index.js';
import { FileStore } from '../../src/store/file-store.js';
import { audit, conversation, trust, window } from './fixtures.js';

describe('a watched store', () => {
  it('reports its first fault once, then refuses every write, answering only what it last read of the trust and conversations', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'termly-fault-unit-')), 'termly.db.json');
    const faults: StoreFaultError[] = [];
    const store = watchStore(await FileStore.open(file), (fault) => faults.push(fault));
    await store.saveTrust(trust, audit('trust'));
    await store.saveConversation({ ...conversation, key: 'person:ceo' });
    expect(await store.getTrust()).toEqual(trust);

    writeFileSync(file, 'not json');
    await expect(store.saveWindow(window, audit('window'))).rejects.toThrow(StoreFaultError);
    await expect(store.listWindows()).rejects.toThrow('the store cannot be used: the store file was found corrupt and moved to');
    await expect(store.saveWindow(window, audit('window'))).rejects.toBeInstanceOf(StoreFaultError);
    expect(faults).toHaveLength(1);
    expect(store.fault()).toBe(faults[0]);

    expect(await store.getTrust()).toEqual(trust);
    expect(await store.getConversation('person:ceo', conversation.platform)).toEqual({ ...conversation, key: 'person:ceo' });
    expect(await store.getConversation('person:nobody', conversation.platform)).toBeNull();
  });

  it("tells a fault from a refused record or a conflict, which are the caller's to answer", () => {
    expect(isStoreFault(new StoreRecordError('x', ['y']))).toBe(false);
    expect(isStoreFault(new StoreConflictError('x', 1, 2))).toBe(false);
    expect(isStoreFault(Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES', syscall: 'open' }))).toBe(true);
    expect(isStoreFault(new Error('a bug'))).toBe(false);
  });
});
