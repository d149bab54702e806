/**
 * A small PNG reader (node:zlib only) for `fluss keys import <picture.png>`: turns a PNG into the RGBA
 * pixels jsQR reads. It covers what QR pictures are saved as: the `qrcode` package's 8-bit RGBA, and the
 * greyscale, RGB and palette PNGs of screenshot and image tools (bit depths 1 to 16). Interlaced PNGs are
 * refused plainly rather than half-read. Sizes are checked before inflating, so a small file cannot make
 * the reader allocate gigabytes (a "decompression bomb").
 */
import { crc32, inflateSync } from 'node:zlib';
import { FlussError } from '../protocol/errors';

export interface RgbaPixels {
  width: number;
  height: number;
  /** width * height * 4 bytes, row by row. */
  data: Uint8ClampedArray;
}

/** Larger pictures than this (about 40 megapixels) are refused: no QR code photo needs more. */
export const MAX_PNG_PIXELS = 40_000_000;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Samples per pixel by PNG colour type: greyscale, RGB, palette, greyscale + alpha, RGBA. */
const CHANNELS: Partial<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const channelsOf = (colorType: number) => CHANNELS[colorType] ?? 4;
/** A byte of a buffer; out of range reads as 0 (every caller has checked its lengths first). */
const byteAt = (bytes: Uint8Array, index: number) => bytes[index] ?? 0;
/** Bit depths the PNG specification allows for each colour type (PNG 11.2.2, IHDR). */
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= SIGNATURE.length && SIGNATURE.equals(bytes.subarray(0, SIGNATURE.length));
}

const refuse = (what: string, hint = 'Save the QR code again as a PNG picture, or import the invite file.') =>
  new FlussError('INVALID_VALUE', `That picture cannot be read: ${what}.`, hint);

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
}

/**
 * Decodes a PNG file's bytes to RGBA pixels.
 * @throws FlussError INVALID_VALUE: not a PNG, damaged (a chunk's CRC is wrong, data missing), interlaced,
 * or larger than MAX_PNG_PIXELS.
 */
export function decodePng(bytes: Uint8Array): RgbaPixels {
  if (!isPng(bytes)) throw refuse('it is not a PNG file');
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | undefined;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const data: Buffer[] = [];
  for (let at = SIGNATURE.length; ; ) {
    if (at + 12 > file.length) throw refuse('the file is cut short');
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > file.length) throw refuse('the file is cut short');
    const body = file.subarray(at + 8, at + 8 + length);
    if (crc32(file.subarray(at + 4, at + 8 + length)) !== file.readUInt32BE(at + 8 + length)) throw refuse(`it is damaged (the ${/^[A-Za-z]{4}$/.test(type) ? type : 'unnamed'} chunk's check does not match)`);
    at += 12 + length;
    if (type === 'IHDR') header = readHeader(body);
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
  }
  if (!header) throw refuse('it has no IHDR header');
  if (data.length === 0) throw refuse('it holds no image data');
  if (header.colorType === 3 && !palette) throw refuse('its palette is missing');
  const stride = Math.ceil((header.width * channelsOf(header.colorType) * header.depth) / 8);
  const expected = header.height * (stride + 1);
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(data), { maxOutputLength: expected });
  } catch {
    throw refuse('its image data is damaged');
  }
  if (raw.length !== expected) throw refuse('its image data is cut short');
  return toRgba(header, unfilter(raw, header, stride), palette, transparency);
}

function readHeader(body: Buffer): Header {
  if (body.length !== 13) throw refuse('its IHDR header is malformed');
  const header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: byteAt(body, 8), colorType: byteAt(body, 9) };
  if (header.width === 0 || header.height === 0 || !DEPTHS[header.colorType]?.includes(header.depth)) throw refuse('its IHDR header is malformed');
  if (header.width * header.height > MAX_PNG_PIXELS) throw refuse(`it is ${header.width} × ${header.height} pixels, larger than a QR code picture needs`, 'Crop the picture to the QR code, or import the invite file.');
  if (body[12] !== 0) throw refuse('it is an interlaced PNG, which this command does not read', 'Save the picture again without interlacing (or import it in the app), or import the invite file.');
  return header;
}

/** Undoes each scanline's filter (PNG 9.2: None, Sub, Up, Average, Paeth); returns the rows without filter bytes. */
function unfilter(raw: Buffer, header: Header, stride: number): Buffer {
  const bpp = Math.max(1, (channelsOf(header.colorType) * header.depth) / 8);
  const out = Buffer.alloc(header.height * stride);
  for (let y = 0; y < header.height; y++) {
    const filter = byteAt(raw, y * (stride + 1));
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? out.subarray((y - 1) * stride, y * stride) : undefined;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? byteAt(row, x - bpp) : 0;
      const b = prev ? byteAt(prev, x) : 0;
      const c = prev && x >= bpp ? byteAt(prev, x - bpp) : 0;
      const value = byteAt(line, x);
      if (filter === 0) row[x] = value;
      else if (filter === 1) row[x] = value + a;
      else if (filter === 2) row[x] = value + b;
      else if (filter === 3) row[x] = value + ((a + b) >> 1);
      else if (filter === 4) row[x] = value + paeth(a, b, c);
      else throw refuse(`row ${y} has an unknown filter (${filter})`);
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Expands unfiltered rows to RGBA, over white: sub-byte samples scaled to 0..255, 16-bit samples cut to
 * their high byte, and transparency blended onto white (a QR code saved with a transparent background has
 * black pixels under it, which jsQR, reading only colour, would see as all dark).
 */
function toRgba(header: Header, rows: Buffer, palette: Buffer | undefined, transparency: Buffer | undefined): RgbaPixels {
  const { width, height, depth, colorType } = header;
  const channels = channelsOf(colorType);
  const stride = rows.length / height;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const max = (1 << Math.min(depth, 8)) - 1;
  const scale = colorType === 3 ? 1 : 255 / max;
  const sample = (rowStart: number, index: number): number => {
    if (depth === 16) return byteAt(rows, rowStart + index * 2);
    if (depth === 8) return byteAt(rows, rowStart + index);
    const bit = index * depth;
    return (byteAt(rows, rowStart + (bit >> 3)) >> (8 - depth - (bit & 7))) & max;
  };
  for (let y = 0; y < height; y++) {
    const rowStart = y * stride;
    for (let x = 0; x < width; x++) {
      const first = x * channels;
      let r: number, g: number, b: number;
      let alpha = 255;
      if (colorType === 3) {
        const i = sample(rowStart, first);
        if (palette === undefined || i * 3 + 2 >= palette.length) throw refuse('a pixel names a colour its palette does not have');
        [r, g, b] = [byteAt(palette, i * 3), byteAt(palette, i * 3 + 1), byteAt(palette, i * 3 + 2)];
        alpha = transparency?.[i] ?? 255;
      } else if (colorType === 0 || colorType === 4) {
        r = g = b = sample(rowStart, first) * scale;
        if (colorType === 4) alpha = sample(rowStart, first + 1) * scale;
      } else {
        [r, g, b] = [sample(rowStart, first) * scale, sample(rowStart, first + 1) * scale, sample(rowStart, first + 2) * scale];
        if (colorType === 6) alpha = sample(rowStart, first + 3) * scale;
      }
      const o = (y * width + x) * 4;
      const over = (value: number) => (value * alpha + 255 * (255 - alpha)) / 255;
      rgba[o] = over(r);
      rgba[o + 1] = over(g);
      rgba[o + 2] = over(b);
      rgba[o + 3] = 255;
    }
  }
  return { width, height, data: rgba };
}
