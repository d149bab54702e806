/** Test-fire from the UI: a passing run on the demo site, and a failing one on a site whose gate never answers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await shot(page, '17-test-fire-running');
    const failure = page.getByRole('alert').filter({ hasText: 'Test-fire failed' });
    await expect(failure).toBeVisible({ timeout: 45_000 });
    await expect(failure).toContainText('Failed at:');
    await expect(page.getByRole('list', { name: 'Test-fire steps' }).getByRole('listitem').filter({ hasText: 'Failed' })).not.toHaveCount(0);
    await shot(page, '18-test-fire-failed');
  });
});
