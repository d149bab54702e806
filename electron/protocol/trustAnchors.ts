/**
 * The factory keys whose device certificates the app believes (docs/protocol.md, "Device identity").
 * Only public keys live here. The production key's private half is the factory's alone; the test factory's
 * private key is in electron/sim/testFactory.ts, which is exactly why it is trusted only for the simulated site.
 */
import { fromHex } from './bytes';

export const ISSUER_PRODUCTION = 1;
export const ISSUER_TEST = 2;

/** The Fluss+ factory key that certifies every shipping device. */
const PRODUCTION_FACTORY_KEY = fromHex('5c02030f7f5dc3271f4ca50ce4bf40af09cb8be8bc27d7ea96e5ecda7ee9ce6f');
/** The test factory key that certifies the simulated devices; anyone can sign with it. */
export const TEST_FACTORY_KEY = fromHex('0bf0c5b0a3f6dbed524b763c34e95ac5cb2c15096d5496a23e30caf80816953a');

/** Which issuers this client believes, by issuer byte. */
export interface TrustPolicy {
  readonly anchors: ReadonlyMap<number, Uint8Array>;
}

/** Real devices only: what the app uses on the real radio. */
export const PRODUCTION_TRUST: TrustPolicy = { anchors: new Map([[ISSUER_PRODUCTION, PRODUCTION_FACTORY_KEY]]) };

/** Real devices and the simulated site's: for `--sim` (in process or over the virtual controller) only. */
export const SIMULATED_SITE_TRUST: TrustPolicy = {
  anchors: new Map([
    [ISSUER_PRODUCTION, PRODUCTION_FACTORY_KEY],
    [ISSUER_TEST, TEST_FACTORY_KEY],
  ]),
};
