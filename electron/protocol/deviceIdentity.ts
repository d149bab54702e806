/**
 * Device certificates and the identity signature (docs/protocol.md, "Device identity"): a device proves
 * which device it is with an Ed25519 key that a factory key certified for its id, kind and model.
 */
import { concatBytes, fromHex, toHex, utf8 } from './bytes';
import { fail, ok, type Result } from './errors';
import type { DeviceKind } from './gattProfile';
import { ed25519Sign, ed25519Verify, SIGNATURE_BYTES } from './nativeCurves';
import type { TrustPolicy } from './trustAnchors';

export const CERT_FORMAT = 1;
export const CERT_BYTES = 106;
const SIGNED_BYTES = 42;
const CERT_CONTEXT = utf8('fluss+ device cert v1');
const IDENTITY_CONTEXT = utf8('fluss+ v2 device identity');

const KIND_CODES: Record<DeviceKind, number> = { intercom: 1, gate: 2 };

/** What a certificate says, once its signature checked out. */
export interface DeviceCertificate {
  kind: DeviceKind;
  modelCode: number;
  deviceId: string;
  /** The device's Ed25519 identity public key. */
  identityKey: Uint8Array;
  issuer: number;
}

/** The bytes a factory signs: format, kind, model, id, identity key, issuer. */
function signedPart(cert: DeviceCertificate): Uint8Array {
  return concatBytes(
    Uint8Array.of(CERT_FORMAT, KIND_CODES[cert.kind], cert.modelCode),
    fromHex(cert.deviceId),
    cert.identityKey,
    Uint8Array.of(cert.issuer),
  );
}

/** A factory's act: certifies `cert` with the factory's Ed25519 seed. */
export function issueCertificate(cert: DeviceCertificate, factorySeed: Uint8Array): Uint8Array {
  const body = signedPart(cert);
  return concatBytes(body, ed25519Sign(factorySeed, concatBytes(CERT_CONTEXT, body)));
}

const notGenuine = <T>(why: string): Result<T> =>
  fail(
    'NOT_GENUINE',
    `This device could not prove it is a genuine Fluss+ device (${why}).`,
    'Do not use it: it may be an impostor. Check you are at the right device, and contact Fluss+ support if it is one you installed.',
  );

/** The certificate's content if a factory key the policy trusts signed it; NOT_GENUINE otherwise. */
export function verifyCertificate(bytes: Uint8Array, trust: TrustPolicy): Result<DeviceCertificate> {
  if (bytes.length !== CERT_BYTES || bytes[0] !== CERT_FORMAT) return notGenuine('its certificate is malformed');
  const kind = bytes[1] === 1 ? 'intercom' : bytes[1] === 2 ? 'gate' : undefined;
  if (!kind) return notGenuine('its certificate names an unknown kind of device');
  const issuer = bytes[41] ?? 0;
  const anchor = trust.anchors.get(issuer);
  if (!anchor) return notGenuine('its certificate is from a factory key this app does not trust');
  const body = bytes.subarray(0, SIGNED_BYTES);
  const signature = bytes.subarray(SIGNED_BYTES, SIGNED_BYTES + SIGNATURE_BYTES);
  if (!ed25519Verify(anchor, concatBytes(CERT_CONTEXT, body), signature)) return notGenuine('its certificate signature is wrong');
  return ok({
    kind,
    modelCode: bytes[2] ?? 0,
    deviceId: toHex(bytes.subarray(3, 9)),
    identityKey: bytes.slice(9, 41),
    issuer,
  });
}

/** The device's signature over the transcript hash: proof it holds the certified identity key now. */
export function signTranscript(identitySeed: Uint8Array, th: Uint8Array): Uint8Array {
  return ed25519Sign(identitySeed, concatBytes(IDENTITY_CONTEXT, th));
}

export function transcriptSignatureValid(identityKey: Uint8Array, th: Uint8Array, signature: Uint8Array): boolean {
  return ed25519Verify(identityKey, concatBytes(IDENTITY_CONTEXT, th), signature);
}
