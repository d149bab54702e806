/** Test-fire from the UI: a passing run on the demo site, and a failing one on a site whose gate never answers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { startHost, type Host } from './host';
import { openApp, openIntercom, shot } from './helpers';

test('test-fire passes on the demo site with every step shown', async ({ page }) => {
  await openApp(page);
  await openIntercom(page);
  await page.getByRole('button', { name: /^Test-fire/ }).click();
  await expect(page.getByRole('heading', { name: 'Test-fire', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Run test-fire' }).click();
  await expect(page.getByText('Test-fire passed')).toBeVisible({ timeout: 20_000 });
  const steps = page.getByRole('list', { name: 'Test-fire steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(7);
  for (const step of await steps.all()) await expect(step).toContainText('Passed');
  await expect(steps.first()).toContainText(/\d+\.\d s/);
  await shot(page, '16-test-fire-passed');

  // The result belongs to the owner's session: as the shared user, the page starts afresh (bug 4.7).
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  await page.getByRole('radio', { name: 'Shared user' }).check();
  await expect(page.getByText('Shared user (demo-shared)')).toBeVisible();
  await page.getByRole('button', { name: /^Test-fire/ }).click();
  await expect(page.getByText('Only the owner can run test-fire.')).toBeVisible();
  await expect(page.getByText('Test-fire passed')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Test-fire steps' })).toHaveCount(0);
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  await page.getByRole('radio', { name: 'Owner' }).check();
  await expect(page.getByText('Owner (demo-owner)')).toBeVisible();
});

test.describe('with a gate that never answers', () => {
  let host: Host;
  test.beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluss-site-'));
    const site = {
      ...DEMO_SITE,
      name: 'Faulty site',
      devices: DEMO_SITE.devices.map((d) => (d.kind === 'gate' && d.name === 'Main Gate' ? { ...d, fault: 'no-response' } : d)),
    };
    const file = join(dir, 'site.json');
    writeFileSync(file, JSON.stringify(site));
    host = await startHost({ site: file });
  });
  test.afterAll(async () => {
    await host.stop();
  });

  test('test-fire fails and explains which step failed and why', async ({ page }) => {
    test.setTimeout(60_000);
    await openApp(page, host.url);
    await expect(page.getByText('Simulated site: Faulty site.')).toBeVisible();
    await openIntercom(page);
    await page.getByRole('button', { name: /^Test-fire/ }).click();
    await page.getByRole('button', { name: 'Run test-fire' }).click();
    // The button pressed made way for Cancel, and focus went with it (WCAG 2.4.3).
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shot(page, '17-test-fire-running');
    const failure = page.getByRole('alert').filter({ hasText: 'Test-fire failed' });
    await expect(failure).toBeVisible({ timeout: 45_000 });
    await expect(failure).toContainText('Failed at:');
    await expect(page.getByRole('list', { name: 'Test-fire steps' }).getByRole('listitem').filter({ hasText: 'Failed' })).not.toHaveCount(0);
    await shot(page, '18-test-fire-failed');
  });
});

test.describe('leaving during a run (bug 4.1), on a slow radio so that a run lasts', () => {
  let host: Host;
  test.beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluss-site-'));
    // Every ATT exchange takes a 300 ms connection interval: a test-fire then takes many seconds.
    const site = { ...DEMO_SITE, name: 'Slow site', radio: { ...DEMO_SITE.radio, connectionIntervalMs: 300 } };
    const file = join(dir, 'site.json');
    writeFileSync(file, JSON.stringify(site));
    host = await startHost({ site: file });
  });
  test.afterAll(async () => {
    await host.stop();
  });

  test('Devices in the bottom navigation asks first; Stop test-fire and leave stops the run and leaves no test code', async ({ page }) => {
    test.setTimeout(120_000);
    await openApp(page, host.url);
    await openIntercom(page);
    await page.getByRole('button', { name: /^Test-fire/ }).click();
    await page.getByRole('button', { name: 'Run test-fire' }).click();
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('button', { name: 'Devices' }).click();
    const prompt = page.getByRole('alertdialog', { name: 'Stop the test-fire?' });
    await expect(prompt).toBeVisible();
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await shot(page, 'test-fire-leave-prompt');
    await prompt.getByRole('button', { name: 'Keep running' }).click();
    await expect(page.getByRole('heading', { name: 'Test-fire', level: 1 })).toBeVisible();
    await expect(page.getByText('Test-fire passed')).toBeVisible({ timeout: 30_000 });

    // Again, and this time leave at once: the run is cancelled and cleans up before the session closes.
    await page.getByRole('button', { name: 'Run test-fire again' }).click();
    await nav.getByRole('button', { name: 'Devices' }).click();
    await prompt.getByRole('button', { name: 'Stop test-fire and leave' }).click();
    await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/The link to .* is down/)).toHaveCount(0);
    // The run revoked its test code before the session closed.
    await openIntercom(page);
    await expect(page.getByText('No active codes.')).toBeVisible();
  });
});
