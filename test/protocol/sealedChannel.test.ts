import { describe, expect, it } from 'vitest';
import { FlussError } from '../../electron/protocol/errors';
import { MAX_COUNTER, OpeningChannel, SealingChannel } from '../../electron/protocol/sealedChannel';

const key = new Uint8Array(32).fill(0x42);
const plain = Uint8Array.of(1, 2, 3);

describe('sealed channel counters', () => {
  it('uses the last counter, 0xffffffff, and then refuses to seal', () => {
    const sender = new SealingChannel(key, 'fluss+ v1 d2c', MAX_COUNTER - 1);
    const receiver = new OpeningChannel(key, 'fluss+ v1 d2c', MAX_COUNTER - 1);
    const last = sender.seal(0x10, plain);
    expect([...last.subarray(1, 5)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(receiver.open(0x10, last)).toEqual({ ok: true, value: plain });
    expect(() => sender.seal(0x10, plain)).toThrow(FlussError);
  });

  it('rejects a frame sealed under the same key for another channel label', () => {
    const frame = new SealingChannel(key, 'fluss+ v1 d2c').seal(0x10, plain);
    expect(new OpeningChannel(key, 'fluss+ v1 evt').open(0x10, frame)).toMatchObject({
      ok: false,
      error: { code: 'DECRYPT_FAILED' },
    });
  });

  it('reports REPLAY for a skipped counter (a lost or withheld frame)', () => {
    const sender = new SealingChannel(key, 'fluss+ v1 c2d');
    sender.seal(0x10, plain);
    const second = sender.seal(0x10, plain);
    expect(new OpeningChannel(key, 'fluss+ v1 c2d').open(0x10, second)).toMatchObject({
      ok: false,
      error: { code: 'REPLAY' },
    });
  });

  it('rejects a frame of another type before trying to open it', () => {
    const frame = new SealingChannel(key, 'fluss+ v1 c2d').seal(0x03, plain);
    expect(new OpeningChannel(key, 'fluss+ v1 c2d').open(0x10, frame)).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR' },
    });
  });
});
