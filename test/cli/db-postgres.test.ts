/**
 * The PostgreSQL store as a person reaches it: TERMLY_DATABASE_URL chooses it, `db migrate`
 * brings a database up to date, `db copy` moves a trust from the store file into it, counted and
 * checked, and the commands then read the trust from the database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { suiteFor, useTestDatabase } from '../store/postgres.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const db = useTestDatabase();

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...process.env, TERMLY_DEMO: '', TERMLY_DATABASE_URL: '', ...env }, cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

suiteFor('postgres')('the database as the command line uses it', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'termly-copy-')), 'termly.db.json');
  let url: string;
  beforeAll(async () => {
    await db!.fresh();
    url = db!.url;
    const seeded = await cli(['demo', 'seed', '--schools', '8', '--years', '1'], { TERMLY_STORE: file });
    expect(seeded.code).toBe(0);
  }, 60_000);

  it('says the database is up to date when its migrations have run', async () => {
    const { code, out } = await cli(['db', 'migrate'], { TERMLY_DATABASE_URL: url });
    expect(code).toBe(0);
    expect(out).toContain(`is at schema version ${MIGRATIONS.at(-1)!.version} (nothing to apply)`);
    expect(out).not.toContain('termly:termly@');
  });

  it('refuses to migrate without a database named, and names a URL that is not one', async () => {
    expect((await cli(['db', 'migrate'], {})).err).toContain('TERMLY_DATABASE_URL is not set');
    const bad = await cli(['status', 'reach'], { TERMLY_DATABASE_URL: 'mysql://x@127.0.0.1/termly' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('TERMLY_DATABASE_URL: expected a postgres:// URL, found "mysql://x@127.0.0.1/termly"');
  });

  it('copies a trust from the store file into the database, counting each kind, and the commands read it there', async () => {
    const empty = await cli(['status', 'reach'], { TERMLY_DATABASE_URL: url });
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('holds no trust yet');

    const copied = await cli(['db', 'copy', '--from', file, '--to', url], {});
    expect(copied.code).toBe(0);
    expect(copied.out).toContain('Copied the trust "ethos"');
    expect(copied.out).toMatch(/\s24 submission\n\s+24 evaluation\n\s+24 decision/);

    const fromFile = await cli(['status', 'reach', '--json'], { TERMLY_STORE: file });
    const fromDatabase = await cli(['status', 'reach', '--json'], { TERMLY_DATABASE_URL: url });
    expect(fromDatabase.code).toBe(0);
    expect(JSON.parse(fromDatabase.out)).toEqual(JSON.parse(fromFile.out));

    const opened = await openStore({ env: { TERMLY_DATABASE_URL: url } });
    try {
      expect((await opened.store.exportRecords()).length).toBe((await (await openStore({ env: { TERMLY_STORE: file } })).store.exportRecords()).length);
    } finally {
      await opened.close();
    }
  });

  it('refuses to copy into a database that holds the trust already, writing nothing', async () => {
    const again = await cli(['db', 'copy', '--from', file, '--to', url], {});
    expect(again.code).toBe(1);
    expect(again.err).toContain('already holds the trust "ethos"; db copy fills an empty store only, and nothing was written');
    const missing = await cli(['db', 'copy', '--from', 'no/such/file.json', '--to', url], {});
    expect(missing.err).toContain('--from: there is no store file at');
  });

  it('copies back out to a new file, which reads the same', async () => {
    const back = join(mkdtempSync(join(tmpdir(), 'termly-copy-')), 'back.db.json');
    const copied = await cli(['db', 'copy', '--from', url, '--to', back], {});
    expect(copied.code).toBe(0);
    const fromFile = await cli(['status', 'reach', '--json'], { TERMLY_STORE: file });
    const fromBack = await cli(['status', 'reach', '--json'], { TERMLY_STORE: back });
    expect(JSON.parse(fromBack.out)).toEqual(JSON.parse(fromFile.out));
  });

  it('asks which trust when the database holds several', async () => {
    const other = await openStore({ env: { TERMLY_DATABASE_URL: url }, trust: 'another' });
    try {
      await other.store.saveTrust({ id: 'another', name: 'Another Trust', rubricId: 'ethos', schools: [{ id: 'a', name: 'A School', aliases: [] }], people: [], leadershipChannel: {} },
        { at: new Date().toISOString(), actor: 'test', action: 'trust.created', subject: 'trust:another' });
    } finally {
      await other.close();
    }
    const unnamed = await cli(['status', 'reach'], { TERMLY_DATABASE_URL: url });
    expect(unnamed.code).toBe(1);
    expect(unnamed.err).toContain('holds 2 trusts (another, ethos): name one with TERMLY_TRUST');
    const named = await cli(['status', 'reach'], { TERMLY_DATABASE_URL: url, TERMLY_TRUST: 'ethos' });
    expect(named.code).toBe(0);
    expect(named.out).toContain('Reach Academy');
  });

  it('names each trust\'s Teams tenant, one trust per tenant, refusing one that is not an id', async () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const set = await cli(['tenant', '--teams', tenant], { TERMLY_DATABASE_URL: url, TERMLY_TRUST: 'ethos' });
    expect(set.code).toBe(0);
    expect(set.out).toBe(`Ethos Academy Trust: Teams tenant ${tenant}; Slack workspace (none)`);
    const taken = await cli(['tenant', '--teams', tenant.toUpperCase()], { TERMLY_DATABASE_URL: url, TERMLY_TRUST: 'another' });
    expect(taken.code).toBe(1);
    expect(taken.err).toContain(`teams.tenantId: the tenant "${tenant.toUpperCase()}" belongs to another trust in this database`);
    const bad = await cli(['tenant', '--teams', 'contoso'], { TERMLY_DATABASE_URL: url, TERMLY_TRUST: 'another' });
    expect(bad.err).toContain('--teams: expected the tenant\'s id, a GUID');
    expect((await cli(['tenant'], { TERMLY_DATABASE_URL: url, TERMLY_TRUST: 'another' })).out).toBe('Another Trust: Teams tenant (none: reached only as its deployment\'s one trust); Slack workspace (none)');
  });
});
