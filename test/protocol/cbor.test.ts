import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../electron/protocol/cbor';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));

describe('CBOR profile', () => {
  it('decodes byte strings as plain Uint8Arrays that do not alias the received bytes', () => {
    const bytes = encodeCbor({ key: Uint8Array.of(1, 2, 3) });
    const decoded = decodeCbor(bytes, 'test');
    bytes.fill(0);
    expect(decoded).toEqual({ ok: true, value: { key: Uint8Array.of(1, 2, 3) } });
    const key = decoded.ok && (decoded.value as { key: Uint8Array }).key;
    expect(key && key.constructor).toBe(Uint8Array);
  });

  it('encodes byte strings untagged (major type 2), readable by any CBOR decoder', () => {
    expect(Buffer.from(encodeCbor(Uint8Array.of(7))).toString('hex')).toBe('4107');
  });

  it('leaves out undefined properties when encoding', () => {
    expect(encodeCbor({ a: 1, b: undefined })).toEqual(encodeCbor({ a: 1 }));
  });

  it('refuses to encode values outside the profile', () => {
    expect(() => encodeCbor({ at: new Date(0) })).toThrow(TypeError);
    expect(() => encodeCbor({ n: Number.NaN })).toThrow(TypeError);
  });

  it('rejects cyclic structures built from shared-reference tags', () => {
    // tag 28 (shareable) {"a": tag 29 (shared ref) 0}: a map that contains itself.
    expect(decodeCbor(hex('d81c a1 6161 d81d 00'), 'test')).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR' },
    });
  });

  it('rejects Maps with non-text keys', () => {
    expect(decodeCbor(hex('d90103 a1 01 02'), 'test')).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR' },
    });
  });

  it('cannot be made to set an object prototype with a "__proto__" key', () => {
    const decoded = decodeCbor(hex('a1 695f5f70726f746f5f5f a1 6269 64 01'), 'test');
    // Either refused outright or decoded without touching a prototype: never a polluted object.
    if (decoded.ok) {
      expect(Object.getPrototypeOf(decoded.value)).toBe(Object.prototype);
      expect((decoded.value as { id?: unknown }).id).toBeUndefined();
    } else {
      expect(decoded.error.code).toBe('PROTOCOL_ERROR');
    }
  });

  it('names the payload in its messages and reports trailing bytes', () => {
    expect(decodeCbor(hex('01 02'), 'HELLO frame')).toEqual({
      ok: false,
      error: { code: 'PROTOCOL_ERROR', message: 'The HELLO frame is not well-formed CBOR.' },
    });
  });
});
