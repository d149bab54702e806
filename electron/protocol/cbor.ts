/**
 * The protocol's CBOR (RFC 8949) profile: maps with text keys, arrays, text and byte strings, integers,
 * floats, booleans and null. Nothing else crosses the air, so a decoder cannot be made to build dates,
 * Maps, sets, big integers, typed arrays or cyclic structures (via shared-reference tags) that the
 * schemas in messages.ts never expect.
 */
import { decode, encode } from 'cborg';
import { textIsValidUtf8 } from './cborText';
import { fail, ok, type Result } from './errors';

// cborg (pure JavaScript, no native add-on) in its strictest mode: no tags are understood, so nothing
// but the profile's types can be built; duplicate keys, undefined and indefinite lengths are refused.
const DECODE_OPTIONS = {
  useMaps: false,
  rejectDuplicateMapKeys: true,
  allowUndefined: false,
  allowIndefinite: false,
  strict: true,
} as const;

/** Deep enough for every schema in messages.ts; deeper input is hostile, or cyclic. */
const MAX_DEPTH = 16;

/** A value inside the profile. */
export type Plain = null | boolean | number | string | Uint8Array | Plain[] | { [key: string]: Plain };

/** Thrown inside the walk only; the exported functions turn it into a result or a TypeError. */
class OutsideProfile extends Error {}

/** CBOR bytes of a value. Object properties that are undefined are left out, as JSON would. */
export function encodeCbor(value: unknown): Uint8Array {
  try {
    return encode(toPlain(value, 0));
  } catch (error) {
    // Encoding our own values: anything outside the profile is a bug in the caller.
    if (error instanceof OutsideProfile) throw new TypeError(`Cannot encode: the value ${error.message}.`);
    throw error;
  }
}

/**
 * The one value in `bytes`, or PROTOCOL_ERROR for malformed CBOR, trailing bytes or a value outside the
 * profile. `what` names the payload in the message ("request", "HELLO frame"); the bytes are never echoed.
 * Never throws.
 */
export function decodeCbor(bytes: Uint8Array, what: string): Result<Plain> {
  let decoded: unknown;
  try {
    // cborg itself rejects trailing bytes after the one value.
    decoded = decode(bytes, DECODE_OPTIONS);
  } catch {
    return fail('PROTOCOL_ERROR', `The ${what} is not well-formed CBOR.`);
  }
  try {
    const plain = toPlain(decoded, 0);
    if (!textIsValidUtf8(bytes)) return fail('PROTOCOL_ERROR', `The ${what} has text that is not valid UTF-8.`);
    return ok(plain);
  } catch (error) {
    const reason = error instanceof OutsideProfile ? error.message : 'could not be read';
    return fail('PROTOCOL_ERROR', `The ${what} ${reason}.`);
  }
}

/**
 * A fresh copy of `value` inside the profile. Byte strings are copied into plain Uint8Arrays, so they
 * neither alias the receive buffer nor arrive as Node Buffers.
 */
function toPlain(value: unknown, depth: number): Plain {
  if (depth > MAX_DEPTH) throw new OutsideProfile('is nested too deeply');
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new OutsideProfile('contains a number that is not finite');
    return value;
  }
  if (value instanceof Uint8Array) {
    if (value.constructor !== Uint8Array && !isNodeBuffer(value))
      throw new OutsideProfile('contains a typed array');
    return new Uint8Array(value);
  }
  if (Array.isArray(value)) return (value as unknown[]).map((item) => toPlain(item, depth + 1));
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, Plain> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      // Assigning "__proto__" would set the prototype instead of a property.
      if (key === '__proto__') throw new OutsideProfile('contains a reserved key');
      out[key] = toPlain(item, depth + 1);
    }
    return out;
  }
  throw new OutsideProfile(`contains an unsupported value: ${describe(value)}`);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNodeBuffer(value: Uint8Array): boolean {
  return typeof Buffer !== 'undefined' && Buffer.isBuffer(value);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return 'an integer beyond 2^53';
  if (value instanceof Date) return 'a date';
  if (value instanceof Map || value instanceof Set) return 'a map or set object';
  return typeof value === 'object' ? 'a tagged object' : typeof value;
}
