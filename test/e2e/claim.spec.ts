/** First-time setup: claim "New Intercom" with its setup key, then add and remove a shared user. */
import { expect, test } from '@playwright/test';
import { openApp, shot } from './helpers';

test('first-time claim of New Intercom, then add and remove a shared user', async ({ page }) => {
  await openApp(page);
  await expect(page.getByText('Unclaimed: first-time setup')).toBeVisible();
  await page.getByRole('button', { name: 'New Intercom', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'First-time setup', level: 1 })).toBeVisible();

  // The format is checked before anything is sent.
  await page.getByLabel('Setup key').fill('d34e-1930-3fdf');
  await page.getByRole('button', { name: 'Claim intercom' }).click();
  await expect(page.getByText('That is not a setup key: it must be 32 hex digits')).toBeVisible();
  await shot(page, '19-setup-invalid-key');

  // A well-formed but wrong key: the error says it is the setup key (bug 4.8).
  await page.getByLabel('Setup key').fill('0000-1930-3fdf-180c-472f-ae12-13eb-49f1');
  await page.getByRole('button', { name: 'Claim intercom' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'New Intercom did not accept this setup key.' })).toBeVisible({ timeout: 15_000 });

  await page.getByLabel('Setup key').fill('d34e-1930-3fdf-180c-472f-ae12-13eb-49f1');
  await page.getByRole('button', { name: 'Claim intercom' }).click();
  await expect(page.getByRole('heading', { name: 'New Intercom', level: 1 })).toBeVisible({ timeout: 15_000 });
  // The owner's id is random (security issue #9, finding 10): no field asks for one.
  await expect(page.getByText(/^Owner \(u-[0-9a-f]{16}\)$/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: 'You are its owner.' })).toBeVisible();

  const users = page.getByRole('list', { name: 'Users' });
  await page.getByLabel('New shared user’s name').fill('Guest 1');
  await page.getByRole('button', { name: 'Add shared user' }).click();
  await page.getByRole('dialog', { name: 'Invite for Guest 1' }).getByRole('button', { name: 'Done' }).click();
  await expect(users.getByText('Guest 1')).toBeVisible();
  await shot(page, '20-claimed-users');
  await page.getByRole('button', { name: 'Remove Guest 1' }).click();
  await page.getByRole('dialog', { name: 'Remove Guest 1?' }).getByRole('button', { name: 'Remove user' }).click();
  await expect(users.getByText('Guest 1')).toHaveCount(0);

  // No shared user is left on this intercom: the error says so, not "check that your access was not
  // removed" (bug 4.8). (Which user id it names depends on the keys this computer still holds.)
  await page.getByRole('radio', { name: 'Shared user' }).check();
  await expect(page.getByRole('alert').filter({ hasText: /New Intercom has no shared user [a-z0-9-]+: its owner has not added that user, or removed it\./ })).toBeVisible({
    timeout: 15_000,
  });
  await page.getByRole('radio', { name: 'Owner' }).check();
  await expect(page.getByText(/^Owner \(u-[0-9a-f]{16}\)$/)).toBeVisible({ timeout: 15_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Devices' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'New Intercom' })).toContainText('Claimed');
});
