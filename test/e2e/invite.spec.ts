/**
 * Shared-user invites in the app (issue 11, item 6): the owner adds "Ben, caretaker", gets the invite (QR
 * code, file, one-time passphrase shown once), saves the file; Import access in Preferences refuses that
 * file with a wrong passphrase and keeps nothing; removing Ben takes him off the list. (The import that
 * succeeds, and connecting with it, is tested across two installations in test/cli/invite.test.ts and
 * test/services/userInvites.test.ts: this host's one key store is shared by every spec.)
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, openIntercom, shot } from './helpers';

test('add a shared user by name: invite dialog, saved file, refused with a wrong passphrase, then removed', async ({ page }, testInfo) => {
  await openApp(page);
  await openIntercom(page, 'Front Door', 'Owner');
  await page.getByLabel('New shared user’s name').fill('Ben, caretaker');
  await page.getByRole('button', { name: 'Add shared user' }).click();

  const dialog = page.getByRole('dialog', { name: 'Invite for Ben, caretaker' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('img', { name: /QR code of the invite for Ben, caretaker/ })).toBeVisible();
  const passphrase = (await dialog.getByLabel('One-time passphrase').innerText()).trim();
  expect(passphrase).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){4}$/);
  await shot(page, '40-invite-dialog');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: 'Save invite file' }).click()]);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  expect(download.suggestedFilename()).toBe('Front-Door-Ben-caretaker.fluss-invite.json');
  const invite = JSON.parse(readFileSync(file, 'utf8')) as { user: { userId: string; label: string } };
  expect(invite.user.label).toBe('Ben, caretaker');
  expect(invite.user.userId).toMatch(/^u-[0-9a-f]{16}$/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  // The list shows the label; the device knows only the random id.
  await expect(page.getByRole('list', { name: 'Users' }).getByText('Ben, caretaker')).toBeVisible();

  await page.getByRole('button', { name: 'Preferences' }).click();
  const card = page.getByRole('region', { name: 'Import access' });
  await card.getByLabel('Invite file').setInputFiles(file);
  await card.getByLabel('Passphrase').fill('aaaa-bbbb-cccc-dddd-eeee');
  await card.getByRole('button', { name: 'Import access' }).click();
  await expect(card.getByRole('alert')).toContainText('That passphrase does not open this invite.');
  await shot(page, '41-import-access-wrong-passphrase');

  await page.getByRole('button', { name: 'Devices' }).click();
  await openIntercom(page, 'Front Door', 'Owner');
  await page.getByRole('button', { name: 'Remove Ben, caretaker' }).click();
  await page.getByRole('button', { name: 'Remove user' }).click();
  await expect(page.getByRole('list', { name: 'Users' }).getByText('Ben, caretaker')).toHaveCount(0);
});
