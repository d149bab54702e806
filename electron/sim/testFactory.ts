/**
 * The test factory: certifies the simulated devices (docs/protocol.md, "Device identity"). Its private key
 * is here, in the open, so the app trusts its certificates only when it talks to the simulated site
 * (SIMULATED_SITE_TRUST); a real device carries a certificate from the production factory instead.
 */
import { hkdfSync } from 'node:crypto';
import { fromHex, utf8 } from '../protocol/bytes';
import { issueCertificate } from '../protocol/deviceIdentity';
import type { DeviceKind } from '../protocol/gattProfile';
import { ed25519PublicKey } from '../protocol/nativeCurves';
import { ISSUER_TEST } from '../protocol/trustAnchors';

/** The Ed25519 seed of TEST_FACTORY_KEY (electron/protocol/trustAnchors.ts). */
const TEST_FACTORY_SEED = fromHex('d7092a1b0f8271e88e68a028e896f78e03d421327aae4fb870789084e7bde7f0');

/** What a simulated device holds to prove who it is. */
export interface FactoryIdentity {
  identitySeed: Uint8Array;
  cert: Uint8Array;
}

/**
 * The identity the test factory gives a simulated device: its key is derived from the device id, so every
 * process that simulates the same site (in process, bleno, the CLI) presents the same identity.
 */
export function testFactoryIdentity(device: { deviceId: string; kind: DeviceKind; modelCode: number }): FactoryIdentity {
  const identitySeed = new Uint8Array(hkdfSync('sha256', TEST_FACTORY_SEED, utf8('fluss+ simulated identity'), fromHex(device.deviceId), 32));
  const cert = issueCertificate(
    { kind: device.kind, modelCode: device.modelCode, deviceId: device.deviceId, identityKey: ed25519PublicKey(identitySeed), issuer: ISSUER_TEST },
    TEST_FACTORY_SEED,
  );
  return { identitySeed, cert };
}

/**
 * A device that was not made by the factory: it signs its own certificate with a key of its own, as an
 * impostor would (tests of security issue #9, findings 1 and 3).
 */
export function selfSignedIdentity(device: { deviceId: string; kind: DeviceKind; modelCode: number }, seed: Uint8Array): FactoryIdentity {
  const cert = issueCertificate(
    { kind: device.kind, modelCode: device.modelCode, deviceId: device.deviceId, identityKey: ed25519PublicKey(seed), issuer: ISSUER_TEST },
    seed,
  );
  return { identitySeed: seed, cert };
}
