import { defineConfig } from '@playwright/test';

/** The real Electron shell (`npm run test:electron`); it skips, saying why, where no Electron binary exists. */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
