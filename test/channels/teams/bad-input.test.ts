/** Requests no Teams client would send: each gets a 4xx naming what is wrong, nothing is logged as a failure, nothing changes. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const message = (extra: Record<string, unknown> = {}) => h.activity(PEOPLE.ceo, { type: 'message', text: 'help', ...extra });
const without = (activity: Record<string, unknown>, ...path: string[]) => {
  const copy = structuredClone(activity);
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  delete at[path.at(-1)!];
  return copy;
};

describe('activities that fail the Activity schema', () => {
  it.each([
    ['"from": null', () => message({ from: null }), /"from" must be an object, found null/],
    ['"text": 5', () => message({ text: 5 }), /"text" must be a string, found 5/],
    ['"entities": "x"', () => message({ entities: 'x' }), /"entities" must be an array, found "x"/],
    ['no serviceUrl', () => without(message(), 'serviceUrl'), /"serviceUrl" \(the address to reply to\) must be non-empty text, found nothing/],
    ['no from.id', () => without(message(), 'from', 'id'), /"from.id" \(who sent it\) must be non-empty text, found nothing/],
    ['a serviceUrl that is not an address', () => message({ serviceUrl: 'javascript:alert(1)' }), /"serviceUrl" must be an http\(s\) address/],
    ['"type": 5', () => message({ type: 5 }), /"type" is not valid/],
    ['a timestamp that is no time', () => message({ timestamp: ' ' }), /"timestamp" must be a date and time \(ISO 8601\), found " "/],
    ['an invoke this bot does not answer', () => message({ type: 'invoke', name: 'task/fetch' }), /"name": the only invoke answered here is adaptiveCard\/action/],
    ['a card action with no verb', () => message({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: '' } } }), /"value.action.verb" \(the button pressed\) must be non-empty text, found ""/],
  ])('%s gets a 400 naming the field, and no failure in the log', async (_what, body, problem) => {
    const audit = (await h.store.listAudit()).length;
    const mark = h.connector.mark();
    const res = await h.post(body());
    expect(res.status).toBe(400);
    expect(res.text).toMatch(problem);
    expect(res.text).not.toMatch(/\n\s+at /);
    expect(h.logged()).toEqual([]);
    expect(h.connector.since(mark)).toEqual([]);
    expect((await h.store.listAudit()).length).toBe(audit);
  });

  it('a card value nested 20,000 deep is refused at the door, not with "Maximum call stack size exceeded"', async () => {
    const deep = `${'['.repeat(20_000)}91${']'.repeat(20_000)}`;
    const res = await h.post(JSON.stringify(h.activity(PEOPLE.headReach, {
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'review.step', data: { schoolId: 'reach', windowId: 'w', step: 0, version: 0, action: 'save', 'indicator.attendance': 'DEEP' } } },
    })).replace('"DEEP"', deep));
    expect(res.status).toBe(400);
    expect(res.text).toContain('nests lists or objects more than 64 levels deep');
    expect(h.logged()).toEqual([]);
  });
});

describe('a body over 1 MB', () => {
  const send = (body: Buffer, chunked: boolean) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const url = new URL(`${h.server.url}/api/messages`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': body.length }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const big = () => Buffer.from(JSON.stringify({ ...message(), text: 'x'.repeat(1_100_000) }));

  it.each([['with its length declared', false], ['sent in chunks', true]])('gets a 413 answer %s, not a reset connection', async (_how, chunked) => {
    const res = await send(big(), chunked);
    expect(res.status).toBe(413);
    expect(res.text).toContain('larger than 1048576 bytes');
  });
});

describe('card actions named after built-in properties', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('"%s" is refused as an unknown action', async (verb) => {
    const res = await h.press(PEOPLE.ceo, verb, {});
    expect(res.status).toBe(200);
    expect(res.message).toBe(`That button ("${verb}") is not one I know. Type "help" for what I can do.`);
  });
});
