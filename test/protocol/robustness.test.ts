/** Whatever arrives over the air, the protocol answers with a Result: nothing throws past a decoder. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeManufacturerData } from '../../electron/protocol/advertising';
import type { Result } from '../../electron/protocol/errors';
import {
  acceptHandshake,
  cryptoRandom,
  decodeErrorFrame,
  startClientHandshake,
  type Credential,
} from '../../electron/protocol/secureSession';
import { EXPECT, PROOF, withAuth } from './handshakeFixture';

const alice: Credential = { userId: 'alice', key: new Uint8Array(32).fill(1) };
const lookup = (userId: string) => (userId === 'alice' ? { key: alice.key, identity: 'alice' } : undefined);

function isResult(result: Result<unknown>): boolean {
  return result.ok || (typeof result.error.code === 'string' && typeof result.error.message === 'string');
}

/** A fresh pair of sessions, plus one valid frame of each kind to mutate. */
function fixtures() {
  const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
  const accepted = acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF);
  if (!accepted.ok) throw new Error('handshake failed');
  const done = withAuth(handshake.finish(accepted.value.reply));
  if (!done.ok) throw new Error('finish failed');
  const verified = accepted.value.pending.verifyAuth(done.value.auth);
  if (!verified.ok) throw new Error('auth failed');
  const client = done.value.session;
  const server = verified.value.session;
  const frames = [
    handshake.hello,
    accepted.value.reply,
    done.value.auth,
    client.sealRequest(Uint8Array.of(1)),
    server.sealResponse(Uint8Array.of(2)),
    server.sealEvent(Uint8Array.of(3)),
  ];
  return { client, server, frames };
}

// Shared across runs: a failed open leaves a session as it was, which is part of what is tested here.
const { client, server, frames } = fixtures();

/** Feeds one input to every entry point that takes bytes from the air. */
function feedEverywhere(input: Uint8Array) {
  const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
  const accepted = acceptHandshake(input, lookup, cryptoRandom, PROOF);
  expect(isResult(accepted)).toBe(true);
  const fresh = acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF);
  if (fresh.ok) expect(isResult(fresh.value.pending.verifyAuth(input))).toBe(true);
  for (const result of [
    withAuth(handshake.finish(input)),
    server.openRequest(input),
    client.openResponse(input),
    client.openEvent(input),
    decodeErrorFrame(input),
    decodeManufacturerData(input),
  ]) {
    expect(isResult(result)).toBe(true);
  }
}

describe('secure session robustness', () => {
  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), feedEverywhere), { numRuns: 200 });
  });

  it('never throws on random bytes behind each frame type', () => {
    const types = [0x01, 0x02, 0x03, 0x10, 0x7f];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 200 }), (type, body) => {
        feedEverywhere(Uint8Array.of(type, ...body));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on truncated, extended or mutated valid frames', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        (frame, at, flip, cut, tail) => {
          const mutated = Uint8Array.from(frame);
          mutated[at % mutated.length] = (mutated[at % mutated.length] ?? 0) ^ flip;
          feedEverywhere(mutated);
          feedEverywhere(frame.subarray(0, cut % frame.length));
          feedEverywhere(Uint8Array.of(...frame, ...tail));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaves the sessions as they were: the genuine frames still open, in order', () => {
    const [, , , request, response, event] = frames as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    expect(server.openRequest(request)).toEqual({ ok: true, value: Uint8Array.of(1) });
    expect(client.openResponse(response)).toEqual({ ok: true, value: Uint8Array.of(2) });
    expect(client.openEvent(event)).toEqual({ ok: true, value: { plain: Uint8Array.of(3), missed: 0 } });
    expect(server.openRequest(client.sealRequest(Uint8Array.of(9)))).toEqual({
      ok: true,
      value: Uint8Array.of(9),
    });
    expect(client.openResponse(server.sealResponse(Uint8Array.of(8)))).toEqual({
      ok: true,
      value: Uint8Array.of(8),
    });
  });
});
