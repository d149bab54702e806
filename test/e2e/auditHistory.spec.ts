/**
 * Audit history on Device Details (issue 11, item 5): the intercom's log newest first in people's words,
 * paged ("Show older"), live entries on top, a filter by kind and CSV export. The host gets its own
 * simulated site, given a long log first by a second process writing the shared state file (as the CLI does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { parseSite } from '../../electron/sim/siteFile';
import { SimSite } from '../../electron/sim/simSite';
import { fillAudit, fillCodes } from '../helpers/busyIntercom';
import { FRONT_DOOR } from '../helpers/demo';
import { startHost, type Host } from './host';
import { openApp, openIntercom, shot } from './helpers';

let host: Host;

/** A sealed state file both processes can open (with no keychain and no passphrase the host keeps its state in memory). */
const SHARED_STATE = { FLUSS_PASSPHRASE: 'audit history e2e passphrase' };

test.beforeAll(async () => {
  host = await startHost({ env: SHARED_STATE });
  const before = process.env.FLUSS_PASSPHRASE;
  process.env.FLUSS_PASSPHRASE = SHARED_STATE.FLUSS_PASSPHRASE;
  try {
    const sim = new SimSite({ site: parseSite(structuredClone(DEMO_SITE)), statePath: join(host.stateDir, 'state.json') });
    const model = sim.intercom(FRONT_DOOR);
    if (!model) throw new Error('no Front Door');
    await fillCodes(model, 0, 0); // Max Users 50: one settings entry
    await fillAudit(model, 120);
  } finally {
    if (before === undefined) delete process.env.FLUSS_PASSPHRASE;
    else process.env.FLUSS_PASSPHRASE = before;
  }
});
test.afterAll(async () => {
  await host.stop();
});

test('the owner reads the history newest first, pages back, filters, sees live entries and exports CSV', async ({ page }) => {
  await openApp(page, host.url);
  await openIntercom(page);
  const history = page.getByRole('list', { name: 'Audit history' });
  await expect(history.getByRole('listitem')).toHaveCount(50);
  await expect(history.getByRole('listitem').first()).toContainText(/^.*You revoked code [0-9a-f]{8}$/);
  await page.getByRole('button', { name: 'Show older' }).click();
  await expect(history.getByRole('listitem')).toHaveCount(100);

  // A labelled code, then revoked: the live entry names it with this computer's label.
  await page.getByRole('button', { name: 'Create code' }).click();
  const dialog = page.getByRole('dialog', { name: 'New one-time code' });
  await dialog.getByLabel(/^Label/).fill('Anna, plumber');
  await dialog.getByRole('button', { name: 'Save label' }).click();
  await expect(dialog.getByText('Label saved.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const item = page.getByRole('list', { name: 'Active codes' }).getByRole('listitem').filter({ hasText: 'Anna, plumber' });
  await item.getByRole('button', { name: /^Revoke code/ }).click();
  await page.getByRole('alertdialog', { name: 'Revoke this code?' }).getByRole('button', { name: 'Revoke code' }).click();
  await expect(history.getByRole('listitem').first()).toContainText(/You revoked code [0-9a-f]{8} \(Anna, plumber\)/);
  await expect(history.getByRole('listitem').nth(1)).toContainText(/You created code [0-9a-f]{8}/);

  // Export CSV reads every older page first: the whole log, oldest entry included.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Front-Door-audit.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('Seq,Time (UTC),Kind,Who,What,Type');
  expect(lines.length).toBeGreaterThan(120);
  expect(csv).toMatch(/,Codes,You,"You revoked code [0-9a-f]{8} \(Anna, plumber\)",code\.revoked/);
  expect(lines.at(-1)).toMatch(/^1,/);
  await expect(page.getByRole('button', { name: 'Show older' })).toBeHidden();

  // Everything is read now: the filter finds the oldest entry too.
  await page.getByLabel('Show').selectOption({ label: 'Settings' });
  await expect(history.getByRole('listitem').first()).toContainText('You changed One Time Access Settings: Max Users 50');
  await page.getByLabel('Show').selectOption({ label: 'Users' });
  await expect(page.getByText('No users entries in what is shown.')).toBeVisible();
  await page.getByLabel('Show').selectOption({ label: 'Everything' });
  await page.getByRole('heading', { name: 'Audit history' }).scrollIntoViewIfNeeded();
  await shot(page, '60-audit-history');
  const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="audit-title"]').analyze();
  expect(axe.violations).toEqual([]);
});
