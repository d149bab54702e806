/** Create a one-time code (digits shown once, with Copy), see it listed with time left, revoke it. */
import { expect, test } from '@playwright/test';
import { openApp, openIntercom, shot } from './helpers';

test('code create shows the digits once with Copy; revoke stops it at once', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await openIntercom(page);
  const list = page.getByRole('list', { name: 'Active codes' });
  const before = (await list.count()) === 0 ? 0 : await list.getByRole('listitem').count();

  await page.getByRole('button', { name: 'Create code' }).click();
  const dialog = page.getByRole('dialog', { name: 'New one-time code' });
  await expect(dialog).toBeVisible();
  const digits = (await dialog.locator('.code-digits').textContent()) ?? '';
  expect(digits).toMatch(/^\d{4}$/);
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(digits);
  await shot(page, '13-new-code');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  // Shown once: the digits are nowhere on the page now.
  await expect(page.getByText(digits, { exact: true })).toHaveCount(0);

  await expect(list.getByRole('listitem')).toHaveCount(before + 1);
  const item = list.getByRole('listitem').last();
  await expect(item).toContainText(/\d+ h( \d+ min)? left|\d+ min left/);
  await shot(page, '14-active-codes');

  await item.getByRole('button', { name: /^Revoke code/ }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke this code?' });
  await expect(confirm).toBeVisible();
  await shot(page, '15-revoke-confirm');
  await confirm.getByRole('button', { name: 'Revoke code' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Code revoked.' })).toBeVisible();
  if (before === 0) await expect(page.getByText('No active codes.')).toBeVisible();
  else await expect(list.getByRole('listitem')).toHaveCount(before);
});
