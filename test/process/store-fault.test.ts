/**
 * A store file that goes bad while the bot runs stops the bot: the person who tried is told in
 * plain words, leadership once, /healthz fails, the process exits non-zero, and a restart stops
 * at the start-up check naming the file set aside.
 */
import { mkdtempSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_FAULT_MESSAGE } from '../../src/channels/teams/app.js';
import { cardOf, Connector, PEOPLE, textsOf } from '../channels/teams/harness.js';
import { activityFrom, postActivity, runBotToExit, startBot, type BotProcess } from './bot.js';

const dir = mkdtempSync(join(tmpdir(), 'termly-fault-'));
const store = join(dir, 'termly.db.json');
const connector = new Connector();
let bot: BotProcess;

beforeAll(async () => {
  await connector.start();
  bot = await startBot(store);
}, 60_000);
afterAll(async () => {
  bot?.child.kill('SIGKILL');
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

const say = (person: (typeof PEOPLE)[keyof typeof PEOPLE], text: string) =>
  postActivity(bot, activityFrom(person, connector.url, { type: 'message', text }));
const textsTo = (person: (typeof PEOPLE)[keyof typeof PEOPLE], from: number) =>
  connector.since(from, `a:personal-${person.id}`).map((p) => (p.activity.attachments ? textsOf(cardOf(p.activity)) : [String(p.activity.text)]));

describe('a store corrupted while the bot runs', () => {
  it('is healthy, and keeps the CEO\'s chat, before anything goes wrong', async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', mode: 'local', store: { state: 'ok' }, scheduler: { state: 'off', nextTickAt: null } });
    expect((await say(PEOPLE.ceo, 'help')).status).toBe(200);
  });

  it('refuses the next message in plain words, tells leadership once, fails /healthz and exits with code 3', async () => {
    const mark = connector.mark();
    writeFileSync(store, '{"schemaVersion": 1, "trust": ');
    expect((await say(PEOPLE.headReach, 'review')).status).toBe(200);
    expect((await say(PEOPLE.headReach, 'attendance 91.4')).status).toBe(200);
    const toHead = textsTo(PEOPLE.headReach, mark);
    expect(toHead).toHaveLength(2);
    for (const texts of toHead) expect(texts.join(' ')).toContain(STORE_FAULT_MESSAGE);

    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(503);
    const report = await health.json() as Record<string, unknown>;
    expect(report).toMatchObject({ status: 'failing', store: { state: 'failed' } });
    expect(JSON.stringify(report)).not.toMatch(/termly\.db|Reach|Academy/);

    expect(await bot.exited).toBe(3);
    const toCeo = textsTo(PEOPLE.ceo, mark);
    expect(toCeo).toHaveLength(1);
    expect(toCeo[0]![0]).toBe('Termly has stopped: its records cannot be used');
    expect(bot.output().match(/FATAL: the store failed while running/g)).toHaveLength(1);
  }, 30_000);

  it('restarted, stops at the start-up check naming the copy set aside, and writes nothing', async () => {
    // The store file and its journal are set aside together.
    const setAside = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    const aside = setAside.find((f) => !f.includes('.journal'))!;
    const { code, output } = await runBotToExit(store);
    expect(code).toBe(1);
    expect(output).toContain(`termly: the store file ${store} is missing, and ${join(dir, aside)} holds what it last held`);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.lock')).sort()).toEqual([...setAside, 'termly.db.json.link-key'].filter((f) => readdirSync(dir).includes(f)).sort());
  }, 60_000);
});
