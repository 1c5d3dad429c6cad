/** `demo seed` and `db check` as a person runs them: in-process, on a temporary store. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/file-store.js';

const ROOT = new URL('../../', import.meta.url).pathname;

async function cli(argv: string[], store: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...process.env, TERMLY_STORE: store, TERMLY_DEMO: '' }, cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const storeIn = () => join(mkdtempSync(join(tmpdir(), 'termly-demo-')), 'termly.db.json');

describe('demo seed, grown for measurement', () => {
  let store: string;
  let seeded: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    store = storeIn();
    seeded = await cli(['demo', 'seed', '--schools', '9', '--years', '2', '--seed', '7'], store);
  }, 60_000);

  it('keeps the demo trust\'s people and schools and adds schools with heads, each with every past term reviewed and decided', async () => {
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/synthetic ethos trust \(seed 7\): 9 schools, 2 years, 6 past windows, 54 reviews, 54 decisions/);
    const opened = await FileStore.open(store);
    const trust = (await opened.getTrust())!;
    expect(trust.schools.map((s) => s.id)).toEqual([
      'engage-academy', 'reach-academy', 'elements-academy', 'ethos-college', 'evolve-academy', 'enrich-academy', 'school-7', 'school-8', 'school-9',
    ]);
    expect(trust.people.find((p) => p.id === 'ceo')?.name).toBe('Chief Executive Officer');
    expect(trust.people.find((p) => p.schoolIds.includes('school-9'))).toMatchObject({ id: 'head-school-9', roles: ['head'] });
    const windows = await opened.listWindows();
    expect(windows).toHaveLength(6);
    expect(windows.every((w) => w.state === 'closed')).toBe(true);
    expect(await opened.listDecisions({ schoolId: 'school-8' })).toHaveLength(6);
    expect(await opened.latestEvaluation('reach-academy', windows[0]!.id)).toMatchObject({ schoolId: 'reach-academy' });
  });

  it('refuses a store that holds a trust, and changes nothing', async () => {
    const before = readFileSync(store);
    const again = await cli(['demo', 'seed', '--schools', '9', '--years', '2'], store);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`the store ${store} already holds the trust "Ethos Academy Trust"; demo seed fills an empty store only (point TERMLY_STORE at a new file)`);
    expect(readFileSync(store)).toEqual(before);
  });

  it('passes db check, naming what each file holds', async () => {
    const { code, out } = await cli(['db', 'check'], store);
    expect(code).toBe(0);
    expect(out).toContain(`${store}: valid, snapshot: 1 trust, 6 window, 54 submission, 54 evaluation, 54 decision,`);
  });

  it('answers the same for the same seed', async () => {
    const other = storeIn();
    await cli(['demo', 'seed', '--schools', '9', '--years', '2', '--seed', '7'], other);
    const [a, b] = await Promise.all([FileStore.open(store), FileStore.open(other)]);
    expect(await b.listDecisions()).toEqual(await a.listDecisions());
  }, 60_000);
});

describe('demo seed with a demo trust', () => {
  it('seeds the chosen demo trust as npm start does', async () => {
    const store = storeIn();
    const { code, out } = await cli(['demo', 'seed', '--trust', 'cmat'], store);
    expect(code).toBe(0);
    expect(out).toContain('with the cmat demo trust');
    expect((await (await FileStore.open(store)).getTrust())?.rubricId).toBe('cmat');
  }, 60_000);

  it.each([
    [['demo', 'seed', '--trust', 'ofsted'], '--trust: "ofsted" is not a demo trust; choose one of: an-daras, cat-excellence, cmat, ethos, four-stages'],
    [['demo', 'seed', '--schools', '3'], '--schools: expected a whole number at least the demo trust\'s own 6 schools up to 5000, found "3"'],
    [['demo', 'seed', '--years', 'ten'], '--years: expected a whole number from 1 up to 30, found "ten"'],
  ])('refuses %j, naming the option and the value, and writes nothing', async (argv, message) => {
    const store = storeIn();
    const { code, err } = await cli(argv, store);
    expect(code).toBe(1);
    expect(err).toBe(message);
    expect(() => readFileSync(store)).toThrow();
  });

  it('asks for the sub-command', async () => {
    const { code, err } = await cli(['demo'], storeIn());
    expect(code).toBe(2);
    expect(err).toContain('usage: demo seed');
  });
});

describe('db check', () => {
  it('lists a broken line and exits 1, changing nothing', async () => {
    const store = storeIn();
    writeFileSync(store, 'termly-store\t{"schemaVersion":2,"through":0}\nwindow\t{"id":"w"}\nend\t{"records":1}\n');
    const { code, out, err } = await cli(['db', 'check'], store);
    expect(code).toBe(1);
    expect(out).toContain(`${store}: NOT VALID`);
    expect(out).toContain('  - line 2: window: academicYear: expected string, found nothing');
    expect(err).toBe(`the store ${store} has problems (listed above); nothing was changed`);
    expect(readFileSync(store, 'utf8')).toContain('window\t{"id":"w"}');
  });
});
