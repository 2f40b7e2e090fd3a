import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    // One local stack (emulator + gateway + handlers) serves every integration test file.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Focused tests must never reach main unnoticed.
    allowOnly: false,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
