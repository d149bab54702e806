/**
 * Issue 8, item 5, from the UI: Front Door's event queue overflows (a site whose intercom loses its
 * first event), while a second window creates codes on it. The event that arrives after the lost one
 * reveals the gap: the first window, which never heard of the first code, says so in a polite notice and
 * shows both codes, read again.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { startHost, type Host } from './host';
import { openApp, openIntercom, shot } from './helpers';

let host: Host;
test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluss-site-'));
  const site = { ...DEMO_SITE, name: 'Busy site', devices: DEMO_SITE.devices.map((d) => (d.name === 'Front Door' ? { ...d, dropEvents: 1 } : d)) };
  const file = join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  host = await startHost({ site: file });
});
test.afterAll(async () => {
  await host.stop();
});

async function createCode(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Create code' }).click();
  const dialog = page.getByRole('dialog', { name: 'New one-time code' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
}

test('events the app did not receive are announced, and the codes shown are read again', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await openApp(page, host.url);
  await openIntercom(page);
  await expect(page.getByText('No active codes.')).toBeVisible();

  // A second window on the same intercom: what it does reaches the first one only as events.
  const other = await browser.newPage();
  try {
    await openApp(other, host.url);
    await openIntercom(other);
    await createCode(other); // its event is lost: the first window still shows no codes
    await expect(other.getByRole('list', { name: 'Active codes' }).getByRole('listitem')).toHaveCount(1);
    await expect(page.getByText('No active codes.')).toBeVisible();
    await createCode(other); // its event arrives, one counter late: the gap
  } finally {
    await other.close();
  }

  const notice = page.getByRole('status').filter({ hasText: 'sent events this app did not receive' });
  await expect(notice).toHaveText(/Front Door sent events this app did not receive \(1 missed\)\. The codes, settings and users shown were read again\./);
  await expect(page.getByRole('list', { name: 'Active codes' }).getByRole('listitem')).toHaveCount(2);
  // The lost event's audit entry was read again into the owner's Audit history, beside the one that arrived.
  await expect(page.getByRole('list', { name: 'Audit history' }).getByRole('listitem').filter({ hasText: /created code [0-9a-f]{8}/ })).toHaveCount(2);
  await shot(page, 'event-gap-notice');

  // The notice is reachable by keyboard and goes when dismissed.
  const dismiss = notice.getByRole('button', { name: 'Dismiss' });
  await dismiss.focus();
  await page.keyboard.press('Enter');
  await expect(notice).toHaveCount(0);
});
