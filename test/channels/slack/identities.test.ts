/**
 * Who is who in Slack: every person of every demo trust has a Slack user id beside the Teams
 * one, kept by the store and found by it; a roster giving one account to two people is refused.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identify } from '../../../src/review/actor.js';
import { loadRubrics } from '../../../src/rubric/load.js';
import type { Rubric } from '../../../src/rubric/schema.js';
import { FileStore } from '../../../src/store/file-store.js';
import { demoNames, demoTrustFile, DemoTrustError, loadDemoTrust, seedDemo } from '../../../src/trust/index.js';
import { syntheticTrust } from '../../../src/trust/synthetic.js';

const NOW = new Date('2026-11-24T09:00:00.000Z');
let rubrics: ReadonlyMap<string, Rubric>;
let dir: string;
beforeAll(async () => {
  rubrics = loadRubrics();
  dir = await mkdtemp(join(tmpdir(), 'termly-slack-ids-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each(demoNames())('the %s demo trust', (demo) => {
  it('gives everyone a readable Slack id of their own: the CEO is U0DEMOCEO', () => {
    const { trust } = loadDemoTrust(demoTrustFile(demo));
    const ids = trust.people.map((p) => p.slack?.userId);
    expect(ids.every((id) => id !== undefined && /^U0DEMO[A-Z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(trust.people.find((p) => p.roles.includes('ceo'))?.slack?.userId).toBe('U0DEMOCEO');
  });

  it('finds each of them by their Slack id, and no one by an id not on the roster', () => {
    const { trust } = loadDemoTrust(demoTrustFile(demo));
    for (const person of trust.people) expect(identify(trust, { platform: 'slack', userId: person.slack!.userId })?.person.id).toBe(person.id);
    expect(identify(trust, { platform: 'slack', userId: 'U0SOMEONEELSE' })).toBeNull();
  });
});

describe('Slack ids on the roster', () => {
  it('the head of Reach Academy is U0DEMOREACH', () => {
    const { trust } = loadDemoTrust(demoTrustFile('ethos'));
    const head = trust.people.find((p) => p.schoolIds.includes('reach-academy'))!;
    expect(identify(trust, { platform: 'slack', userId: 'U0DEMOREACH' })?.person.id).toBe(head.id);
  });

  it('are kept by the store file: a Slack user is found after the store is opened again', async () => {
    const file = join(dir, 'ethos.db.json');
    await seedDemo(await FileStore.open(file), rubrics, NOW, 'ethos');
    const trust = (await (await FileStore.open(file)).getTrust())!;
    expect(identify(trust, { platform: 'slack', userId: 'U0DEMOCEO' })?.person.roles).toEqual(['ceo']);
    expect(identify(trust, { platform: 'slack', userId: 'U0DEMOREACH' })?.person.schoolIds).toEqual(['reach-academy']);
  });

  it('a synthetic trust\'s heads get Slack ids of their own, in the same scheme', () => {
    const trust = syntheticTrust(loadDemoTrust(demoTrustFile('ethos')), 120);
    const ids = trust.people.map((p) => p.slack?.userId);
    expect(new Set(ids).size).toBe(trust.people.length);
    expect(trust.people.find((p) => p.schoolIds.includes('school-007'))?.slack?.userId).toBe('U0DEMOSCHOOL007');
  });

  it('a demo file giving one Slack account to two people is refused, naming both', async () => {
    const text = await readFile(demoTrustFile('ethos'), 'utf8');
    const file = join(dir, 'twice-trust.yaml');
    await writeFile(file, text.replace('slack: { userId: U0DEMOENGAGE }', 'slack: { userId: U0DEMOREACH }'));
    expect(() => loadDemoTrust(file)).toThrow(DemoTrustError);
    expect(() => loadDemoTrust(file)).toThrow('trust.people: head-engage-academy has the Slack id U0DEMOREACH, which is head-reach-academy\'s already');
  });
});
