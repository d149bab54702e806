/**
 * One simulated intercom's identity for the protocol tests: its test-factory certificate and info, what the
 * client expects of it, and a finish() that also seals AUTH with a first request, as version 2 sends it.
 */
import { encodeInfo } from '../../electron/protocol/codec';
import type { Result } from '../../electron/protocol/errors';
import type { ClientSession, DeviceProof, HandshakeExpectation, ProvenDevice } from '../../electron/protocol/secureSession';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { testFactoryIdentity } from '../../electron/sim/testFactory';

export const DEVICE_ID = '00a1b2c3d4e5';
export const INFO = {
  kind: 'intercom' as const,
  deviceId: DEVICE_ID,
  name: 'Front Door',
  model: 'FI-100',
  firmware: '1.4.2',
  hardware: 'B',
  serial: 'FI1-000001',
  protocolVersion: 2,
  claimed: true,
};
export const PROOF: DeviceProof = { ...testFactoryIdentity({ deviceId: DEVICE_ID, kind: 'intercom', modelCode: 1 }), info: encodeInfo(INFO) };
export const EXPECT: HandshakeExpectation = { kind: 'intercom', trust: SIMULATED_SITE_TRUST };
/** The first request AUTH carries in these tests (any bytes: the session layer does not read them). */
export const FIRST_REQUEST = new TextEncoder().encode('first');

/** finish(), then AUTH sealed with FIRST_REQUEST: what the v1 tests called `auth`. */
export function withAuth(result: Result<{ session: ClientSession; peer: ProvenDevice }>): Result<{ session: ClientSession; peer: ProvenDevice; auth: Uint8Array }> {
  if (!result.ok) return result;
  return { ok: true, value: { ...result.value, auth: result.value.session.sealAuth(FIRST_REQUEST) } };
}
