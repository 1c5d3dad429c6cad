/** `npm run cli -- peers`: the JSON scripts read, and the text a person reads. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadRubrics } from '../../src/rubric/load.js';
import { openStore } from '../../src/store/open.js';
import { seedDemo } from '../../src/trust/demo.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let storeFile: string;

beforeAll(async () => {
  storeFile = join(mkdtempSync(join(tmpdir(), 'termly-peers-')), 'store.json');
  const { store } = await openStore({ file: storeFile, env: {} });
  await seedDemo(store, loadRubrics(), new Date('2026-11-24T09:00:00Z'), 'ethos');
});

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...process.env, TERMLY_STORE: storeFile }, cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('peers', () => {
  it('prints suggestions as JSON: school, area, level and peers with their reasons', async () => {
    const { code, out } = await cli(['peers', '--json']);
    expect(code).toBe(0);
    const { suggestions } = JSON.parse(out) as { suggestions: { school: string; area: string; level: string; peers: { school: string; level: string; reviews: number; why: string }[] }[] };
    const enrich = suggestions.filter((s) => s.school === 'enrich-academy');
    expect(enrich.length).toBeGreaterThan(0);
    const paired = enrich.find((s) => s.peers.length > 0)!;
    expect(paired.level).toBe('intervention_required');
    for (const p of paired.peers) {
      expect(p).toMatchObject({ level: 'assured', reviews: expect.any(Number) });
      expect(p.school).not.toBe('enrich-academy');
      expect(p.why).toMatch(/has been Assured in .+ for its last \d reviews/);
    }
  });

  it('narrows to one school by part of its name, in words a person reads', async () => {
    const { code, out } = await cli(['peers', '--school', 'enrich']);
    expect(code).toBe(0);
    expect(out).toMatch(/^School-to-school support — Enrich Academy/);
    expect(out).toMatch(/Enrich Academy: .+ is Intervention required\n {2}→ .+ has been Assured in/);
  });

  it('names what it cannot find, with exit code 1', async () => {
    const { code, err } = await cli(['peers', '--area', 'swimming']);
    expect(code).toBe(1);
    expect(err).toMatch(/^nothing matches "swimming"; did you mean: /);
  });
});
