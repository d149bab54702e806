/**
 * X25519 and Ed25519 on raw 32-byte keys, with node:crypto (OpenSSL) — about 1 ms where the pure-JS
 * curves took 42–83 ms for the client's first key (lean radio issue #7). node:crypto takes keys as
 * KeyObjects, so raw keys are wrapped in their fixed PKCS#8 / SPKI DER prefixes (RFC 8410).
 */
import { createPrivateKey, createPublicKey, diffieHellman, sign, verify, type KeyObject } from 'node:crypto';
import { concatBytes } from './bytes';

const PKCS8_X25519 = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);
const SPKI_X25519 = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00]);
const PKCS8_ED25519 = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const SPKI_ED25519 = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

const KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

function privateKey(prefix: Uint8Array, secret: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.from(concatBytes(prefix, secret)), format: 'der', type: 'pkcs8' });
}

function publicKey(prefix: Uint8Array, pub: Uint8Array): KeyObject | undefined {
  if (pub.length !== KEY_BYTES) return undefined;
  try {
    return createPublicKey({ key: Buffer.from(concatBytes(prefix, pub)), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

function rawPublic(key: KeyObject): Uint8Array {
  const der = key.export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - KEY_BYTES));
}

/** The X25519 public key of a 32-byte secret (X25519 clamps the scalar itself, RFC 7748 5). */
export function x25519PublicKey(secret: Uint8Array): Uint8Array {
  return rawPublic(createPublicKey(privateKey(PKCS8_X25519, secret)));
}

/** The X25519 shared secret, or undefined where OpenSSL refuses the peer key (wrong size, low order). */
export function x25519Shared(secret: Uint8Array, peerPub: Uint8Array): Uint8Array | undefined {
  const peer = publicKey(SPKI_X25519, peerPub);
  if (!peer) return undefined;
  try {
    return new Uint8Array(diffieHellman({ privateKey: privateKey(PKCS8_X25519, secret), publicKey: peer }));
  } catch {
    return undefined; // OpenSSL fails the derivation when the result is all zero (a low-order point)
  }
}

/** The Ed25519 public key of a 32-byte seed (RFC 8032 5.1.5). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return rawPublic(createPublicKey(privateKey(PKCS8_ED25519, seed)));
}

export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKey(PKCS8_ED25519, seed)));
}

/** False for a bad signature and for a public key that is not a valid point; never throws. */
export function ed25519Verify(pub: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKey(SPKI_ED25519, pub);
  if (!key || signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
