/**
 * The commissioning report and the diagnostics bundle from the UI, as a technician uses them: test-fire,
 * Save report at its end, then Preferences, where the signing key's fingerprint matches the report's and
 * Save diagnostics writes a zip. Everything reached by keyboard-usable controls found by role and label.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { verifyReportText } from '../../electron/report/signReport';
import { openApp, openIntercom, shot } from './helpers';

test('save a signed report at the end of a test-fire, then diagnostics from Preferences', async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page);
  // The report names the technician from Preferences.
  await page.getByRole('button', { name: 'Preferences' }).click();
  await page.getByLabel('Technician name').fill('Ana Técnica');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Devices' }).click();

  await openIntercom(page);
  await page.getByRole('button', { name: /^Test-fire/ }).click();
  await expect(page.getByRole('button', { name: 'Save report' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Run test-fire' }).click();
  await expect(page.getByText('Test-fire passed')).toBeVisible({ timeout: 20_000 });

  const site = page.getByLabel('Site name');
  await expect(site).not.toHaveValue('');
  await site.fill('Acme Works');
  await page.getByRole('button', { name: 'Save report' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Report saved in' });
  await expect(saved).toBeVisible({ timeout: 15_000 });
  await shot(page, '40-report-saved');
  const jsonPath = (await saved.locator('dd').nth(1).textContent()) ?? '';
  const pdfPath = (await saved.locator('dd').nth(0).textContent()) ?? '';
  expect(existsSync(pdfPath)).toBe(true);
  const outcome = verifyReportText(readFileSync(jsonPath, 'utf8'));
  expect(outcome.status).toBe('intact');
  if (outcome.status !== 'intact') return;
  expect(outcome.document.body.site).toEqual({ name: 'Acme Works', technician: 'Ana Técnica' });

  await page.getByRole('button', { name: 'Preferences' }).click();
  await expect(page.getByLabel('Report signing key fingerprint')).toHaveText(outcome.fingerprint);
  const diagnostics = page.getByRole('button', { name: 'Save diagnostics' });
  await diagnostics.focus();
  await page.keyboard.press('Enter');
  const done = page.getByRole('status').filter({ hasText: 'Diagnostics saved:' });
  await expect(done).toBeVisible({ timeout: 20_000 });
  const zip = ((await done.textContent()) ?? '').replace('Diagnostics saved: ', '').trim();
  expect(zip).toMatch(/\.zip$/);
  expect(existsSync(zip)).toBe(true);
  await shot(page, '41-prefs-signing-key-and-diagnostics');
});
