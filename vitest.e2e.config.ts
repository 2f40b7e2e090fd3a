import { defineConfig } from 'vitest/config';

/**
 * The dashboard in a real browser: each file starts its own local stack (fresh embedded
 * database) and drives Debian's Chromium through playwright-core. `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/build.ts'],
    // Deadlines only catch hangs (see vitest.config.ts): a loaded machine is slow, not broken.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // A stack and a browser per file: two at a time keep a small machine responsive.
    maxWorkers: 2,
    allowOnly: false,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
