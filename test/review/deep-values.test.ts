/** Card values nested far deeper than any card sends, from any door: refused in words, nothing saved. */
import { describe, expect, it } from 'vitest';
import { demoContext, REACH_HEAD } from './harness.js';

describe('a card value nested 20,000 deep', () => {
  it.each(['step', 'version', 'indicator.attendance', 'schoolId'])('in %s is refused, not "Maximum call stack size exceeded"', async (key) => {
    const { service, store } = await demoContext();
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const audit = (await store.listAudit()).length;
    const view = await service.handleAction(REACH_HEAD, 'review.step', { schoolId: 'reach-academy', windowId: '2026-27-autumn', step: 0, version: 0, action: 'save', [key]: deep });
    expect(view).toEqual({ kind: 'refusal', message: 'That card sent values nested too deeply to be answers. Type "review" to get a fresh card.' });
    expect((await store.listAudit()).length).toBe(audit);
  });
});
