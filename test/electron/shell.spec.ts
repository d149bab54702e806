/**
 * The real Electron shell, driven by Playwright's `_electron`: the window opens on the simulated site,
 * the page has `window.fluss` and nothing of Node, and navigation and new windows are blocked.
 * Runs where an Electron binary exists (`npm run build` first); elsewhere it is skipped and says why.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { installedElectron } from '../../resources/build/electronBinary.mjs';

const ROOT = join(import.meta.dirname, '../..');

// Not require('electron'): Electron 45 then tries to download the binary and prints a stack trace.
const found = installedElectron(ROOT);
const binary: { path?: string; why?: string } = 'path' in found ? { path: found.path } : { why: `${found.why}; \`npm start\` downloads it` };
const built = existsSync(join(ROOT, 'out/main/index.js'));
const skipReason = binary.why ?? (built ? undefined : 'the app is not built: run `npm run build` first');
if (skipReason) console.log(`Skipping the Electron shell test: ${skipReason}. The browser host tests prove the UI here.`);

test.describe('Electron shell', () => {
  test.skip(skipReason !== undefined, skipReason ?? '');
  let app: ElectronApplication;

  test.beforeEach(async () => {
    const userData = mkdtempSync(join(tmpdir(), 'fluss-electron-'));
    app = await electron.launch({
      executablePath: binary.path,
      args: [ROOT, `--user-data-dir=${userData}`],
      env: { ...process.env, FLUSS_DATA_DIR: userData },
    });
  });
  test.afterEach(async () => app.close());

  test('opens one secure window with window.fluss and no Node', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/Fluss\+ Commissioner/);
    expect(page.url()).toBe('app://fluss/index.html'); // never file:// (issue 9, item 8)
    const exposed = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const fluss = w.fluss as Record<string, unknown> | undefined;
      return { methods: fluss ? Object.keys(fluss).sort() : [], require: typeof w.require, process: typeof w.process, ipc: typeof w.ipcRenderer };
    });
    expect(exposed.methods).toContain('settings.save');
    expect(exposed.methods).toContain('on');
    expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined', ipc: 'undefined' });
    const status = await page.evaluate(() => (window as unknown as { fluss: { 'app.status': (r: object) => Promise<unknown> } }).fluss['app.status']({}));
    expect(status).toMatchObject({ ok: true, value: { simulated: true, adapterProblem: { code: 'ADAPTER_UNAVAILABLE' } } });
    const bad = await page.evaluate(() => (window as unknown as { fluss: { 'settings.get': (r: object) => Promise<unknown> } }).fluss['settings.get']({ deviceId: 'nope' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  test('blocks navigation away from the app and new windows', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      window.open('https://example.com/');
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });
});
