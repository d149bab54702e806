/** Code digits and ids (docs/protocol.md, "Keypad guessing"): uniform, never trivial, never a live code's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawCodeId, drawDigits, isTrivialCode, MAX_DRAWS } from '../../electron/firmware/codeGenerator';
import { GATE_A, intercomBench, newCode, rid, scriptedRandom, seededRandom } from './helpers';

const all = Array.from({ length: 10000 }, (_, v) => String(v).padStart(4, '0'));
/** Two bytes whose big-endian value is v. */
const be = (v: number) => [v >> 8, v & 0xff];

describe('code generator', () => {
  it('treats exactly 30 codes as trivial: one digit repeated, or runs up or down by one, wrapping mod 10', () => {
    const trivial = all.filter(isTrivialCode);
    expect(trivial).toHaveLength(30);
    expect(trivial).toEqual(expect.arrayContaining(['0000', '9999', '0123', '7890', '8901', '3210', '1098', '0987']));
    for (const ordinary of ['0124', '1357', '1122', '0102', '9875']) expect(isTrivialCode(ordinary)).toBe(false);
  });

  it('draws digits by rejection sampling: two bytes, values from 60000 rejected, the rest mod 10000, zero-padded', () => {
    expect(drawDigits(scriptedRandom([...be(60000), ...be(65535), ...be(10007)]), () => false)).toEqual({ ok: true, value: '0007' });
    expect(drawDigits(scriptedRandom(be(59998)), () => false)).toEqual({ ok: true, value: '9998' });
    expect(drawDigits(scriptedRandom(be(42)), () => false)).toEqual({ ok: true, value: '0042' });
  });

  it('maps every accepted two-byte value to value mod 10000, unless it is trivial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59999 }), (v) => {
        const digits = String(v % 10000).padStart(4, '0');
        fc.pre(!isTrivialCode(digits));
        expect(drawDigits(scriptedRandom(be(v)), () => false)).toEqual({ ok: true, value: digits });
      }),
    );
  });

  it('never issues a trivial code or the digits of a live code', () => {
    // 0123 (trivial), then 4567 (taken by a live code), then 2580.
    const drawn = drawDigits(scriptedRandom([...be(123), ...be(4567), ...be(2580)]), (d) => d === '4567');
    expect(drawn).toEqual({ ok: true, value: '2580' });
  });

  it('gives every live code distinct digits, even with all 50 slots in use', async () => {
    const { model } = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 50 } }, 'distinct');
    const digits = new Set<string>();
    for (let i = 0; i < 50; i++) digits.add((await newCode(model, rid(i))).digits);
    expect(digits.size).toBe(50);
    expect([...digits].some(isTrivialCode)).toBe(false);
  });

  it(`gives up with INTERNAL after ${MAX_DRAWS} draws from a broken random source`, () => {
    const stuck = { bytes: (n: number) => new Uint8Array(n).fill(0xff) };
    expect(drawDigits(stuck, () => false)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(drawCodeId({ bytes: (n) => new Uint8Array(n) }, (id) => id === '00000000')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('draws code ids as 8 hex digits from 4 random bytes, never a taken one', () => {
    expect(drawCodeId(scriptedRandom([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04]), (id) => id === 'deadbeef')).toEqual({ ok: true, value: '01020304' });
    const random = seededRandom('ids');
    for (let i = 0; i < 100; i++) expect(drawCodeId(random, () => false)).toMatchObject({ ok: true, value: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown });
  });
});
