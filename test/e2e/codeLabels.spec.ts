/** Codes people can tell apart: a label in the new-code dialog and the list, "N of M active", a message to paste. */
import { expect, test } from '@playwright/test';
import { openApp, openIntercom, shot } from './helpers';

test('label a new code, see it listed, copy the message for the guest', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await openIntercom(page);
  const counter = page.getByText(/^\d+ of \d+ active$/);
  await expect(counter).toBeVisible();
  const [active, max] = ((await counter.textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];

  await page.getByRole('button', { name: 'Create code' }).click();
  const dialog = page.getByRole('dialog', { name: 'New one-time code' });
  const digits = (await dialog.locator('.code-digits').textContent()) ?? '';
  await expect(dialog.getByText(/^Code [0-9a-f]{8}/)).toBeVisible();
  await dialog.getByLabel(/^Label/).fill('Anna, plumber');
  await dialog.getByRole('button', { name: 'Save label' }).click();
  await expect(dialog.getByText('Label saved.')).toBeVisible();
  await expect(dialog.getByText(/^Code [0-9a-f]{8} · Anna, plumber/)).toBeVisible();
  const message = dialog.getByLabel('Message for the guest');
  await expect(message).toHaveText(new RegExp(`^Your code for Front Door is ${digits}\\. It works once to enter and once to leave, until .+ (today|tomorrow)\\.$`));
  await dialog.getByRole('button', { name: 'Copy message' }).click();
  await expect(dialog.getByText('Message copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await message.textContent());
  await shot(page, '42-new-code-label-and-message');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByText(`${(active ?? 0) + 1} of ${max ?? 0} active`)).toBeVisible();
  const item = page.getByRole('list', { name: 'Active codes' }).getByRole('listitem').filter({ hasText: 'Anna, plumber' });
  await expect(item).toHaveCount(1);
  await shot(page, '43-codes-with-label');
  await item.getByRole('button', { name: /^Revoke code/ }).click();
  await page.getByRole('alertdialog', { name: 'Revoke this code?' }).getByRole('button', { name: 'Revoke code' }).click();
  await expect(page.getByText(`${active ?? 0} of ${max ?? 0} active`)).toBeVisible();
});
