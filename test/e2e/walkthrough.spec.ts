/** The product guide's walkthrough (../shared/seed/), step by step, then the values read back from the device. */
import { expect, test } from '@playwright/test';
import { startHost, type Host } from './host';
import { openApp, openIntercom, openSettings, pick, rowValue, shot } from './helpers';

// Its own host on a fresh demo site, so the guide's defaults are what the page shows first.
let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host.stop();
});

test('seed walkthrough: change all four One Time Access Settings, save, confirm, persisted on the device', async ({ page, browser }) => {
  // 1. Open Devices from the home screen (bottom navigation).
  await openApp(page, host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Devices' }).click();
  await expect(page.getByRole('button', { name: 'Identify Main Gate' })).toBeVisible();
  await shot(page, '01-devices');

  // 2. Select your Fluss+ Intercom: the Device Details page.
  await openIntercom(page, 'Front Door');
  await expect(page.getByText('Owner (demo-owner)')).toBeVisible();
  await shot(page, '02-device-details');

  // 3. Tap One Time Access Settings: four rows in two groups.
  await openSettings(page);
  for (const row of ['Entry Device', 'Exit Device', 'Max Users', 'Invite Duration']) {
    await expect(rowValue(page, row)).toBeVisible();
  }
  // 4. The defaults the guide names (the demo's Entry Device is already Main Gate).
  await expect(rowValue(page, 'Entry Device')).toContainText('Main Gate');
  await expect(rowValue(page, 'Exit Device')).toContainText('Same as entry');
  await expect(rowValue(page, 'Max Users')).toContainText('10');
  await expect(rowValue(page, 'Invite Duration')).toContainText('12 hours');
  await shot(page, '03-settings');

  // 5. Choose the entry device, then the exit device.
  await page.getByRole('button', { name: /^Entry Device/ }).click();
  const entryPicker = page.getByRole('dialog', { name: 'Entry Device' });
  await expect(entryPicker.getByRole('button', { name: 'Identify Garage' })).toBeVisible();
  await shot(page, '04-entry-picker');
  // Selecting the gate chooses it and closes the picker (no Done).
  await entryPicker.getByRole('radio', { name: 'Garage', exact: true }).click();
  await expect(entryPicker).toBeHidden();
  await pick(page, 'Exit Device', 'Side Gate');
  // 6. Max Users, 7. Invite Duration.
  await pick(page, 'Max Users', '5');
  await pick(page, 'Invite Duration', '8 hours');
  await expect(page.getByText('Max Users and Invite Duration apply to new codes only.', { exact: false })).toBeVisible();
  await expect(page.getByText(/The Entry and Exit Device change applies now( to the \d+ active codes?\.|; no codes are active now\.)/)).toBeVisible();
  await shot(page, '05-settings-changed');

  // 8. Save in the top right: a confirmation appears and the app returns to Device Details.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'One Time Access Settings saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Front Door', level: 1 })).toBeVisible();
  await shot(page, '06-saved-confirmation');

  // Persisted on the device: re-open the page in this window…
  await openSettings(page);
  await expect(rowValue(page, 'Entry Device')).toContainText('Garage');
  await expect(rowValue(page, 'Exit Device')).toContainText('Side Gate');
  await expect(rowValue(page, 'Max Users')).toContainText('5');
  await expect(rowValue(page, 'Invite Duration')).toContainText('8 hours');

  // …and in a fresh window, a new session reads the same values from the device.
  const fresh = await browser.newPage();
  await openApp(fresh, host.url);
  await openIntercom(fresh, 'Front Door');
  await openSettings(fresh);
  await expect(rowValue(fresh, 'Entry Device')).toContainText('Garage');
  await expect(rowValue(fresh, 'Exit Device')).toContainText('Side Gate');
  await expect(rowValue(fresh, 'Max Users')).toContainText('5');
  await expect(rowValue(fresh, 'Invite Duration')).toContainText('8 hours');
  await fresh.close();
});
