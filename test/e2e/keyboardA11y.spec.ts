/** Keyboard-only change-and-save of the settings page (axe on every screen: a11y.spec.ts). */
import { expect, test, type Page } from '@playwright/test';
import { openApp, openIntercom, openSettings, rowValue, shot } from './helpers';

/** Presses `key` until the button named `name` has focus (and fails if it never does). */
async function focusButton(page: Page, name: string | RegExp, key = 'Tab'): Promise<void> {
  const target = page.getByRole('button', { name, exact: typeof name === 'string' ? true : undefined }).first();
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`could not reach ${String(name)} with ${key}`);
}

test('keyboard only: open the settings, change Max Users and Invite Duration, save', async ({ page }) => {
  await openApp(page);
  await focusButton(page, 'Front Door');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /One Time Access Settings/ })).toBeVisible();
  await focusButton(page, /^One Time Access Settings/);
  await page.keyboard.press('Enter');
  await expect(rowValue(page, 'Max Users')).toBeVisible();
  const maxBefore = await rowValue(page, 'Max Users').textContent();
  const durationBefore = await rowValue(page, 'Invite Duration').textContent();

  await focusButton(page, /^Max Users/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Max Users' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Max Users' }).getByRole('radio', { checked: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(rowValue(page, 'Max Users')).toBeFocused();

  await focusButton(page, /^Invite Duration/);
  await page.keyboard.press('Space');
  await expect(page.getByRole('dialog', { name: 'Invite Duration' })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();

  // A changed row says so until it is saved.
  await expect(rowValue(page, 'Max Users')).toContainText('Changed');
  const maxAfter = (await rowValue(page, 'Max Users').textContent())?.replace('Changed', '');
  const durationAfter = (await rowValue(page, 'Invite Duration').textContent())?.replace('Changed', '');
  expect(maxAfter).not.toBe(maxBefore);
  expect(durationAfter).not.toBe(durationBefore);

  await focusButton(page, 'Save', 'Shift+Tab');
  await shot(page, '21-keyboard-focus-save');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'One Time Access Settings saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Front Door', level: 1 })).toBeVisible();
  await openSettings(page);
  await expect(rowValue(page, 'Max Users')).toHaveText(maxAfter ?? '');
  await expect(rowValue(page, 'Invite Duration')).toHaveText(durationAfter ?? '');
});

test('focus goes to the new screen’s heading on every screen change (WCAG 2.4.3)', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Front Door', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Front Door', level: 1 })).toBeFocused();
  await page.getByRole('button', { name: /^One Time Access Settings/ }).click();
  await expect(page.getByRole('heading', { name: 'One Time Access Settings', level: 1 })).toBeFocused();
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  await expect(page.getByRole('heading', { name: 'Front Door', level: 1 })).toBeFocused();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Preferences' }).click();
  await expect(page.getByRole('heading', { name: 'Preferences', level: 1 })).toBeFocused();
});

test('closing a dialog gives focus back to the control that opened it, or to its list when that is gone', async ({ page }) => {
  await openApp(page);
  await openIntercom(page);
  const create = page.getByRole('button', { name: 'Create code' });
  await create.click();
  await page.getByRole('dialog', { name: 'New one-time code' }).getByRole('button', { name: 'Done' }).click();
  await expect(create).toBeFocused();

  const revoke = page.getByRole('list', { name: 'Active codes' }).getByRole('button', { name: /^Revoke code/ }).last();
  await revoke.click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Keep code' }).click();
  await expect(revoke).toBeFocused();
  await revoke.click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke code' }).click();
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Active codes' })).toBeFocused();

  const remove = page.getByRole('button', { name: 'Remove demo-shared' });
  await remove.click();
  await page.getByRole('dialog', { name: 'Remove demo-shared?' }).getByRole('button', { name: 'Keep user' }).click();
  await expect(remove).toBeFocused();
});

test('gate picker: the radio group is one Tab stop, Identify follows it; Space selects and closes', async ({ page }) => {
  await openApp(page);
  await openIntercom(page);
  await openSettings(page);
  await page.getByRole('button', { name: /^Entry Device/ }).click();
  const picker = page.getByRole('dialog', { name: 'Entry Device' });
  const checked = picker.getByRole('radio', { checked: true });
  await expect(checked).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const highlighted = picker.getByRole('radio', { checked: true });
  const name = (await highlighted.getAttribute('aria-labelledby')) ?? '';
  const gate = (await picker.locator(`[id="${name}"]`).textContent()) ?? '';
  // Tab leaves the group at once, for the Identify button of the highlighted gate…
  await page.keyboard.press('Tab');
  await expect(picker.getByRole('button', { name: `Identify highlighted gate (${gate})` })).toBeFocused();
  // …and Shift+Tab comes back to the group, on the highlighted gate.
  await page.keyboard.press('Shift+Tab');
  await expect(picker.getByRole('radio', { name: gate, exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(picker).toBeHidden();
  await expect(rowValue(page, 'Entry Device')).toContainText(gate);
  await expect(rowValue(page, 'Entry Device')).toBeFocused();
  // Leave the setting as the other tests expect it.
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
});

test('the focus ring is at least 3:1 against the page, in light and dark (WCAG 1.4.11)', async ({ page }) => {
  await openApp(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByRole('searchbox', { name: 'Search devices' }).focus();
    await page.keyboard.press('Tab');
    const ratio = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) =>
        [r, g, b].map((v) => {
          const c = (v ?? 0) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }).reduce((sum, c, i) => sum + c * ([0.2126, 0.7152, 0.0722][i] ?? 0), 0);
      const ring = lum(rgb(getComputedStyle(document.activeElement as Element).outlineColor));
      const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
      return (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05);
    });
    expect(ratio, `${scheme} scheme`).toBeGreaterThanOrEqual(3);
  }
});
