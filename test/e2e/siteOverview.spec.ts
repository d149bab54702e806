/**
 * The Site overview as a technician uses it (issue 11, item 1): Site in the bottom navigation lists the
 * intercoms heard and who this computer is to each, without connecting; "Check all" reads each one it
 * can open (gates by name, Max Users, Invite Duration, active codes), the table sorts by a column header,
 * and Export CSV downloads the same table.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';

test('site overview: list, Check all, sort, export CSV', async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Site' }).click();
  await expect(page.getByRole('heading', { name: 'Site overview' })).toBeVisible();
  const frontDoor = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Front Door' }) });
  await expect(frontDoor).toBeVisible({ timeout: 15_000 });
  await expect(frontDoor).toContainText('owner');
  await expect(frontDoor).toContainText('not checked');
  await shot(page, '50-site-overview-listed');

  await page.getByRole('button', { name: 'Check all' }).click();
  await expect(frontDoor).toContainText('Main Gate', { timeout: 20_000 });
  await expect(frontDoor).toContainText('Same as entry');
  await expect(frontDoor.getByRole('cell').filter({ hasText: /^ok$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check all' })).toBeEnabled();
  await shot(page, '51-site-overview-checked');

  // Sort by signal, strongest last (ascending dBm), then descending with a second press.
  const signal = page.getByRole('button', { name: /^Signal/ });
  await signal.click();
  await expect(page.getByRole('columnheader', { name: /Signal/ })).toHaveAttribute('aria-sort', 'ascending');
  await signal.click();
  await expect(page.getByRole('columnheader', { name: /Signal/ })).toHaveAttribute('aria-sort', 'descending');
  const names = await page.getByRole('rowheader').allTextContents();
  expect(names[0]).toBe('Front Door'); // -58 dBm, the strongest intercom of the demo site

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8').split('\r\n');
  expect(csv[0]).toBe('Intercom,Id,Me,Entry Device,Exit Device,Max Users,Invite Duration,Active codes,Last test-fire,Firmware,Signal,Check');
  expect(csv.find((l) => l.startsWith('Front Door,'))).toMatch(/^Front Door,f1a000000001,owner,Main Gate,Same as entry,\d+,\d+ h,\d+,/);
});
