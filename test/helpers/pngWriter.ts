/**
 * Writes PNGs in the formats other tools save (greyscale, palette, RGB, 1- to 16-bit, each scanline
 * filter), from RGBA pixels: test pictures for electron/invite/pngPixels.ts, which otherwise would only
 * ever see the `qrcode` package's 8-bit RGBA.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface PngOptions {
  colorType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  /** The scanline filter every row uses (PNG 9.2): 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth. */
  filter?: 0 | 1 | 2 | 3 | 4;
  interlaced?: boolean;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** `pixels`: RGBA, width * height * 4. A palette picture gets one entry per distinct colour (at most 2^depth). */
export function writePng(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, options: PngOptions): Buffer {
  const { colorType, depth, filter = 0 } = options;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const palette: number[] = [];
  const samplesOf = (o: number): number[] => {
    const [r = 0, g = 0, b = 0, a = 255] = pixels.subarray(o, o + 4);
    const grey = Math.round((r + g + b) / 3);
    const max = (1 << Math.min(depth, 8)) - 1;
    const scaled = (v: number) => (depth >= 8 ? v : Math.round((v * max) / 255));
    if (colorType === 3) {
      const key = (r << 16) | (g << 8) | b;
      let index = palette.indexOf(key);
      if (index < 0) index = palette.push(key) - 1;
      return [index];
    }
    if (colorType === 0) return [scaled(grey)];
    if (colorType === 4) return [grey, a];
    return colorType === 2 ? [r, g, b] : [r, g, b, a];
  };
  const stride = Math.ceil((width * channels * depth) / 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(stride);
    let bit = 0;
    for (let x = 0; x < width; x++) {
      for (const sample of samplesOf((y * width + x) * 4)) {
        if (depth === 16) row.writeUInt16BE(sample * 257, bit / 8);
        else if (depth === 8) row[bit / 8] = sample;
        else row[bit >> 3] = (row[bit >> 3] ?? 0) | (sample << (8 - depth - (bit & 7)));
        bit += depth;
      }
    }
    rows.push(row);
  }
  const bpp = Math.max(1, (channels * depth) / 8);
  const filtered = rows.map((row, y) => {
    const prev = rows[y - 1];
    const out = Buffer.alloc(stride + 1);
    out[0] = filter;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (row[x - bpp] ?? 0) : 0;
      const b = prev?.[x] ?? 0;
      const c = prev && x >= bpp ? (prev[x - bpp] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] ?? 0;
      out[x + 1] = ((row[x] ?? 0) - predictor) & 0xff;
    }
    return out;
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  ihdr[12] = options.interlaced ? 1 : 0;
  const plte = Buffer.from(palette.flatMap((c) => [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(colorType === 3 ? [chunk('PLTE', plte)] : []),
    chunk('IDAT', deflateSync(Buffer.concat(filtered))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
