/** Keyboard-only change-and-save of the settings page, and an axe check of every screen. */
import AxeBuilder from '@axe-core/playwright';
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

  const maxAfter = await rowValue(page, 'Max Users').textContent();
  const durationAfter = await rowValue(page, 'Invite Duration').textContent();
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

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.id} (${v.impact ?? ''}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('axe: no serious or critical violation on any screen', async ({ page }) => {
  await openApp(page);
  await expectNoSeriousViolations(page, 'Devices');
  await openIntercom(page);
  await expectNoSeriousViolations(page, 'Device Details');
  await openSettings(page);
  await expectNoSeriousViolations(page, 'One Time Access Settings');
  await page.getByRole('button', { name: /^Entry Device/ }).click();
  await expect(page.getByRole('dialog', { name: 'Entry Device' })).toBeVisible();
  await expectNoSeriousViolations(page, 'Entry Device picker');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '‹ Device Details' }).click();
  await page.getByRole('button', { name: /^Test-fire/ }).click();
  await expect(page.getByRole('heading', { name: 'Test-fire', level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, 'Test-fire');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Preferences' }).click();
  await expect(page.getByRole('heading', { name: 'Preferences', level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, 'Preferences');
  await shot(page, '22-preferences');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Devices' }).click();
  await page.getByRole('button', { name: 'New Intercom', exact: true }).click();
  await expect(page.getByRole('heading', { name: /First-time setup|New Intercom/, level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, 'First-time setup or its Device Details');
});
