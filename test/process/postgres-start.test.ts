/**
 * `npm start` with TERMLY_DATABASE_URL: local mode on an empty PostgreSQL database seeds the
 * demo trust into it and serves it as it does on the store file; started again, it serves what
 * the database holds and seeds nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardOf, Connector, PEOPLE, textsOf } from '../channels/teams/harness.js';
import { suiteFor, useTestDatabase } from '../store/postgres.js';
import { activityFrom, postActivity, startBot, startedUp } from './bot.js';

const db = useTestDatabase();
const connector = new Connector();
const dir = mkdtempSync(join(tmpdir(), 'termly-pg-start-'));
beforeAll(() => connector.start());
afterAll(async () => {
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

suiteFor('postgres')('the bot on a PostgreSQL database', () => {
  it('seeds the demo trust into an empty database and answers /status from it, twice over', async () => {
    const database = await db!.fresh();
    for (const life of [1, 2]) {
      // Local mode keeps its link key beside TERMLY_STORE's path, whichever store holds the records.
      const bot = await startBot(join(dir, 'termly.db.json'), { TERMLY_DATABASE_URL: db!.url });
      try {
        await startedUp(bot);
        expect(bot.output()).toContain(life === 1 ? '(every trust it holds) (seeded with the demo trust)' : '(every trust it holds)');
        expect(bot.output()).toContain('mode for Ethos Academy Trust.');
        if (life === 2) expect(bot.output()).not.toContain('seeded');
        const activity = activityFrom(PEOPLE.ceo, connector.url, { type: 'message', text: '/status Reach Academy' });
        expect((await postActivity(bot, activity)).status).toBe(200);
        const reply = connector.posted.find((p) => p.replyToId === activity.id);
        const said = textsOf(cardOf(reply!.activity)).join(' ');
        expect(said).toContain('Reach Academy');
        expect(said).toMatch(/STABILISE|REPAIR|IMPROVE|SUSTAIN/);
      } finally {
        bot.child.kill('SIGTERM');
        await bot.exited;
      }
    }
    expect((await database.listTrusts()).map((t) => t.id)).toEqual(['ethos']);
    // The records are in the database: no store file was written.
    expect(existsSync(join(dir, 'termly.db.json'))).toBe(false);
    expect(Number((await database.pool.query("select count(*) from review_windows where state = 'open'")).rows[0].count)).toBe(1);
  }, 120_000);
});
