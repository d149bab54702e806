/**
 * The handshake recomputed from docs/protocol.md with independent primitives (@noble/hashes), so the code
 * and the published spec cannot drift apart: a second implementation written from the spec interoperates.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decode } from 'cborg';
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acceptHandshake,
  startClientHandshake,
  type RandomSource,
} from '../../electron/protocol/secureSession';
import { TEST_FACTORY_KEY } from '../../electron/protocol/trustAnchors';
import { EXPECT, FIRST_REQUEST, PROOF, withAuth } from './handshakeFixture';

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Hands out fixed bytes in order: the client's ephemeral secret, then its nonce. */
function scripted(...chunks: Uint8Array[]): RandomSource {
  return { bytes: (n) => chunks.shift()?.subarray(0, n) ?? new Uint8Array(n).fill(0x55) };
}

function openSealed(frame: Uint8Array, key: Uint8Array, label: string): Uint8Array {
  const nonce = cat(new Uint8Array(8), frame.subarray(1, 5));
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(cat(frame.subarray(0, 5), enc(label)));
  decipher.setAuthTag(frame.subarray(frame.length - 16));
  return cat(decipher.update(frame.subarray(5, frame.length - 16)), decipher.final());
}

describe('key schedule, recomputed from the spec', () => {
  const userKey = new Uint8Array(32).fill(7);
  const clientSecret = new Uint8Array(32).fill(3);
  const clientNonce = new Uint8Array(16).fill(4);
  const handshake = startClientHandshake({ userId: 'alice', key: userKey }, scripted(clientSecret, clientNonce), EXPECT);
  const accepted = acceptHandshake(
    handshake.hello,
    () => ({ key: userKey, identity: 'alice' }),
    scripted(new Uint8Array(32), new Uint8Array(32).fill(5), new Uint8Array(16).fill(6)),
    PROOF,
  );
  if (!accepted.ok) throw new Error(accepted.error.message);
  const { reply, pending } = accepted.value;
  const finished = withAuth(handshake.finish(reply));
  if (!finished.ok) throw new Error(finished.error.message);

  const hello = decode(handshake.hello.subarray(1)) as {
    v: number;
    user: string;
    pub: Uint8Array;
    nonce: Uint8Array;
  };
  const answer = decode(reply.subarray(1)) as {
    v: number;
    pub: Uint8Array;
    nonce: Uint8Array;
    info: Uint8Array;
    cert: Uint8Array;
    sig: Uint8Array;
    proof: Uint8Array;
  };
  const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
  const th = sha256(
    cat(enc('fluss+ v2'), handshake.hello, Uint8Array.of(0x02), answer.pub, answer.nonce, u16(answer.info.length), answer.info, u16(answer.cert.length), answer.cert),
  );
  const ikm = cat(x25519.getSharedSecret(clientSecret, answer.pub), userKey);
  const derive = (label: string) => hkdf(sha256, ikm, th, enc(label), 32);

  it('sends HELLO as {v, user, pub, nonce} with the X25519 public key of the ephemeral secret', () => {
    expect(hello).toEqual({
      v: 2,
      user: 'alice',
      pub: x25519.getPublicKey(clientSecret),
      nonce: clientNonce,
    });
    expect(Object.keys(answer).sort()).toEqual(['cert', 'info', 'nonce', 'proof', 'pub', 'sig', 'v']);
  });

  it('carries a 106-byte certificate, signed by the test factory over "fluss+ device cert v1" || bytes 0-41', () => {
    const cert = new Uint8Array(answer.cert);
    expect(cert.length).toBe(106);
    expect([cert[0], cert[1], cert[2], cert[41]]).toEqual([1, 1, 1, 2]);
    expect(Buffer.from(cert.subarray(3, 9)).toString('hex')).toBe('00a1b2c3d4e5');
    expect(ed25519.verify(cert.subarray(42), cat(enc('fluss+ device cert v1'), cert.subarray(0, 42)), TEST_FACTORY_KEY)).toBe(true);
  });

  it('signs th with the certified identity key: Ed25519("fluss+ v2 device identity" || th)', () => {
    const identityKey = new Uint8Array(answer.cert).subarray(9, 41);
    expect(ed25519.verify(answer.sig, cat(enc('fluss+ v2 device identity'), th), identityKey)).toBe(true);
    expect(finished.value.peer).toMatchObject({ deviceId: '00a1b2c3d4e5', kind: 'intercom', issuer: 2 });
  });

  it('proves the device with HMAC(userKey, "fluss+ v2 device" || th)', () => {
    expect(new Uint8Array(answer.proof)).toEqual(hmac(sha256, userKey, cat(enc('fluss+ v2 device'), th)));
  });

  it('seals AUTH on c2d with HKDF keys, carrying HMAC(userKey, "fluss+ v2 client" || th) and the first request', () => {
    const plain = openSealed(finished.value.auth, derive('fluss+ v2 c2d'), 'fluss+ v2 c2d');
    const body = decode(plain) as { proof: Uint8Array; req: Uint8Array };
    expect(new Uint8Array(body.proof)).toEqual(hmac(sha256, userKey, cat(enc('fluss+ v2 client'), th)));
    expect(new Uint8Array(body.req)).toEqual(FIRST_REQUEST);
  });

  it('seals responses on d2c and events on evt, each from counter 1', () => {
    const verified = pending.verifyAuth(finished.value.auth);
    if (!verified.ok) throw new Error(verified.error.message);
    const response = verified.value.session.sealResponse(enc('r'));
    const event = verified.value.session.sealEvent(enc('e'));
    expect([...response.subarray(0, 5), ...event.subarray(0, 5)]).toEqual([
      0x10, 0, 0, 0, 1, 0x11, 0, 0, 0, 1,
    ]);
    expect(openSealed(response, derive('fluss+ v2 d2c'), 'fluss+ v2 d2c')).toEqual(enc('r'));
    expect(openSealed(event, derive('fluss+ v2 evt'), 'fluss+ v2 evt')).toEqual(enc('e'));
  });
});
