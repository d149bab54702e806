/**
 * Fuzz targets for what arrives over the air, below the session: reassembly of ATT packets, the CBOR
 * profile, every message schema (requests, responses, the result of every op, events, info), device
 * certificates and advertisements.
 */
import { classifyAdvertisement, decodeManufacturerData, encodeManufacturerData } from '../../../electron/protocol/advertising';
import { decodeCbor, encodeCbor } from '../../../electron/protocol/cbor';
import { decodeEvent, decodeInfo, decodeRequest, decodeResponse, decodeResult, encodeEvent, encodeInfo, encodeRequest, encodeResponse } from '../../../electron/protocol/codec';
import { verifyCertificate } from '../../../electron/protocol/deviceIdentity';
import { Reassembler, segment } from '../../../electron/protocol/framing';
import { GATE_SERVICE, INTERCOM_SERVICE } from '../../../electron/protocol/gattProfile';
import { resultSchemas, type Op, type Request } from '../../../electron/protocol/messages';
import { SIMULATED_SITE_TRUST } from '../../../electron/protocol/trustAnchors';
import { testFactoryIdentity } from '../../../electron/sim/testFactory';
import { fluss } from '../../../electron/transport/gattCache';
import { INFO, PROOF } from '../../protocol/handshakeFixture';
import { concat, packChunks, Prng, unpackChunks } from '../mutate';
import { firstProblem, resultProblem, type FuzzTarget } from '../target';

const REQUEST_ID = '0123456789abcdef0123456789abcdef';
const SETTINGS = { entryDevice: 'f16000000001', exitDevice: 'same', maxUsers: 5, inviteDurationHours: 24 };
const CODE = { codeId: '0a1b2c3d', state: 'active', createdBy: 'tech1', createdAt: 1_700_000_000_000, expiresAt: 1_700_086_400_000 };
const ENTRY = { seq: 7, at: 1_700_000_000_000, type: 'code.created', actor: 'tech1', detail: { codeId: '0a1b2c3d', ok: true, n: 3, none: null } };

/** One valid request of every op. */
export const REQUESTS: Request[] = [
  { id: 1, op: 'info.get', args: {} },
  { id: 2, op: 'settings.get', args: {} },
  { id: 3, op: 'settings.set', args: { requestId: REQUEST_ID, baseRevision: 4, settings: SETTINGS as Extract<Request, { op: 'settings.set' }>['args']['settings'] } },
  { id: 4, op: 'codes.list', args: {} },
  { id: 5, op: 'codes.create', args: { requestId: REQUEST_ID } },
  { id: 6, op: 'codes.revoke', args: { requestId: REQUEST_ID, codeId: '0a1b2c3d' } },
  { id: 7, op: 'keypad.enter', args: { digits: '1234' } },
  { id: 8, op: 'keypad.clearLockout', args: {} },
  { id: 9, op: 'users.list', args: {} },
  { id: 10, op: 'users.add', args: { requestId: REQUEST_ID, userId: 'anna', role: 'shared', key: new Uint8Array(32).fill(3) } },
  { id: 11, op: 'users.remove', args: { requestId: REQUEST_ID, userId: 'anna' } },
  { id: 12, op: 'claim', args: { requestId: REQUEST_ID, ownerUserId: 'tech1', ownerKey: new Uint8Array(32).fill(4) } },
  { id: 13, op: 'audit.read', args: { fromSeq: 0, limit: 50 } },
  { id: 14, op: 'gate.identify', args: {} },
  { id: 15, op: 'gate.testTrigger', args: {} },
];

/** One valid result of every op, as a device answers it. */
const RESULTS: Record<Op, unknown> = {
  'info.get': INFO,
  'settings.get': { settings: SETTINGS, revision: 4 },
  'settings.set': { settings: SETTINGS, revision: 5 },
  'codes.list': { codes: [CODE, { ...CODE, codeId: '0a1b2c3e', state: 'revoked' }] },
  'codes.create': { code: CODE, digits: '4821' },
  'codes.revoke': { code: { ...CODE, state: 'revoked' } },
  'keypad.enter': { outcome: 'entry', codeId: '0a1b2c3d', gate: 'f16000000001' },
  'keypad.clearLockout': {},
  'users.list': { users: [{ userId: 'tech1', role: 'owner' }, { userId: 'anna', role: 'shared' }] },
  'users.add': {},
  'users.remove': {},
  claim: {},
  'audit.read': { entries: [ENTRY, { ...ENTRY, seq: 8 }], lastSeq: 8 },
  'gate.identify': {},
  'gate.testTrigger': { firedAt: 1_700_000_000_000 },
};
const OPS = Object.keys(resultSchemas) as Op[];

