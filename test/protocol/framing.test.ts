import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlussError } from '../../electron/protocol/errors';
import { FIRST, LAST, Reassembler, segment } from '../../electron/protocol/framing';
import { MAX_ATT_MTU, MAX_MESSAGE_BYTES } from '../../electron/protocol/gattProfile';

const bytes = (n: number, fill = 0xab) => new Uint8Array(n).fill(fill);

/** Pushes every packet; the value of the last push. */
function reassemble(packets: Uint8Array[], reassembler = new Reassembler()) {
  let last;
  for (const packet of packets) last = reassembler.push(packet);
  return last;
}

describe('segment', () => {
  it('sends a short message as one packet marked FIRST and LAST with index 0', () => {
    const packets = segment(Uint8Array.of(1, 2, 3), 23);
    expect(packets).toEqual([Uint8Array.of(FIRST | LAST, 1, 2, 3)]);
  });

  it('fills packets up to MTU - 3 bytes, header included', () => {
    const packets = segment(bytes(40), 23);
    expect(packets.map((p) => p.length)).toEqual([20, 20, 3]);
    expect(packets.map((p) => p[0])).toEqual([FIRST | 0, 1, LAST | 2]);
  });

  it('numbers packets modulo 64', () => {
    const packets = segment(bytes(19 * 70), 23);
    expect(packets).toHaveLength(70);
    expect(packets[63]?.[0]).toBe(63);
    expect(packets[64]?.[0]).toBe(0);
    expect(packets[69]?.[0]).toBe(LAST | 5);
  });

  it('refuses a message over the protocol limit as MESSAGE_TOO_LARGE', () => {
    expect(() => segment(bytes(MAX_MESSAGE_BYTES + 1), 247)).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }) as FlussError,
    );
    expect(segment(bytes(MAX_MESSAGE_BYTES), 247).length).toBeGreaterThan(1);
  });

  it('refuses an empty message and an MTU below 23', () => {
    expect(() => segment(new Uint8Array(0), 23)).toThrow(FlussError);
    expect(() => segment(bytes(5), 22)).toThrow(FlussError);
  });
});

describe('Reassembler', () => {
  it('returns null until the LAST packet, then the whole message', () => {
    const message = Uint8Array.from({ length: 50 }, (_, i) => i);
    const packets = segment(message, 23);
    const reassembler = new Reassembler();
    expect(reassembler.push(packets[0] as Uint8Array)).toEqual({ ok: true, value: null });
    expect(reassembler.push(packets[1] as Uint8Array)).toEqual({ ok: true, value: null });
    expect(reassembler.push(packets[2] as Uint8Array)).toEqual({ ok: true, value: message });
  });

  it('rejects an empty packet', () => {
    expect(new Reassembler().push(new Uint8Array(0))).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR' },
    });
  });

  it('rejects a continuation without a FIRST packet', () => {
    expect(new Reassembler().push(Uint8Array.of(LAST | 1, 9))).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR' },
    });
  });

  it('rejects a FIRST packet whose index is not 0', () => {
    expect(new Reassembler().push(Uint8Array.of(FIRST | LAST | 3, 9))).toMatchObject({ ok: false });
  });

  it('rejects a packet without payload, so no message is ever empty', () => {
    expect(new Reassembler().push(Uint8Array.of(FIRST | LAST))).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR' },
    });
  });

  it('rejects a lost packet and discards the partial message', () => {
    const [a, , c] = segment(bytes(50), 23) as [Uint8Array, Uint8Array, Uint8Array];
    const reassembler = new Reassembler();
    reassembler.push(a);
    expect(reassembler.push(c)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_ERROR' } });
    // Discarded: the same LAST packet again is now a continuation without FIRST.
    expect(reassembler.push(c)).toMatchObject({ ok: false });
  });

  it('starts clean with the next FIRST packet after a failure', () => {
    const reassembler = new Reassembler();
    reassembler.push(Uint8Array.of(2, 9));
    expect(reassemble(segment(Uint8Array.of(7, 8), 23), reassembler)).toEqual({
      ok: true,
      value: Uint8Array.of(7, 8),
    });
  });

  it('treats a FIRST packet mid-message as the peer starting over', () => {
    const reassembler = new Reassembler();
    const abandoned = segment(bytes(50, 1), 23);
    reassembler.push(abandoned[0] as Uint8Array);
    expect(reassemble(segment(bytes(30, 2), 23), reassembler)).toEqual({ ok: true, value: bytes(30, 2) });
  });

  it('rejects a message larger than its limit as MESSAGE_TOO_LARGE', () => {
    const reassembler = new Reassembler(30);
    expect(reassemble(segment(bytes(31), 23), reassembler)).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_TOO_LARGE' },
    });
    expect(reassemble(segment(bytes(30), 23), reassembler)).toEqual({ ok: true, value: bytes(30) });
  });

  it('does not keep a reference to the packets it was given', () => {
    const packet = Uint8Array.of(FIRST, 1, 2);
    const reassembler = new Reassembler();
    reassembler.push(packet);
    packet.fill(0);
    expect(reassembler.push(Uint8Array.of(LAST | 1, 3))).toEqual({ ok: true, value: Uint8Array.of(1, 2, 3) });
  });
});

describe('segmentation properties', () => {
  it('round trips any message at any MTU, every packet within MTU - 3', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: MAX_MESSAGE_BYTES }),
        fc.integer({ min: 23, max: MAX_ATT_MTU }),
        (message, mtu) => {
          const packets = segment(message, mtu);
          expect(packets.every((p) => p.length <= mtu - 3)).toBe(true);
          expect(reassemble(packets)).toEqual({ ok: true, value: message });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary packets, and always answers with a Result', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 60 }), (packets) => {
        const reassembler = new Reassembler(1024);
        for (const packet of packets) {
          const result = reassembler.push(packet);
          expect(typeof result.ok).toBe('boolean');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('recovers a good message after any garbage', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }),
        fc.uint8Array({ minLength: 1, maxLength: 500 }),
        (junk, message) => {
          const reassembler = new Reassembler();
          for (const packet of junk) reassembler.push(packet);
          expect(reassemble(segment(message, 23), reassembler)).toEqual({ ok: true, value: message });
        },
      ),
    );
  });
});
