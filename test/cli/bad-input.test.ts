/** Files and words no one should type, as a tester tries them: each exits 1 or 2 with a message, never a stack trace. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boot } from '../../src/boot.js';
import { runCli } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/file-store.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'termly-cli-bad-'));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...process.env }, cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, content: string | Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line refuses', () => {
  it('a YAML alias bomb in rubric check, naming the problem', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h']]) levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const { code, err } = await cli(['rubric', 'check', file('bomb.yaml', `${levels.join('\n')}\n`)]);
    expect(code).toBe(1);
    expect(err).toContain('bomb.yaml: one problem');
    expect(err).toContain('not usable YAML: Excessive alias count');
  });

  it('a 12 KB input file of nested lists, naming the file', async () => {
    const input = file('deep.json', `{"ratings": ${'['.repeat(6000)}${']'.repeat(6000)}}`);
    const { code, err } = await cli(['evaluate', '--rubric', 'ethos', '--input', input]);
    expect(code).toBe(1);
    expect(err).toBe(`${input}: lists or objects nested more than 64 levels deep; answers need a few levels at most`);
  });

  it('1e999 in an input file as not a finite number', async () => {
    const input = file('huge.json', '{"indicators": {"attendance": 1e999}}');
    const { code, err } = await cli(['evaluate', '--rubric', 'ethos', '--input', input]);
    expect(code).toBe(1);
    expect(err).toContain('indicators.attendance: the figure given is not a finite number');
  });

  it('a command named after a built-in property as unknown', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const { code, err } = await cli([name]);
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`^unknown command "${name}"`));
    }
  });
});

describe('an unexpected failure', () => {
  // A store path that is a folder: the disk refuses the read with an error no check expects.
  const env = { TERMLY_STORE: dir };
  const run = async (argv: string[]) => {
    const err: string[] = [];
    const code = await runCli(argv, { out: () => undefined, err: (t) => err.push(t), env: { ...process.env, ...env }, cwd: ROOT });
    return { code, err: err.join('\n') };
  };

  it('is one line and exit code 3, with no stack trace', async () => {
    const { code, err } = await run(['status', 'reach']);
    expect(code).toBe(3);
    expect(err).toMatch(/^termly: something went wrong: EISDIR/);
    expect(err).toContain('Run the command again with --debug for the details.');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('shows its stack trace with --debug', async () => {
    const { code, err } = await run(['status', 'reach', '--debug']);
    expect(code).toBe(3);
    expect(err).toMatch(/\n\s+at /);
  });
});

describe('status run while the bot seeds a fresh store', () => {
  it('answers, or says the store is empty, and never writes a second trust', async () => {
    for (let round = 0; round < 2; round++) {
      const store = join(mkdtempSync(join(dir, 'fresh-')), 'termly.db.json');
      const err: string[] = [];
      const [code] = await Promise.all([
        runCli(['status', 'reach'], { out: () => undefined, err: (t) => err.push(t), env: { ...process.env, TERMLY_STORE: store }, cwd: ROOT }),
        boot({ env: {}, outbound: { send: async () => ({ status: 'unreachable', detail: 'none' }) }, storeFile: store, seedDemo: true }),
      ]);
      expect([0, 1]).toContain(code);
      if (code === 1) expect(err.join('\n')).toMatch(/is empty: no trust is set up in it yet|cannot be used/);
      expect(err.join('\n')).not.toMatch(/\n\s+at /);
      const opened = await FileStore.open(store);
      expect((await opened.listAudit()).filter((a) => a.action === 'trust.created')).toHaveLength(1);
    }
  }, 60_000);
});

describe('the command line accepts', () => {
  it('an input file saved as UTF-8 with a byte-order mark', async () => {
    const input = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"school": "Reach Academy", "indicators": {"attendance": 95}}')]));
    const { code, out } = await cli(['evaluate', '--rubric', 'ethos', '--input', input]);
    expect(code).toBe(0);
    expect(out).toContain('Reach Academy');
  });
});
