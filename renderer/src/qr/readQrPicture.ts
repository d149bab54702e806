/**
 * Reads the text of the QR code in a picture (issue 11, item 6: "Import access" from a photo or screenshot
 * of an invite's QR code), in the page: the picture is drawn onto a canvas over white (a transparent
 * background would otherwise read as dark), its pixels go to jsQR, and the code's bytes are read as UTF-8.
 * The text is not trusted: main checks it with the invite file's schema (`access.inspect`).
 * jsQR (about 45 KB gzipped, its own chunk) loads only when a picture is first read.
 */
import type { ErrorData } from '@protocol/errors';

/** Larger pictures than this are refused before they are opened. */
const MAX_PICTURE_BYTES = 32 * 1024 * 1024;
/** A picture is scaled down to this many pixels on its long side: a phone photo still gives a QR code several pixels per module, and jsQR stays fast. */
const MAX_SIDE = 2048;
/** An invite is well under this; a QR code of more text is not one (the contract refuses more). */
const MAX_TEXT_LENGTH = 16 * 1024;

export const NO_QR_FOUND: ErrorData = { code: 'INVALID_VALUE', message: 'No QR code found in this picture.', hint: 'Try a sharper photo, or import the invite file.' };
export const NOT_AN_INVITE: ErrorData = { code: 'INVALID_VALUE', message: 'This QR code is not a Fluss+ invite.', hint: 'Ask the owner of the intercom for the invite file or its QR code again.' };

export type QrReading = { ok: true; text: string } | { ok: false; error: ErrorData };

/** The text of the QR code in `picture` (a PNG or JPEG file, or a pasted image). */
export async function readQrPicture(picture: Blob): Promise<QrReading> {
  if (!/^image\/(png|jpeg)$/.test(picture.type)) {
    return { ok: false, error: { code: 'INVALID_VALUE', message: 'That file is not a PNG or JPEG picture.', hint: 'Choose a photo or screenshot of the QR code (PNG or JPEG), or import the invite file.' } };
  }
  if (picture.size > MAX_PICTURE_BYTES) {
    return { ok: false, error: { code: 'INVALID_VALUE', message: 'That picture is too large to read.', hint: 'Crop it to the QR code, or import the invite file.' } };
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(picture);
  } catch {
    return { ok: false, error: { code: 'INVALID_VALUE', message: 'That picture cannot be opened: it may be damaged.', hint: 'Take or save the picture again, or import the invite file.' } };
  }
  const pixels = drawOverWhite(bitmap);
  bitmap.close();
  const { default: jsQR } = await import('jsqr');
  const found = jsQR(pixels.data, pixels.width, pixels.height);
  if (!found) return { ok: false, error: NO_QR_FOUND };
  if (found.binaryData.length > MAX_TEXT_LENGTH) return { ok: false, error: NOT_AN_INVITE };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(found.binaryData)) };
  } catch {
    return { ok: false, error: NOT_AN_INVITE };
  }
}

function drawOverWhite(bitmap: ImageBitmap): ImageData {
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('A 2D canvas is not available');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}
