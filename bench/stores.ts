/**
 * Stores for benchmarks, made as a person would make them: `npm run cli -- demo seed --schools <n>
 * --years <n>` in a process of its own. A store is made once per size and seed and kept in the
 * system's temp folder (termly-bench-stores/); each run works on a copy, so runs start alike.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(tmpdir(), 'termly-bench-stores');

export interface Size {
  schools: number;
  years: number;
  label: string;
}

/** "6", "100x10": schools, and years of history (the demo's own single year when not given). */
export function parseSize(text: string): Size {
  const m = /^(\d+)(?:x(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`a size is <schools> or <schools>x<years>, e.g. 6 or 100x10; found "${text}"`);
  return { schools: Number(m[1]), years: Number(m[2] ?? 1), label: text.trim() };
}

/** A fresh copy of the store of this size (made first if need be); remove its folder when done. */
export async function storeOfSize(size: Size, log: (line: string) => void): Promise<{ file: string; dir: string }> {
  await mkdir(CACHE, { recursive: true });
  const kept = join(CACHE, `ethos-${size.schools}x${size.years}-seed1.db.json`);
  if (!existsSync(kept)) {
    log(`making the ${size.label} store: npm run cli -- demo seed --schools ${size.schools} --years ${size.years}`);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', 'seed', '--schools', String(size.schools), '--years', String(size.years), '--seed', '1'], {
      cwd: ROOT, env: { ...process.env, TERMLY_STORE: kept }, maxBuffer: 1 << 20,
    });
    log(stdout.trim());
  }
  const dir = await mkdtemp(join(tmpdir(), 'termly-bench-'));
  const file = join(dir, 'termly.db.json');
  await copyFile(kept, file);
  if (existsSync(`${kept}.journal`)) await copyFile(`${kept}.journal`, `${file}.journal`);
  return { file, dir };
}

export async function removeStore(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
