/**
 * End-to-end tests of the UI in Chromium against the browser host on the simulated site (issue 4,
 * section 4). Debian's /usr/bin/chromium when it exists, else Playwright's own browser; on CI with
 * neither, the run fails instead of skipping. `npm run build` must have run: the host serves out/renderer.
 */
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function bundledChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const useDebian = existsSync(DEBIAN_CHROMIUM);
if (!useDebian && !bundledChromium()) {
  const why = `No Chromium: neither ${DEBIAN_CHROMIUM} (apt-get install chromium) nor Playwright's own browser (npx playwright install chromium).`;
  // CI must prove the UI: a missing browser fails the run rather than skipping it.
  if (process.env.CI) throw new Error(why);
  process.stderr.write(`${why}\n`);
}

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  // The 1,000-gate spec (scale.spec.ts) adds about a minute, and the axe walk of every screen and dialog (a11y.spec.ts) a few minutes on a busy machine.
  globalTimeout: 900_000,
  expect: { timeout: 8_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    viewport: { width: 1280, height: 720 },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: useDebian ? { executablePath: DEBIAN_CHROMIUM, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium' }],
});
