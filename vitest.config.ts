import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'contract/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['server/src/test-support/global-setup.ts', 'e2e/support/build-web.ts'],
    // the API's tests see the API's route table only; the browser tests (e2e/) add the web app themselves
    env: { SERVE_WEB: '0' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
