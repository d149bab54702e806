/** A shared user sees One Time Access Settings read-only, with the reason. */
import { expect, test } from '@playwright/test';
import { openApp, openIntercom, shot } from './helpers';

test('shared user: settings are read-only with the reason; no Save', async ({ page }) => {
  await openApp(page);
  await openIntercom(page, 'Front Door', 'Shared user');
  await expect(page.getByText('Shared user (demo-shared)')).toBeVisible();
  // Shared users manage codes but not users.
  await expect(page.getByRole('heading', { name: 'Shared users' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Create code' })).toBeVisible();
  await shot(page, '11-device-details-shared');

  await page.getByRole('button', { name: /One Time Access Settings/ }).click();
  await expect(page.getByRole('heading', { name: 'One Time Access Settings', level: 1 })).toBeVisible();
  await expect(page.getByText('Only the owner of this Fluss+ Intercom can change these settings', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Max Users/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: /^Max Users/ }).click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await shot(page, '12-settings-read-only');
  // Back to the owner, so the host's shared session does not linger for other tests.
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  await page.getByRole('radio', { name: 'Owner' }).check();
  await expect(page.getByText('Owner (demo-owner)')).toBeVisible();
});
