/**
 * Checks that every text string in CBOR the decoder already accepted is valid UTF-8 (RFC 8949 3.1: a text
 * string MUST be UTF-8). cborg decodes invalid sequences to U+FFFD even in strict mode (security issue #9,
 * finding 11), and a replacement character cannot be told from a real one afterwards, so the bytes are
 * walked once more and each text string is decoded with a fatal decoder.
 * The input is well-formed, definite-length and tag-free (cbor.ts's decode options), depth-checked.
 */
const fatal = new TextDecoder('utf-8', { fatal: true });

/** Where the walk is: the offset of the next item. */
interface Cursor {
  at: number;
}

function argument(bytes: Uint8Array, cursor: Cursor, info: number): number {
  if (info < 24) return info;
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 8;
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[cursor.at + i] ?? 0);
  cursor.at += size;
  return value;
}

function walk(bytes: Uint8Array, cursor: Cursor): boolean {
  const initial = bytes[cursor.at] ?? 0;
  cursor.at += 1;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) {
    // Simple values and floats: skip their payload.
    cursor.at += info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    return true;
  }
  const length = argument(bytes, cursor, info);
  if (major === 0 || major === 1) return true;
  if (major === 2 || major === 3) {
    const start = cursor.at;
    cursor.at += length;
    if (major === 2) return true;
    try {
      fatal.decode(bytes.subarray(start, cursor.at));
      return true;
    } catch {
      return false;
    }
  }
  const items = major === 5 ? length * 2 : major === 4 ? length : 0;
  for (let i = 0; i < items; i++) if (!walk(bytes, cursor)) return false;
  return true;
}

/** True when every text string in `bytes` (one well-formed CBOR item) is valid UTF-8. */
export function textIsValidUtf8(bytes: Uint8Array): boolean {
  return walk(bytes, { at: 0 });
}
