/** A message that could not be delivered shows in `/status` for the school it was about. */
import { describe, expect, it } from 'vitest';
import { CEO, demoHarness, service } from '../scheduler/harness.js';

describe('an undelivered message', () => {
  it('is listed by /status for its school, with the reason, and not for other schools', async () => {
    const h = await demoHarness('2026-11-27T08:30:00Z');
    h.teams.answer = (_n, m) => (m.to === 'person:head-reach-academy' ? { outcome: 'failed', reason: 'HTTP 403: the app is not installed for this user' } : null);
    await h.scheduler.tick();
    await h.outbox.dispatch();

    const reach = await service(h).handleText(CEO, '/status Reach Academy');
    expect(reach).toMatchObject({
      kind: 'status',
      undelivered: ['To Headteacher, Reach Academy: Autumn term 2026-27 review: Reach Academy (HTTP 403: the app is not installed for this user)'],
    });
    expect(await service(h).handleText(CEO, '/status Engage Academy')).toMatchObject({ kind: 'status', undelivered: [] });
  });
});
