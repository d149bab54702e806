/**
 * An invite read back from its QR code (issue 11, item 6), on the Node path the CLI uses: the `qrcode`
 * package's PNG (as `fluss users invite --qr` and the app's dialog make it) decodes to the very text of
 * the invite file; other PNG formats decode to the same pixels; anything that is not an invite's QR code
 * is refused in plain words.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { checkInviteText, inspectInvite } from '../../electron/invite/inspectInvite';
import { inviteQrDataUrl, writeInviteQr } from '../../electron/invite/inviteQr';
import { looksLikePicture, readQrPicture, readQrText } from '../../electron/invite/inviteQrRead';
import { decodePng } from '../../electron/invite/pngPixels';
import { makeInvite } from '../../electron/invite/shareAccess';
import { openInvite } from '../../electron/invite/sealInvite';
import { FlussError } from '../../electron/protocol/errors';
import { tempDir } from '../helpers/demo';
import { writePng, type PngOptions } from '../helpers/pngWriter';

async function anInvite(label = 'Jürgen, caretaker') {
  const key = new Uint8Array(randomBytes(32));
  const made = await makeInvite({ deviceId: 'f1a000000001', deviceName: 'Front Door', identityKey: new Uint8Array(randomBytes(32)), userId: 'u-0123456789abcdef', label, key });
  return { ...made, key };
}

function refusal(work: () => unknown): FlussError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(FlussError);
    return error as FlussError;
  }
  throw new Error('not refused');
}

describe('reading an invite from its QR code', { timeout: 30_000 }, () => {
  it('the qrcode package PNG of a sealed invite reads back to the same text, which opens with the passphrase', async () => {
    const { text, passphrase, key } = await anInvite();
    const png = join(tempDir(), 'ben.png');
    await writeInviteQr(text, png);
    const read = readQrPicture(png);
    expect(read).toBe(text);
    expect(inspectInvite(read, 'qr')).toMatchObject({ deviceId: 'f1a000000001', deviceName: 'Front Door', label: 'Jürgen, caretaker' });
    const opened = await openInvite(read, passphrase);
    expect(Buffer.from(opened.key).equals(Buffer.from(key))).toBe(true);
  });

  it('the SVG that `users invite --qr x.svg` writes is taken for a picture and refused with what to use instead', async () => {
    const { text } = await anInvite();
    const svg = join(tempDir(), 'ben.svg');
    await writeInviteQr(text, svg);
    expect(looksLikePicture(svg)).toBe(true);
    expect(() => readQrPicture(svg)).toThrow(/is an SVG picture; this command reads QR codes from PNG pictures/);
  });

  it("the app dialog's data URL is the same PNG: it reads back too", async () => {
    const { text } = await anInvite('Ben, caretaker');
    const url = await inviteQrDataUrl(text);
    const png = Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(readQrText(decodePng(png))).toBe(text);
  });

  it('reads greyscale, palette, RGB and 16-bit PNGs with every scanline filter to the same pixels', async () => {
    const { text } = await anInvite();
    const reference = decodePng(await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, type: 'png', width: 360 }));
    const formats: PngOptions[] = [
      { colorType: 0, depth: 1 },
      { colorType: 0, depth: 2, filter: 1 },
      { colorType: 0, depth: 8, filter: 2 },
      { colorType: 0, depth: 16, filter: 3 },
      { colorType: 3, depth: 1, filter: 4 },
      { colorType: 3, depth: 4, filter: 1 },
      { colorType: 3, depth: 8, filter: 3 },
      { colorType: 2, depth: 8, filter: 4 },
      { colorType: 2, depth: 16, filter: 2 },
      { colorType: 4, depth: 8, filter: 1 },
      { colorType: 6, depth: 16, filter: 4 },
    ];
    for (const format of formats) {
      const pixels = decodePng(writePng(reference.data, reference.width, reference.height, format));
      expect([pixels.width, pixels.height], JSON.stringify(format)).toEqual([reference.width, reference.height]);
      expect(Buffer.from(pixels.data).equals(Buffer.from(reference.data)), JSON.stringify(format)).toBe(true);
    }
    expect(readQrText(decodePng(writePng(reference.data, reference.width, reference.height, { colorType: 3, depth: 1, filter: 4 })))).toBe(text);
  });

  it('reads a QR code saved on a transparent background (blended onto white)', async () => {
    const { text } = await anInvite();
    const { data, width, height } = decodePng(await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, type: 'png', width: 360 }));
    // Light modules fully transparent and black underneath: read as colour alone, the picture is all dark.
    const transparent = new Uint8Array(data.length);
    for (let o = 0; o < data.length; o += 4) transparent[o + 3] = (data[o] ?? 0) < 128 ? 255 : 0;
    expect(readQrText(decodePng(writePng(transparent, width, height, { colorType: 6, depth: 8 })))).toBe(text);
  });

  it('a QR code of other text ("hello", a web address) is not a Fluss+ invite', async () => {
    for (const other of ['hello', 'https://fluss.plus/', '{"format":"fluss-invite","version":1}']) {
      const picture = decodePng(await QRCode.toBuffer(other, { type: 'png' }));
      const read = readQrText(picture);
      expect(read).toBe(other);
      const error = refusal(() => checkInviteText(read, 'qr'));
      expect(error.message).toBe('This QR code is not a Fluss+ invite.');
      expect(error.hint).toMatch(/Ask the owner/);
    }
    // A file says "file" in its refusal: the words follow where the text came from.
    expect(refusal(() => checkInviteText('hello', 'file')).message).toMatch(/^That file is not a Fluss\+ invite/);
  });

  it('a changed invite in a QR code is still refused when opened: the QR path trusts it no more than a file', async () => {
    const { text, passphrase } = await anInvite();
    const changed = text.replace('"name": "Front Door"', '"name": "Back Door"');
    const picture = decodePng(await QRCode.toBuffer(changed, { errorCorrectionLevel: 'M', type: 'png' }));
    const read = readQrText(picture);
    expect(inspectInvite(read, 'qr').deviceName).toBe('Back Door');
    await expect(openInvite(read, passphrase)).rejects.toThrow(/changed after the owner made it/);
  });

  it('a picture with no QR code, a JPEG, an interlaced, damaged, cut short or oversized PNG: each refused plainly', () => {
    const dir = tempDir();
    const white = new Uint8Array(64 * 64 * 4).fill(255);
    const blank = join(dir, 'blank.png');
    writeFileSync(blank, writePng(white, 64, 64, { colorType: 6, depth: 8 }));
    expect(refusal(() => readQrPicture(blank))).toMatchObject({ message: 'No QR code found in this picture.', hint: 'Try a sharper photo, or import the invite file.' });

    const jpeg = join(dir, 'photo.png');
    writeFileSync(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]));
    expect(refusal(() => readQrPicture(jpeg)).message).toMatch(/is a JPEG photo; this command reads QR codes from PNG pictures/);

    const interlaced = writePng(white, 64, 64, { colorType: 6, depth: 8, interlaced: true });
    expect(refusal(() => decodePng(interlaced)).message).toMatch(/interlaced PNG/);

    const good = writePng(white, 64, 64, { colorType: 6, depth: 8 });
    const damaged = Buffer.from(good);
    damaged[45] = (damaged[45] ?? 0) ^ 0xff; // inside the IDAT chunk's data
    expect(refusal(() => decodePng(damaged)).message).toMatch(/damaged \(the IDAT chunk's check does not match\)/);
    expect(refusal(() => decodePng(good.subarray(0, 40))).message).toMatch(/cut short/);
    expect(refusal(() => decodePng(Buffer.from('{"format":"fluss-invite"}'))).message).toMatch(/not a PNG file/);

    // 50,000 x 50,000 pixels claimed by a tiny file: refused from the header, before anything is inflated.
    const huge = Buffer.from(good);
    huge.writeUInt32BE(50_000, 16);
    huge.writeUInt32BE(50_000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    expect(refusal(() => decodePng(huge)).message).toMatch(/50000 × 50000 pixels, larger than a QR code picture needs/);
  });
});
