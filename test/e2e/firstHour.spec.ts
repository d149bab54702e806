/** Issue 10's "bugs in the app", as a person meets them (more in testFire, claim, pickers and keyboardA11y). */
import { expect, test } from '@playwright/test';
import { startHost, type Host } from './host';
import { openApp, openIntercom, openSettings, pick, rowValue, shot } from './helpers';

// Its own demo site: these tests save settings.
let host: Host;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host.stop();
});

test('save with no changes is not offered; changed rows are marked until saved (bug 4.3)', async ({ page }) => {
  await openApp(page, host.url);
  await openIntercom(page);
  await openSettings(page);
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toBeDisabled();
  await expect(page.getByText('Changed', { exact: true })).toHaveCount(0);

  await pick(page, 'Invite Duration', '4 hours');
  await expect(save).toBeEnabled();
  await expect(rowValue(page, 'Invite Duration')).toContainText('Changed');
  await expect(rowValue(page, 'Max Users')).not.toContainText('Changed');
  await shot(page, 'first-hour-changed-row');
  // Changed back: nothing left to save.
  await pick(page, 'Invite Duration', '12 hours');
  await expect(save).toBeDisabled();
  await expect(rowValue(page, 'Invite Duration')).not.toContainText('Changed');
});

test('reloading with an unsaved draft asks first (bug 4.9)', async ({ page }) => {
  await openApp(page, host.url);
  await openIntercom(page);
  await openSettings(page);
  await pick(page, 'Max Users', '2');
  const asked = new Promise<string>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.dismiss(); // stay on the page
    });
  });
  void page.reload().catch(() => undefined);
  expect(await asked).toBe('beforeunload');
  await expect(rowValue(page, 'Max Users')).toContainText('2');
  await expect(rowValue(page, 'Max Users')).toContainText('Changed');
});

test('Exit set to the entry gate is Same as entry, and the picker says so (bug 4.10)', async ({ page }) => {
  await openApp(page, host.url);
  await openIntercom(page);
  await openSettings(page);
  await expect(rowValue(page, 'Entry Device')).toContainText('Main Gate');
  await page.getByRole('button', { name: /^Exit Device/ }).click();
  const picker = page.getByRole('dialog', { name: 'Exit Device' });
  await expect(picker.getByRole('radio', { name: 'Main Gate', exact: true })).toHaveAccessibleDescription(/The Entry Device: choosing it sets Same as entry\./);
  await expect(picker.getByRole('radio', { name: 'Same as entry' })).toHaveAccessibleDescription(/Main Gate opens for leaving too/);
  await picker.getByRole('radio', { name: 'Main Gate', exact: true }).click();
  await expect(picker).toBeHidden();
  await expect(rowValue(page, 'Exit Device')).toContainText('Same as entry');
  // Nothing changed, then: Same as entry was already the setting.
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
});

test('search finds what the rows show: "gate" finds Garage, an id fragment finds its device (bug 4.5)', async ({ page }) => {
  await openApp(page, host.url);
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  const rows = page.getByRole('list', { name: 'Nearby devices' }).getByRole('listitem');
  await search.fill('gate');
  await expect(rows.filter({ hasText: 'Garage' })).toHaveCount(1);
  await expect(rows).toHaveCount(3);
  await search.fill('f1:60:00:00:00:03');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Side Gate');
  await search.fill('');
});

test('the confirmation toast never covers the page (bug 4.12)', async ({ page }) => {
  await openApp(page, host.url);
  await openIntercom(page);
  await openSettings(page);
  await pick(page, 'Max Users', '5');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const toast = page.getByRole('status').filter({ hasText: 'One Time Access Settings saved.' });
  await expect(toast).toBeVisible();
  const toastBox = await toast.boundingBox();
  const mainBox = await page.getByRole('main').boundingBox();
  expect(toastBox && mainBox && toastBox.y >= mainBox.y + mainBox.height - 1).toBe(true);
  await shot(page, 'first-hour-toast');
});

test('Device Details at 1280x720: Create code in view, and a shared user is told the settings are read-only (bug 4.15)', async ({ page }) => {
  await openApp(page, host.url);
  await openIntercom(page);
  await expect(page.getByRole('button', { name: 'Create code' })).toBeInViewport();
  await page.getByRole('radio', { name: 'Shared user' }).check();
  await expect(page.getByText('Shared user (demo-shared)')).toBeVisible();
  await expect(page.getByRole('button', { name: /^One Time Access Settings/ })).toContainText('Read-only for a shared user');
  await expect(page.getByRole('button', { name: 'Create code' })).toBeInViewport();
  await shot(page, 'first-hour-details-shared');
  await page.getByRole('radio', { name: 'Owner' }).check();
  await expect(page.getByText('Owner (demo-owner)')).toBeVisible();
});
