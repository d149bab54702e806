/**
 * An invite moved as its QR code (issue 11, item 6): the owner adds "Ben, caretaker" and the test saves
 * the QR code picture the app shows; a second installation (its own browser host and keys on the same
 * simulated site) reads that picture in Import access (and a JPEG photo of it), after refusing a QR code that
 * is not an invite and a picture with no QR code, imports the key, connects as the shared user, creates a code and cannot change
 * One Time Access Settings.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import QRCode from 'qrcode';
import { expect, test } from '@playwright/test';
import { startHost, type Host } from './host';
import { openApp, openIntercom, shot } from './helpers';

/** A sealed state file both hosts can open (with no keychain and no passphrase a host keeps its state in memory). */
const SHARED_STATE = { FLUSS_PASSPHRASE: 'invite qr e2e passphrase' };
let owner: Host;
let ben: Host;

test.beforeAll(async () => {
  owner = await startHost({ env: SHARED_STATE });
  ben = await startHost({ env: SHARED_STATE, secondInstallationOf: owner });
});
test.afterAll(async () => {
  await ben.stop();
  await owner.stop();
});

test('a second installation imports access from a picture of the invite QR code and acts as the shared user', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  await openApp(page, owner.url);
  await openIntercom(page, 'Front Door', 'Owner');
  await page.getByLabel('New shared user’s name').fill('Ben, caretaker');
  await page.getByRole('button', { name: 'Add shared user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite for Ben, caretaker' });
  const qrImage = dialog.getByRole('img', { name: /QR code of the invite for Ben, caretaker/ });
  await expect(qrImage).toBeVisible();
  const passphrase = (await dialog.getByLabel('One-time passphrase').innerText()).trim();
  // The picture exactly as the app shows it (as if Ben saved it, or the owner sent it).
  const dataUrl = (await qrImage.getAttribute('src')) ?? '';
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);
  const qrFile = testInfo.outputPath('ben-invite-qr.png');
  writeFileSync(qrFile, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Ben's computer: another browser profile (axe needs a page of a context the test made).
  const benContext = await browser.newContext();
  const benPage = await benContext.newPage();
  await openApp(benPage, ben.url);
  await benPage.getByRole('button', { name: 'Preferences' }).click();
  const card = benPage.getByRole('region', { name: 'Import access' });
  const picture = card.getByLabel('QR code picture');
  await expect(picture).toHaveAccessibleDescription(/photo or screenshot of the QR code/);
  // Keyboard: the picture's chooser is the next Tab stop after the invite file's.
  await card.getByLabel('Invite file').focus();
  await benPage.keyboard.press('Tab');
  await expect(picture).toBeFocused();
  await card.scrollIntoViewIfNeeded();
  await shot(benPage, '42-import-access-qr-option');

  // A QR code of something else, pasted; then a picture with no QR code at all (a screenshot of the app).
  const hello = (await QRCode.toBuffer('hello', { type: 'png' })).toString('base64');
  await card.evaluate((element, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, hello);
  await expect(card.getByRole('alert')).toContainText('This QR code is not a Fluss+ invite.');
  await picture.setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: await benPage.screenshot() });
  await expect(card.getByRole('alert')).toContainText('No QR code found in this picture.');
  await expect(card.getByRole('alert')).toContainText('Try a sharper photo, or import the invite file.');
  await expect(card.getByRole('button', { name: 'Import access' })).toBeDisabled();
  await card.getByRole('alert').scrollIntoViewIfNeeded();
  await shot(benPage, '44-import-access-no-qr-code');
  const axe = await new AxeBuilder({ page: benPage }).include('section[aria-labelledby="import-access-title"]').analyze();
  expect(axe.violations).toEqual([]);

  // A photo of the code: larger, turned, on a grey background, saved as JPEG (made in the page's canvas).
  const photo = await benPage.evaluate(async (url) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 1400;
    canvas.height = 1100;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no canvas');
    context.fillStyle = '#8a8a80';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.translate(700, 550);
    context.rotate((12 * Math.PI) / 180);
    context.drawImage(image, -400, -400, 800, 800);
    return canvas.toDataURL('image/jpeg', 0.75);
  }, dataUrl);
  await picture.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo.slice(photo.indexOf(',') + 1), 'base64') });
  await expect(card.getByText('Invite for Ben, caretaker to Front Door, read from the QR code.')).toBeVisible();

  // The picture exactly as the app showed it.
  await picture.setInputFiles(qrFile);
  await expect(card.getByText('Invite for Ben, caretaker to Front Door, read from the QR code.')).toBeVisible();
  await shot(benPage, '45-import-access-qr-read');
  await card.getByLabel('Passphrase').fill(passphrase);
  await card.getByRole('button', { name: 'Import access' }).click();
  await expect(card.getByText('You can now create and revoke codes on Front Door as a shared user.')).toBeVisible();
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect(card.getByLabel('Passphrase')).toHaveValue('');
  await shot(benPage, '43-import-access-from-qr-done');

  await benPage.getByRole('button', { name: 'Devices' }).click();
  await openIntercom(benPage, 'Front Door', 'Shared user');
  // The invite's random user id, not the demo site's "demo-shared".
  await expect(benPage.getByText(/^Shared user \(u-[0-9a-f]{16}\)$/)).toBeVisible();
  await benPage.getByRole('button', { name: 'Create code' }).click();
  const codeDialog = benPage.getByRole('dialog', { name: 'New one-time code' });
  await expect(codeDialog.locator('.code-digits')).toHaveText(/^\d{4}$/);
  await codeDialog.getByRole('button', { name: 'Done' }).click();
  await benPage.getByRole('button', { name: /One Time Access Settings/ }).click();
  await expect(benPage.getByText('Only the owner of this Fluss+ Intercom can change these settings', { exact: false })).toBeVisible();
  await expect(benPage.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await benContext.close();
});
