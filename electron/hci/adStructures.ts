/**
 * Advertising and scan response payloads as AD structures (Core Spec Supplement Part A 1): length, type,
 * data. Shared by the bleno host (which hands raw payloads to bleno) and the air's beacons.
 */

export interface AdFields {
  /** AD type 0x01; 0x06 = LE General Discoverable, BR/EDR not supported. */
  flags?: number;
  /** 16-bit ("feaa") or 128-bit (32 hex digits, dashes allowed) service UUIDs: complete lists. */
  serviceUuids?: string[];
  localName?: string;
  /** Company id first (little-endian), as in the AD structure. */
  manufacturerData?: Uint8Array;
}

/** A legacy advertising payload holds at most 31 octets (Vol 6 Part B 2.3.1.1). */
export const MAX_AD_BYTES = 31;

/** Encodes `fields` in the order given above; throws when they do not fit in 31 octets. */
export function encodeAdStructures(fields: AdFields): Buffer {
  const parts: Buffer[] = [];
  const add = (type: number, data: Buffer) => parts.push(Buffer.concat([Buffer.from([data.length + 1, type]), data]));
  if (fields.flags !== undefined) add(0x01, Buffer.from([fields.flags]));
  const uuids = (fields.serviceUuids ?? []).map((u) => u.replace(/-/g, '').toLowerCase());
  const short = uuids.filter((u) => u.length === 4);
  const long = uuids.filter((u) => u.length === 32);
  if (short.length > 0) add(0x03, Buffer.concat(short.map((u) => Buffer.from(u, 'hex').reverse())));
  if (long.length > 0) add(0x07, Buffer.concat(long.map((u) => Buffer.from(u, 'hex').reverse())));
  if (fields.manufacturerData !== undefined) add(0xff, Buffer.from(fields.manufacturerData));
  if (fields.localName !== undefined) add(0x09, Buffer.from(fields.localName, 'utf8'));
  const payload = Buffer.concat(parts);
  if (payload.length > MAX_AD_BYTES) throw new Error(`Advertising payload of ${payload.length} octets exceeds ${MAX_AD_BYTES}.`);
  return payload;
}
