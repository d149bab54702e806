/**
 * GATT discovery by UUID, and the cheap check of a cached layout (Core Spec Vol 3 Part G 4.4-4.7):
 *
 * - the service: one Find By Type Value Request for the primary service UUID (4.4.2), not a walk of every
 *   service with Read By Group Type;
 * - its characteristics: Read By Type for 0x2803 inside the service's handle range only (4.6.1), stopping
 *   as soon as every wanted characteristic is known;
 * - a CCCD: Find Information from the characteristic's value handle to its end (4.7.1), only for wanted
 *   characteristics that notify or indicate.
 *
 * Validation (validateLayout) reads the characteristic declarations of each cached service back with the
 * same Read By Type pages discovery read, one request for a Fluss+ service, and accepts the layout only when
 * they are identical: declaration handles, properties, value handles and UUIDs. Any moved, added or removed
 * characteristic changes that page. A descriptor inserted before the CCCD of the service's last
 * characteristic would not; the Fluss+ firmware never adds descriptors (docs/protocol.md, GATT caching).
 */
import { FlussError } from '../../protocol/errors';
import type { AttBearer } from './attBearer';
import {
  ATT,
  ATT_ERROR,
  findByTypeValueRequest,
  findInfoRequest,
  GATT_TYPE,
  normaliseUuid,
  parseCharacteristicDeclarations,
  parseError,
  parseFindByTypeResponse,
  parseFindInfoResponse,
  PROPERTY,
  readByTypeRequest,
  uuidToBytes,
  type CharacteristicDeclaration,
} from './attPdu';
import type { CharacteristicLayout, GattLayout, ServiceLayout, WantedService } from './gattLayout';

/** Discovers the wanted services; a service the device lacks is left out (the link reports it when used). */
export async function discoverLayout(bearer: AttBearer, wanted: WantedService[], signal?: AbortSignal): Promise<GattLayout> {
  const services: ServiceLayout[] = [];
  for (const want of wanted) {
    const found = await discoverService(bearer, want, signal);
    if (found) services.push(found);
  }
  if (services.length === 0) {
    throw new FlussError('PROTOCOL_ERROR', 'The device has none of the Fluss+ services.', 'Check the device firmware is a Fluss+ firmware.');
  }
  return { services };
}

async function discoverService(bearer: AttBearer, want: WantedService, signal?: AbortSignal): Promise<ServiceLayout | undefined> {
  const uuid = normaliseUuid(want.uuid);
  const response = await bearer.request(findByTypeValueRequest(0x0001, 0xffff, GATT_TYPE.primaryService, uuidToBytes(uuid)), signal);
  if (response[0] !== ATT.findByTypeRsp) {
    expectNotFound(response, 'finding the service');
    return undefined;
  }
  // Service UUIDs of a profile are unique on a device: the first range is the service.
  const range = parseFindByTypeResponse(response)[0];
  if (!range || range.end < range.start) throw malformed('a Find By Type Value Response');
  const wantedUuids = want.characteristics?.map(normaliseUuid);
  const declarations = await readDeclarations(bearer, range.start, range.end, (seen) => wantedUuids !== undefined && wantedUuids.every((w) => seen.some((d) => d.uuid === w)), signal);
  const characteristics: CharacteristicLayout[] = [];
  for (const [i, declaration] of declarations.entries()) {
    if (wantedUuids && !wantedUuids.includes(declaration.uuid)) continue;
    const next = declarations[i + 1];
    const endHandle = next ? next.declHandle - 1 : range.end;
    const characteristic: CharacteristicLayout = { ...declaration, endHandle };
    if ((declaration.properties & (PROPERTY.notify | PROPERTY.indicate)) !== 0) {
      const cccd = await findCccd(bearer, declaration.valueHandle + 1, endHandle, signal);
      if (cccd !== undefined) characteristic.cccd = cccd;
    }
    characteristics.push(characteristic);
  }
  return { uuid, start: range.start, end: range.end, declarations, characteristics };
}

