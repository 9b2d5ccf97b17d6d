// End-to-end tests: Debian's Chromium (driven by playwright-core) against the browser host.
// `npm run test:e2e` builds dist-web first; these tests build nothing.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // one browser at a time: the files share nothing, but Chromium is heavy
    maxWorkers: 1,
    fileParallelism: false,
  },
});
