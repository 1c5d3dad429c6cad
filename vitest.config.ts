import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A PostgreSQL server of the tests' own, unless TERMLY_TEST_DATABASE_URL names one.
    globalSetup: ['test/postgres-server.ts'],
    // Two cores: keep workers few so server-backed tests are not starved.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    testTimeout: 20_000,
  },
});
