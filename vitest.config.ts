// Test runner settings: Node environment, generous timeouts for browser and process tests, artefacts in test-results/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { DOTENV_CONFIG_QUIET: 'true' },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
