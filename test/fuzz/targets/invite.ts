/**
 * Fuzz targets for what Import access reads from someone else: a picture of an invite's QR code (the PNG
 * reader and jsQR, as `fluss keys import <png>` runs them) and the invite's text, from a file or a QR code
 * (the invite schema, as `access.inspect` runs it). Both may refuse with a FlussError, nothing else.
 */
import { crc32 } from 'node:zlib';
import QRCode from 'qrcode';
import { checkInviteText } from '../../../electron/invite/inspectInvite';
import { readQrText } from '../../../electron/invite/inviteQrRead';
import { decodePng } from '../../../electron/invite/pngPixels';
import { FlussError } from '../../../electron/protocol/errors';
import { writePng } from '../../helpers/pngWriter';
import { asText, flussErrorsOnly, json, type FuzzTarget } from '../target';

/** A QR code of `text` as RGBA pixels, 2 pixels a module with a 2-module margin: small, so jsQR stays fast per input. */
function qrPixels(text: string): { data: Uint8Array; width: number; height: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const side = (modules.size + 4) * 2;
  const data = new Uint8Array(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / 2) - 2;
      const column = Math.floor(x / 2) - 2;
      const dark = row >= 0 && column >= 0 && row < modules.size && column < modules.size && modules.get(row, column);
      if (dark) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { data, width: side, height: side };
}

/** The same bytes with every whole chunk's CRC made right, so mutations reach inflate, the filters and the pixels. */
function withCrcsFixed(input: Uint8Array): Uint8Array {
  const bytes = Buffer.from(input);
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (at + 12 + length > bytes.length) break;
    bytes.writeUInt32BE(crc32(bytes.subarray(at + 4, at + 8 + length)), at + 8 + length);
    at += 12 + length;
  }
  return bytes;
}

function qrPicture(): FuzzTarget {
  const { data, width, height } = qrPixels('{"format":"fluss-invite"}');
  return {
    name: 'invite.qrPicture',
    weight: 0.3,
    seeds: [
      writePng(data, width, height, { colorType: 6, depth: 8 }),
      writePng(data, width, height, { colorType: 3, depth: 1, filter: 4 }),
      writePng(data, width, height, { colorType: 0, depth: 2, filter: 1 }),
      writePng(data, width, height, { colorType: 2, depth: 16, filter: 3 }),
    ],
    run(input) {
      for (const bytes of [input, withCrcsFixed(input)]) {
        try {
          readQrText(decodePng(bytes));
        } catch (error) {
          if (!(error instanceof FlussError)) throw error;
        }
      }
      return undefined;
    },
  };
}

function inviteText(): FuzzTarget {
  const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
  const invite = {
    format: 'fluss-invite',
    version: 1,
    createdAt: '2026-12-02T07:00:00.000Z',
    device: { deviceId: 'f1a000000001', name: 'Front Door', identityKey: 'ab'.repeat(32) },
    user: { userId: 'u-0123456789abcdef', role: 'shared', label: 'Ben, caretaker' },
    seal: { kind: 'passphrase', kdf: 'scrypt', N: 32768, r: 8, p: 1, salt: b64(16), check: b64(32), nonce: b64(12), ciphertext: b64(32), tag: b64(16) },
  };
  return {
    name: 'invite.text',
    seeds: [json(invite), new TextEncoder().encode(`${JSON.stringify(invite, null, 2)}\n`)],
    run(input) {
      checkInviteText(asText(input), 'qr');
      return undefined;
    },
    allowed: flussErrorsOnly,
  };
}

export function inviteTargets(): FuzzTarget[] {
  return [qrPicture(), inviteText()];
}
