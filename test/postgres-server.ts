/**
 * Vitest's global set-up: a PostgreSQL server of the tests' own, so `npm test` runs the
 * PostgreSQL tests wherever Debian's `postgresql` package is installed, with nothing started by
 * hand. When TERMLY_TEST_DATABASE_URL names a server already, that one is used. The server
 * lives in a temporary folder, listens on a free loopback port, trusts loopback connections
 * (nothing else can reach it), and is stopped and removed when the run ends.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server the PostgreSQL tests create their databases on; null when none could be had. */
    testDatabaseUrl: string | null;
    /** Why there is none, for the skipped tests' titles. */
    testDatabaseMissing: string | null;
  }
}

/** Debian installs each major version under /usr/lib/postgresql/<n>/bin: the newest one. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => void) | void> {
  const named = process.env.TERMLY_TEST_DATABASE_URL?.trim();
  if (named) {
    project.provide('testDatabaseUrl', named);
    project.provide('testDatabaseMissing', null);
    return;
  }
  const bin = postgresBin();
  if (!bin) {
    const why = 'install Debian\'s postgresql package, or set TERMLY_TEST_DATABASE_URL to a server whose role may create databases';
    if (process.env.CI) throw new Error(`The PostgreSQL tests cannot run: ${why}.`);
    project.provide('testDatabaseUrl', null);
    project.provide('testDatabaseMissing', why);
    return;
  }
  // initdb and postgres refuse to run as root: as root, the server runs as Debian's postgres user.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => (asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
    : execFileSync(join(bin, command), args, { stdio: 'pipe' }));
  const data = mkdtempSync(join(tmpdir(), 'termly-test-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:', data]);
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', join(data, 'server.log'), '-o', `-k ${data} -p ${port} -h 127.0.0.1 -F`, '-w', 'start']);
  project.provide('testDatabaseUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  project.provide('testDatabaseMissing', null);
  return () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  };
}