/**
 * Reads characteristic declarations page by page from `start` until the range ends, the server has no more,
 * or `enough` says the pages read so far suffice.
 */
async function readDeclarations(
  bearer: AttBearer,
  start: number,
  end: number,
  enough: (seen: CharacteristicDeclaration[]) => boolean,
  signal?: AbortSignal,
): Promise<CharacteristicDeclaration[]> {
  const seen: CharacteristicDeclaration[] = [];
  let from = start;
  while (from <= end) {
    const response = await bearer.request(readByTypeRequest(from, end, GATT_TYPE.characteristic), signal);
    if (response[0] !== ATT.readByTypeRsp) {
      expectNotFound(response, 'reading characteristic declarations');
      break;
    }
    const page = parseCharacteristicDeclarations(response);
    const last = page.at(-1);
    if (!last || last.valueHandle < from) throw malformed('a Read By Type Response');
    seen.push(...page);
    if (enough(seen)) break;
    from = last.valueHandle + 1;
  }
  return seen;
}

/** The CCCD between a value handle and the characteristic's end: the first 0x2902 before any next declaration. */
async function findCccd(bearer: AttBearer, start: number, end: number, signal?: AbortSignal): Promise<number | undefined> {
  let from = start;
  while (from <= end) {
    const response = await bearer.request(findInfoRequest(from, end), signal);
    if (response[0] !== ATT.findInfoRsp) {
      expectNotFound(response, 'finding descriptors');
      return undefined;
    }
    const entries = parseFindInfoResponse(response);
    if (entries.length === 0) throw malformed('a Find Information Response');
    for (const entry of entries) {
      if (entry.handle > end || entry.uuid === GATT_TYPE.characteristic.toString(16)) return undefined;
      if (entry.uuid === GATT_TYPE.cccd.toString(16)) return entry.handle;
    }
    from = (entries.at(-1)?.handle ?? end) + 1;
  }
  return undefined;
}

/**
 * Whether `layout` still describes the device: each service's declarations read back, page by page as
 * discovery read them, must equal the recorded ones. One request per Fluss+ service.
 */
export async function validateLayout(bearer: AttBearer, layout: GattLayout, signal?: AbortSignal): Promise<boolean> {
  for (const service of layout.services) {
    const recorded = service.declarations;
    let readBack: CharacteristicDeclaration[];
    try {
      readBack = await readDeclarations(bearer, service.start, service.end, (seen) => seen.length >= recorded.length, signal);
    } catch (error) {
      // A refused or malformed answer means the handles no longer hold what they did: rediscover.
      if (error instanceof FlussError && error.code === 'PROTOCOL_ERROR') return false;
      throw error;
    }
    if (readBack.length !== recorded.length) return false;
    if (readBack.some((d, i) => !sameDeclaration(d, recorded[i]))) return false;
  }
  return true;
}

function sameDeclaration(a: CharacteristicDeclaration, b: CharacteristicDeclaration | undefined): boolean {
  return b !== undefined && a.declHandle === b.declHandle && a.properties === b.properties && a.valueHandle === b.valueHandle && a.uuid === b.uuid;
}

/** Attribute Not Found ends a search (Vol 3 Part G 4.4.2); any other answer is the device refusing it. */
function expectNotFound(response: Uint8Array, what: string): void {
  const error = parseError(response);
  if (error?.code === ATT_ERROR.attributeNotFound) return;
  throw new FlussError(
    'PROTOCOL_ERROR',
    error ? `The device refused ${what} (ATT error 0x${error.code.toString(16).padStart(2, '0')}).` : `The device answered ${what} with an unexpected PDU.`,
    'Check the device firmware is a Fluss+ firmware.',
  );
}

function malformed(what: string): FlussError {
  return new FlussError('PROTOCOL_ERROR', `The device sent ${what} that does not parse.`, 'Check the device firmware is a Fluss+ firmware.');
}
