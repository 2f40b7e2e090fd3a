import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    // One local stack (emulator + gateway + handlers) serves every integration test file.
    globalSetup: ['test/support/global-setup.ts'],
    // Deadlines only catch hangs: on a loaded two-core machine a stack's start or a test making
    // hundreds of requests can take minutes, which is slow, not broken.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    teardownTimeout: 120_000,
    // Focused tests must never reach main unnoticed.
    allowOnly: false,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
