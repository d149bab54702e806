/** Leaving the settings page with unsaved changes asks whether to save: Save keeps, Cancel discards. */
import { expect, test } from '@playwright/test';
import { openApp, openIntercom, openSettings, pick, rowValue, shot } from './helpers';

test('unsaved changes prompt: Save keeps them, Cancel discards them', async ({ page }) => {
  await openApp(page);
  await openIntercom(page);
  await openSettings(page);
  const before = (await rowValue(page, 'Max Users').textContent()) ?? '';
  const kept = before.includes('2') ? '1' : '2';

  // Save keeps them.
  await pick(page, 'Max Users', kept);
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  const prompt = page.getByRole('alertdialog', { name: 'Save your changes?' });
  await expect(prompt).toBeVisible();
  await shot(page, '07-unsaved-prompt');
  await prompt.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'One Time Access Settings saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Front Door', level: 1 })).toBeVisible();
  await openSettings(page);
  await expect(rowValue(page, 'Max Users')).toHaveText(new RegExp(`Max Users${kept}\\b`));

  // Cancel discards them (leaving through the bottom navigation this time).
  await pick(page, 'Max Users', '50');
  await expect(page.getByText('Guessing risk:')).toBeVisible();
  await shot(page, '08-guessing-risk');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Devices' }).click();
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
  await openIntercom(page);
  await openSettings(page);
  await expect(rowValue(page, 'Max Users')).toHaveText(new RegExp(`Max Users${kept}\\b`));
});
