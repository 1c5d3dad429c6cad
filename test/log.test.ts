/** The process's one logger: secrets never written, a request's lines carry its activity id, stacks stay in the log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory.js';
import { cardOf, PEOPLE, startHarness, textsOf, type Harness } from './channels/teams/harness.js';
import { captureLog } from './log-capture.js';

describe('the logger', () => {
  it('redacts the client secret, tokens and Authorization headers wherever they sit', () => {
    const { log, lines } = captureLog();
    log.info({ credentials: { clientId: 'app', clientSecret: 'hunter2' }, headers: { authorization: 'Bearer eyJhbGciOi.secret' }, token: 'tok-123', nested: { accessToken: 'at-456' } }, 'starting');
    const written = JSON.stringify(lines);
    for (const secret of ['hunter2', 'eyJhbGciOi', 'tok-123', 'at-456']) expect(written).not.toContain(secret);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'starting', credentials: { clientId: 'app', clientSecret: '[redacted]' } });
  });
});

/** A store that fails once, as a bug would: the turn fails with a reference, not a stack trace. */
class FailingOnce extends MemoryStore {
  fail = false;
  override async listWindows() {
    if (this.fail) {
      this.fail = false;
      throw new Error('an unexpected failure inside the store');
    }
    return super.listWindows();
  }
}

describe('a turn that fails', () => {
  let h: Harness;
  const store = new FailingOnce();
  beforeAll(async () => {
    h = await startHarness({ store });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells the person a reference to quote, and logs the stack under that reference with the activity id', async () => {
    store.fail = true;
    const activity = h.activity(PEOPLE.ceo, { type: 'message', text: '/review open' });
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    const reply = h.connector.posted.find((p) => p.replyToId === activity.id)!;
    const said = textsOf(cardOf(reply.activity)).join(' ');
    const reference = /reference ([0-9a-f]{8})/.exec(said)?.[1];
    expect(reference).toBeDefined();
    expect(said).not.toMatch(/an unexpected failure inside the store|\bat .*:\d+:\d+/);

    const [line, ...more] = h.logged() as Record<string, unknown>[];
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 'error', activityId: activity.id, activityType: 'message', reference });
    expect((line!.err as { stack: string }).stack).toContain('an unexpected failure inside the store');
  });
});
