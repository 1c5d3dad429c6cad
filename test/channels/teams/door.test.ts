/** The Teams door starts and stops taking activities as the process does: while stopped, nothing is done and Teams is told to try again. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, PEOPLE, startHarness, textsOf, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the Teams door', () => {
  it('stopped, answers 503 with Retry-After and changes nothing; started again, answers as before', async () => {
    await h.door.stop();
    const audit = (await h.store.listAudit()).length;
    const mark = h.connector.mark();
    const activity = h.activity(PEOPLE.ceo, { type: 'message', text: '/review open', textFormat: 'plain' });
    const refused = await fetch(`${h.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.text()).toMatch(/^Termly is not taking messages just now/);
    expect(h.connector.since(mark)).toEqual([]);
    expect((await h.store.listAudit()).length).toBe(audit);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);

    await h.door.start();
    const [reply] = await h.say(PEOPLE.ceo, 'help');
    expect(reply!.activity.summary).toBe('What I can do');
    expect(textsOf(cardOf(reply!.activity))).toContain('/review open');
  });

  it('is connected to the use-cases once only', () => {
    expect(() => h.door.init({} as never)).toThrow('the Teams door is already connected to the use-cases');
  });
});
