import { defineConfig } from 'vitest/config';

/** Pure unit tests of the workflow core: no database, no global setup. */
export default defineConfig({
  test: {
    include: ['server/src/workflow/**/*.test.ts'],
  },
});
