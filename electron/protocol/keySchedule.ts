/**
 * The handshake's cryptography (docs/protocol.md, "Handshake and key schedule"): X25519 agreement,
 * the transcript hash, the two proofs of key possession and the three channel keys.
 * Nothing here logs or reports a key, a secret or a proof.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { concatBytes, u16be, utf8 } from './bytes';
import { x25519PublicKey, x25519Shared } from './nativeCurves';

/** Channel labels: HKDF info of each key, and the tail of each sealed frame's AAD. */
export const LABEL_C2D = 'fluss+ v2 c2d';
export const LABEL_D2C = 'fluss+ v2 d2c';
export const LABEL_EVT = 'fluss+ v2 evt';

const TRANSCRIPT = utf8('fluss+ v2');
const DEVICE_PROOF = utf8('fluss+ v2 device');
const CLIENT_PROOF = utf8('fluss+ v2 client');

export const PUBLIC_KEY_BYTES = 32;
export const NONCE_BYTES = 16;
export const PROOF_BYTES = 32;

/**
 * A fresh X25519 key pair from 32 random bytes (X25519 clamps the scalar itself, RFC 7748 5). The secret
 * is a copy the caller wipes after agreement, leaving the random source's buffer alone.
 */
export function ephemeralKeyPair(random: Uint8Array): { secret: Uint8Array; pub: Uint8Array } {
  const secret = new Uint8Array(random);
  return { secret, pub: x25519PublicKey(secret) };
}

/**
 * The X25519 shared secret, or undefined for a low-order or otherwise unusable peer key: an all-zero
 * secret would make the session keys depend on the user key alone (RFC 7748 6.1).
 */
export function agree(secret: Uint8Array, peerPub: Uint8Array): Uint8Array | undefined {
  const shared = x25519Shared(secret, peerPub);
  return shared === undefined || shared.every((byte) => byte === 0) ? undefined : shared;
}

/** What the device adds to the transcript in HELLO_REPLY, as the bytes it sent. */
export interface ReplyTranscript {
  pub: Uint8Array;
  nonce: Uint8Array;
  /** CBOR DeviceInfo. */
  info: Uint8Array;
  /** The device certificate. */
  cert: Uint8Array;
}

/**
 * th = SHA-256("fluss+ v2" || HELLO frame || 0x02 || pub_d || nonce_d || len(info) || info || len(cert) || cert):
 * binds both halves of the handshake and the device's id, kind, model and protocol version into every key.
 */
export function transcriptHash(helloFrame: Uint8Array, reply: ReplyTranscript): Uint8Array {
  return digest(
    createHash('sha256')
      .update(TRANSCRIPT)
      .update(helloFrame)
      .update(Uint8Array.of(0x02))
      .update(reply.pub)
      .update(reply.nonce)
      .update(u16be(reply.info.length))
      .update(reply.info)
      .update(u16be(reply.cert.length))
      .update(reply.cert),
  );
}

/** The device's proof that it holds the user key, bound to this handshake. */
export function deviceProof(userKey: Uint8Array, th: Uint8Array): Uint8Array {
  return digest(createHmac('sha256', userKey).update(DEVICE_PROOF).update(th));
}

/** The client's proof that it holds the user key, bound to this handshake. */
export function clientProof(userKey: Uint8Array, th: Uint8Array): Uint8Array {
  return digest(createHmac('sha256', userKey).update(CLIENT_PROOF).update(th));
}

/** Constant-time comparison, so a forged proof learns nothing from how long the check took. */
export function proofMatches(expected: Uint8Array, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}

export interface ChannelKeys {
  c2d: Uint8Array;
  d2c: Uint8Array;
  evt: Uint8Array;
}

/**
 * One AES-256 key per channel: HKDF-SHA256(ikm = shared || userKey, salt = th, info = label).
 * Mixing in the user key means a man in the middle without it cannot read or forge frames, even
 * though the ephemeral exchange itself is unauthenticated.
 */
export function channelKeys(shared: Uint8Array, userKey: Uint8Array, th: Uint8Array): ChannelKeys {
  const ikm = concatBytes(shared, userKey);
  const derive = (label: string) => new Uint8Array(hkdfSync('sha256', ikm, th, utf8(label), 32));
  const keys = { c2d: derive(LABEL_C2D), d2c: derive(LABEL_D2C), evt: derive(LABEL_EVT) };
  ikm.fill(0);
  return keys;
}

function digest(hash: { digest(): Uint8Array }): Uint8Array {
  return new Uint8Array(hash.digest());
}
