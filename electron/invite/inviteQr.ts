/**
 * The invite as a QR code (the `qrcode` package): the same JSON as the file, for a phone or a second
 * screen. A QR code of the sealed invite reveals no more than the file: the key needs the passphrase.
 */
import QRCode from 'qrcode';
import { extname } from 'node:path';
import { FlussError } from '../protocol/errors';
import { writeInviteOutput } from './outputFile';

const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** A PNG data URL, for the UI. */
export function inviteQrDataUrl(inviteText: string): Promise<string> {
  return QRCode.toDataURL(inviteText, { ...OPTIONS, width: 360 });
}

/** Writes the QR code to `path`: SVG for a `.svg` name, PNG for `.png`. */
export async function writeInviteQr(inviteText: string, path: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') {
    writeInviteOutput(path, await QRCode.toString(inviteText, { ...OPTIONS, type: 'svg' }));
    return;
  }
  if (ext !== '.png') throw new FlussError('INVALID_ARGUMENT', `A QR code is written as .png or .svg, not "${ext || 'no extension'}".`, 'Name the file invite.png or invite.svg.');
  const png = await QRCode.toBuffer(inviteText, { ...OPTIONS, type: 'png', width: 360 });
  writeInviteOutput(path, png);
}
