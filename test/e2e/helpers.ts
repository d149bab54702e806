import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

export function hostUrl(): string {
  const url = process.env.FLUSS_URL;
  if (!url) throw new Error('FLUSS_URL is not set: run through `npx playwright test` (globalSetup starts the host).');
  return url;
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** Opens the app and waits until the scan has found the demo site's devices. */
export async function openApp(page: Page, url = hostUrl()): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Front Door' })).toBeVisible();
}

/**
 * Devices → the intercom: the Device Details page, connected as `role`. The host keeps one session
 * per intercom for every window, so a test that wants the owner says so.
 */
export async function openIntercom(page: Page, name = 'Front Door', role: 'Owner' | 'Shared user' = 'Owner'): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /One Time Access Settings/ })).toBeVisible();
  await page.getByRole('radio', { name: role }).check();
  await expect(page.getByText(new RegExp(`^${role} \\(`))).toBeVisible();
}

/** Device Details → One Time Access Settings, loaded. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: /One Time Access Settings/ }).click();
  await expect(page.getByRole('heading', { name: 'One Time Access Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Max Users/ })).toBeVisible();
}

/** Opens a settings row's picker and selects `option`: selecting chooses it and closes the picker. */
export async function pick(page: Page, row: string, option: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${row}`) }).click();
  const dialog = page.getByRole('dialog', { name: row });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: option, exact: true }).click();
  await expect(dialog).toBeHidden();
}

export function rowValue(page: Page, row: string) {
  return page.getByRole('button', { name: new RegExp(`^${row}`) });
}
