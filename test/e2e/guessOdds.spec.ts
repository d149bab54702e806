/** Beside each Max Users choice, the odds that a keypad guesser opens the gate (security issue #9, finding 5). */
import { expect, test } from '@playwright/test';
import { guessOdds } from '../../electron/firmware/guessRisk';
import { MAX_USERS_OPTIONS } from '../../electron/protocol/accessRules';
import { openApp, openIntercom, openSettings } from './helpers';

test('the Max Users picker shows the guessing odds for every choice, as the firmware computes them', async ({ page }) => {
  await openApp(page);
  await openIntercom(page);
  await openSettings(page);
  await page.getByRole('button', { name: /^Max Users/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Max Users' });
  for (const n of MAX_USERS_OPTIONS) {
    const odds = `1 in ${guessOdds(n).toLocaleString('en-US')} chance a guesser opens the gate`;
    await expect(dialog.getByRole('radio', { name: String(n), exact: true })).toHaveAccessibleDescription(odds);
  }
  // Lower limits are safer: the odds shrink as Max Users grows.
  expect(MAX_USERS_OPTIONS.map((n) => guessOdds(n))).toEqual([...MAX_USERS_OPTIONS.map((n) => guessOdds(n))].sort((a, b) => b - a));
  await page.keyboard.press('Escape');
});
