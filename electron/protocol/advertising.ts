/**
 * Fluss+ manufacturer specific data (AD type 0xFF) and how a scan tells Fluss+ devices from everything
 * else nearby (docs/protocol.md, "Advertising"). Fifteen bytes, so that with its AD header (2 bytes) and
 * a local name of at most 12 bytes (14 with header) the scan response fits its 31 bytes.
 */
import { fromHex, toHex } from './bytes';
import { fail, FlussError, ok, type Result } from './errors';
import { COMPANY_ID, GATE_SERVICE, INTERCOM_SERVICE, type DeviceKind } from './gattProfile';

export const MANUFACTURER_DATA_BYTES = 15;
export const ADVERTISING_FORMAT_VERSION = 1;

/** Flags bit 0: the intercom has an owner. Other bits are reserved: sent as 0, ignored on receipt. */
const FLAG_CLAIMED = 0x01;

const KIND_CODES: Record<DeviceKind, number> = { intercom: 1, gate: 2 };

/** Model codes carried in advertising, and the model names they stand for. */
export const MODEL_CODES: Readonly<Record<number, string>> = {
  1: 'FI-100', // Fluss+ Intercom
  2: 'FG-200', // Fluss+ Gate
};

/** The model name of a code; codes this app does not know show as "model n". */
export function modelName(code: number): string {
  return MODEL_CODES[code] ?? `model ${code}`;
}

/** What a Fluss+ device says about itself before anyone connects. */
export interface AdvertisedDevice {
  kind: DeviceKind;
  claimed: boolean;
  /** 12 lower-case hex digits. */
  deviceId: string;
  modelCode: number;
  /** "major.minor.patch". */
  firmware: string;
}

/** The 15 bytes of manufacturer data, company id first. Throws INVALID_ARGUMENT for a value that does not fit. */
export function encodeManufacturerData(device: AdvertisedDevice): Uint8Array {
  const version = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(device.firmware)?.slice(1).map(Number);
  if (!version || version.some((part) => part > 0xff)) {
    throw new FlussError(
      'INVALID_ARGUMENT',
      `Firmware version "${device.firmware}" is not major.minor.patch of 0-255.`,
    );
  }
  if (!/^[0-9a-f]{12}$/.test(device.deviceId))
    throw new FlussError('INVALID_ARGUMENT', 'A device id is 12 hex digits.');
  if (!Number.isInteger(device.modelCode) || device.modelCode < 0 || device.modelCode > 0xff) {
    throw new FlussError('INVALID_ARGUMENT', `Model code ${device.modelCode} does not fit in a byte.`);
  }
  const out = new Uint8Array(MANUFACTURER_DATA_BYTES);
  out[0] = COMPANY_ID & 0xff;
  out[1] = COMPANY_ID >> 8;
  out[2] = ADVERTISING_FORMAT_VERSION;
  out[3] = KIND_CODES[device.kind];
  out[4] = device.claimed ? FLAG_CLAIMED : 0;
  out.set(fromHex(device.deviceId), 5);
  out[11] = device.modelCode;
  out.set(version, 12);
  return out;
}

/** The device a manufacturer data payload describes, or PROTOCOL_ERROR when it is not Fluss+ format 1. */
export function decodeManufacturerData(bytes: Uint8Array): Result<AdvertisedDevice> {
  if (bytes.length !== MANUFACTURER_DATA_BYTES) {
    return fail(
      'PROTOCOL_ERROR',
      `Manufacturer data is ${bytes.length} bytes, not ${MANUFACTURER_DATA_BYTES}.`,
    );
  }
  const at = (i: number) => bytes[i] ?? 0; // in range: the length is checked above
  if ((at(0) | (at(1) << 8)) !== COMPANY_ID)
    return fail('PROTOCOL_ERROR', 'Manufacturer data is from another company.');
  if (at(2) !== ADVERTISING_FORMAT_VERSION) {
    return fail('PROTOCOL_ERROR', `Manufacturer data format ${at(2)} is not supported.`);
  }
  const kind = (Object.keys(KIND_CODES) as DeviceKind[]).find((k) => KIND_CODES[k] === at(3));
  if (!kind) return fail('PROTOCOL_ERROR', `Device kind ${at(3)} is not known.`);
  return ok({
    kind,
    claimed: (at(4) & FLAG_CLAIMED) !== 0,
    deviceId: toHex(bytes.subarray(5, 11)),
    modelCode: at(11),
    firmware: `${at(12)}.${at(13)}.${at(14)}`,
  });
}

/** A scan report classified: a Fluss+ intercom or gate with what it advertises, or anything else. */
export type AdvertisementClass = AdvertisedDevice | { kind: 'other' };

/**
 * Fluss+ only when the device advertises the intercom or gate service AND its manufacturer data decodes
 * with the matching kind: either alone is easy to copy by accident (a beacon reusing the test company id),
 * both together are not.
 */
export function classifyAdvertisement(adv: {
  serviceUuids: readonly string[];
  manufacturerData?: Uint8Array;
}): AdvertisementClass {
  if (!adv.manufacturerData) return { kind: 'other' };
  const decoded = decodeManufacturerData(adv.manufacturerData);
  if (!decoded.ok) return { kind: 'other' };
  const service = normaliseUuid(decoded.value.kind === 'intercom' ? INTERCOM_SERVICE : GATE_SERVICE);
  return adv.serviceUuids.some((uuid) => normaliseUuid(uuid) === service) ? decoded.value : { kind: 'other' };
}

/** Stacks differ: noble reports lower-case without dashes, others upper-case with them. */
function normaliseUuid(uuid: string): string {
  return uuid.replaceAll('-', '').toLowerCase();
}
