/**
 * Reading an invite back from its QR code (issue 11, item 6): a PNG of the code (the owner's `--qr` file,
 * a screenshot of the app's invite dialog) decoded with jsQR to the invite's text, which is then checked
 * with the same schema as the invite file. The app's page decodes pictures itself
 * (renderer/src/qr/readQrPicture.ts); this is the CLI's path.
 */
import { openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import jsQR from 'jsqr';
import { FlussError } from '../protocol/errors';
import { decodePng, isPng, type RgbaPixels } from './pngPixels';

/** Larger files than this are not QR code pictures (a 12-megapixel PNG photo is well under it). */
export const MAX_QR_PICTURE_BYTES = 32 * 1024 * 1024;

export function noQrCodeFound(): FlussError {
  return new FlussError('INVALID_VALUE', 'No QR code found in this picture.', 'Try a sharper photo, or import the invite file.');
}

/**
 * The text a picture's QR code carries, read as UTF-8 (the `qrcode` package writes text as UTF-8 bytes;
 * jsQR's own text guess is not relied on).
 * @throws FlussError INVALID_VALUE when no QR code is found, or its bytes are not UTF-8 text.
 */
export function readQrText(pixels: RgbaPixels): string {
  const found = jsQR(pixels.data, pixels.width, pixels.height);
  if (!found) throw noQrCodeFound();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(found.binaryData));
  } catch {
    throw new FlussError('INVALID_VALUE', 'This QR code is not a Fluss+ invite.', 'Ask the owner of the intercom for the invite file or its QR code again.');
  }
}

/** True when the file starts as a PNG, a JPEG or an SVG does: a picture, not an invite file. */
export function looksLikePicture(path: string): boolean {
  const head = Buffer.alloc(64);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const read = readSync(fd, head, 0, head.length, 0);
    const start = head.subarray(0, read);
    return isPng(start) || isJpeg(start) || isSvg(start);
  } catch {
    return false; // not readable: the invite file path says why
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const isJpeg = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
/** The SVG that `fluss users invite --qr <name>.svg` writes (the `qrcode` package's), or any SVG. */
const isSvg = (bytes: Uint8Array) => /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(Buffer.from(bytes).toString('latin1'));

/**
 * The text of the QR code in a PNG picture at `path`; not yet checked to be an invite.
 * @throws FlussError INVALID_ARGUMENT (unreadable file), INVALID_VALUE (a JPEG, a damaged or unsupported
 * PNG, no QR code in it).
 */
export function readQrPicture(path: string): string {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_QR_PICTURE_BYTES) {
      throw new FlussError('INVALID_VALUE', `${path} is too large for a QR code picture.`, 'Crop the picture to the QR code, or import the invite file.');
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof FlussError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FlussError('INVALID_ARGUMENT', `Could not read the picture ${path} (${reason}).`, 'Check the file name and that you can read it.', { cause: error });
  }
  if (isSvg(bytes.subarray(0, 64))) {
    throw new FlussError('INVALID_VALUE', `${path} is an SVG picture; this command reads QR codes from PNG pictures.`, 'Ask the owner for the PNG (`fluss users invite --qr <name>.png`) or the invite file.');
  }
  if (isJpeg(bytes)) {
    throw new FlussError('INVALID_VALUE', `${path} is a JPEG photo; this command reads QR codes from PNG pictures.`, 'Save the picture as PNG, import it in the app (Preferences, Import access), or import the invite file.');
  }
  return readQrText(decodePng(bytes));
}
