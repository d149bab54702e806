/**
 * The installation's report-signing key: Ed25519 (node:crypto), made once per installation and kept
 * sealed like the device keys (reportKeyFile.ts for the CLI and browser host, electron/main for the app).
 * Only the public key leaves the computer, inside each report; Preferences shows its fingerprint so a
 * customer can check a report came from this technician's laptop.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { FlussError } from '../protocol/errors';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32-byte key follows it. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SigningKey {
  readonly privateKey: KeyObject;
  /** Raw 32 bytes. */
  readonly publicKey: Uint8Array;
  readonly fingerprint: string;
}

/** What a key store keeps: the private key as PKCS#8 DER, base64. */
export interface StoredSigningKey {
  pkcs8: string;
}

export function generateSigningKey(): { key: SigningKey; stored: StoredSigningKey } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const stored = { pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') };
  return { key: signingKeyFrom(stored), stored };
}

/** Rebuilds the key from what a store kept; a damaged value is a CORRUPT_FILE error. */
export function signingKeyFrom(stored: StoredSigningKey): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(stored.pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new FlussError('CORRUPT_FILE', 'The report-signing key is damaged.', 'Remove it to make a new one (reports signed before keep verifying with the key they carry).', { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new FlussError('CORRUPT_FILE', 'The report-signing key is not an Ed25519 key.');
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(spki.subarray(SPKI_PREFIX.length));
  return { privateKey, publicKey, fingerprint: fingerprintOf(publicKey) };
}

/** The first 16 bytes of SHA-256 of the raw public key, in 8 groups of 4 hex digits (easy to read aloud). */
export function fingerprintOf(publicKey: Uint8Array): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

export function signBytes(key: SigningKey, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, data, key.privateKey));
}

/** Whether `signature` is the Ed25519 signature of `data` by the raw `publicKey`; never throws. */
export function verifyBytes(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

/** Where the app, the browser host and the CLI get their installation's key. */
export interface SigningKeySource {
  /** The key, made and stored on first use. */
  get(): SigningKey;
  /** Things to tell the technician (the key is kept in memory only, so it changes next run; a damaged key file was set aside). */
  readonly notices: string[];
}