export const RESPONSE_SEEDS: Uint8Array[] = [
  ...OPS.map((op, i) => encodeResponse({ id: i + 1, ok: true, result: RESULTS[op] })),
  encodeResponse({ id: 99, ok: false, error: { code: 'NOT_AUTHORIZED', message: 'Only the owner can change settings.', hint: 'Ask the owner.' } }),
];

function reassembly(): FuzzTarget {
  const rng = new Prng(7);
  const seeds = [20, 21, 200, 243, 600, 4000].flatMap((size) =>
    [23, 185, 247].map((mtu) => packChunks(segment(rng.bytes(size), mtu))),
  );
  return {
    name: 'framing.reassembly',
    seeds,
    run(input) {
      // Two reassemblers: the default limit, and a small one that the mutated sequences overrun.
      const big = new Reassembler();
      const small = new Reassembler(300);
      for (const packet of unpackChunks(input)) {
        const problem = firstProblem(resultProblem(big.push(packet), 'push'), resultProblem(small.push(packet), 'push(300)'));
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

function cbor(): FuzzTarget {
  return {
    name: 'cbor.decode',
    seeds: [...REQUESTS.map(encodeRequest), ...RESPONSE_SEEDS, encodeCbor({ a: [1, -1, 1.5, 'x', null, true, new Uint8Array(3), { b: {} }] })],
    run: (input) => resultProblem(decodeCbor(input, 'fuzz input'), 'decodeCbor'),
  };
}

function requests(): FuzzTarget {
  return { name: 'codec.request', seeds: REQUESTS.map(encodeRequest), run: (input) => resultProblem(decodeRequest(input), 'decodeRequest') };
}

function responses(): FuzzTarget {
  return {
    name: 'codec.response+results',
    seeds: RESPONSE_SEEDS,
    run(input) {
      const response = decodeResponse(input);
      const problem = resultProblem(response, 'decodeResponse');
      if (problem || !response.ok || !response.value.ok) return problem;
      // The client checks a result against the op it asked: check this one against every op's schema.
      const result = response.value.result;
      return firstProblem(...OPS.map((op) => resultProblem(decodeResult(op, result), `decodeResult(${op})`)));
    },
  };
}

function eventsAndInfo(): FuzzTarget {
  return {
    name: 'codec.event+info',
    seeds: [encodeEvent(ENTRY), encodeEvent({ ...ENTRY, detail: {} }), encodeInfo(INFO), encodeInfo({ ...INFO, kind: 'gate', deviceId: 'f16000000001' })],
    run: (input) => firstProblem(resultProblem(decodeEvent(input), 'decodeEvent'), resultProblem(decodeInfo(input), 'decodeInfo')),
  };
}

function certificates(): FuzzTarget {
  const gate = testFactoryIdentity({ deviceId: 'f16000000001', kind: 'gate', modelCode: 2 });
  return {
    name: 'identity.certificate',
    seeds: [PROOF.cert, gate.cert],
    run: (input) => resultProblem(verifyCertificate(input, SIMULATED_SITE_TRUST), 'verifyCertificate'),
  };
}

function advertisements(): FuzzTarget {
  const intercom = encodeManufacturerData({ kind: 'intercom', claimed: true, deviceId: 'f1a000000001', modelCode: 1, firmware: '1.4.2' });
  const gate = encodeManufacturerData({ kind: 'gate', claimed: false, deviceId: 'f16000000001', modelCode: 2, firmware: '2.0.0' });
  const uuids = [INTERCOM_SERVICE, GATE_SERVICE, '180f', INTERCOM_SERVICE.toUpperCase()];
  return {
    name: 'advertising.manufacturerData',
    seeds: [intercom, gate, concat(intercom, Uint8Array.of(0))],
    run(input) {
      const problem = resultProblem(decodeManufacturerData(input), 'decodeManufacturerData');
      if (problem) return problem;
      for (const uuid of uuids) {
        const classified = classifyAdvertisement({ serviceUuids: [uuid], manufacturerData: input });
        // Fluss+ only when the manufacturer data decodes: never a device the decoder refused.
        if (classified.kind !== 'other' && !decodeManufacturerData(input).ok) return 'classifyAdvertisement accepted data the decoder refuses';
      }
      // The GATT cache keys its entries on the same bytes.
      fluss(input);
      return undefined;
    },
  };
}

export function wireTargets(): FuzzTarget[] {
  return [reassembly(), cbor(), requests(), responses(), eventsAndInfo(), certificates(), advertisements()];
}
