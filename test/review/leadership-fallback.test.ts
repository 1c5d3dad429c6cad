import { describe, expect, it } from 'vitest';
import { withLeadershipFallback } from '../../src/review/leadership-fallback.js';
import { demoContext, RecordingOutbound } from './harness.js';

describe('leadership posts before the bot knows leadership\'s channel', () => {
  it('go to the CEO\'s and the Director of Education\'s own chats, once each', async () => {
    const { store } = await demoContext();
    const recording = new RecordingOutbound(new Set(['channel:leadership']));
    const outbound = withLeadershipFallback(recording, store);
    const message = { to: { kind: 'leadership' as const }, idempotencyKey: 'notice:1', view: { kind: 'notice' as const, title: 'Hello', lines: [], action: null } };

    expect(await outbound.send(message)).toEqual({ status: 'sent' });
    await outbound.send(message);
    expect(recording.sent.map((m) => m.to)).toEqual([
      { kind: 'person', personId: 'ceo' },
      { kind: 'person', personId: 'director-of-education' },
    ]);
  });

  it('still say so when no decider can be reached either', async () => {
    const { store } = await demoContext();
    const recording = new RecordingOutbound(new Set(['channel:leadership', 'person:ceo', 'person:director-of-education']));
    const delivery = await withLeadershipFallback(recording, store).send({ to: { kind: 'leadership' }, idempotencyKey: 'k', view: { kind: 'notice', title: 't', lines: [], action: null } });
    expect(delivery.status).toBe('unreachable');
    expect(delivery.status === 'unreachable' && delivery.detail).toContain('nor could the CEO or the Director of Education be reached directly');
    expect(recording.sent).toEqual([]);
  });

  it('leave a message to a person, or one the channel took, as it was', async () => {
    const { store } = await demoContext();
    const recording = new RecordingOutbound();
    const outbound = withLeadershipFallback(recording, store);
    await outbound.send({ to: { kind: 'leadership' }, idempotencyKey: 'a', view: { kind: 'notice', title: 't', lines: [], action: null } });
    await outbound.send({ to: { kind: 'person', personId: 'head-reach-academy' }, idempotencyKey: 'b', view: { kind: 'notice', title: 't', lines: [], action: null } });
    expect(recording.sent.map((m) => m.to)).toEqual([{ kind: 'leadership' }, { kind: 'person', personId: 'head-reach-academy' }]);
  });
});
