/**
 * The ATT PDUs this app sends and parses (Core Spec Vol 3 Part F 3.4), shared by the client procedures
 * (attDiscovery.ts, attClient.ts) and the simulator's GATT server (electron/sim/simGatt.ts), so both sides
 * of the in-process air speak the same bytes as noble and bleno do on a real link.
 */

/** ATT_MTU before an exchange (Core Spec Vol 3 Part F 3.2.8). */
export const DEFAULT_ATT_MTU = 23;

export const ATT = {
  errorRsp: 0x01,
  mtuReq: 0x02,
  mtuRsp: 0x03,
  findInfoReq: 0x04,
  findInfoRsp: 0x05,
  findByTypeReq: 0x06,
  findByTypeRsp: 0x07,
  readByTypeReq: 0x08,
  readByTypeRsp: 0x09,
  readReq: 0x0a,
  readRsp: 0x0b,
  readBlobReq: 0x0c,
  readBlobRsp: 0x0d,
  readByGroupReq: 0x10,
  readByGroupRsp: 0x11,
  writeReq: 0x12,
  writeRsp: 0x13,
  notification: 0x1b,
  indication: 0x1d,
  confirmation: 0x1e,
  writeCmd: 0x52,
  signedWriteCmd: 0xd2,
} as const;

/** ATT error codes (Vol 3 Part F 3.4.1.1) this app produces or reacts to. */
export const ATT_ERROR = {
  invalidHandle: 0x01,
  readNotPermitted: 0x02,
  writeNotPermitted: 0x03,
  requestNotSupported: 0x06,
  invalidOffset: 0x07,
  attributeNotFound: 0x0a,
  unlikely: 0x0e,
} as const;

/** GATT attribute types (Vol 3 Part G 3): 16-bit UUIDs. */
export const GATT_TYPE = { primaryService: 0x2800, characteristic: 0x2803, cccd: 0x2902 } as const;

/** What an opcode is on the air: each request (and indication) awaits one response (or confirmation). */
export type AttClass = 'request' | 'response' | 'command' | 'notification';

/**
 * Vol 3 Part F 3.3.1: bit 6 marks a command; requests have even opcodes, their responses the next odd one.
 * Indications await a confirmation, so they count as requests; confirmations as responses.
 */
export function classifyOpcode(opcode: number): AttClass {
  if ((opcode & 0x40) !== 0) return 'command';
  if (opcode === ATT.notification || opcode === 0x23 /* multiple variable notification */) return 'notification';
  if (opcode === ATT.indication) return 'request';
  if (opcode === ATT.confirmation || opcode === ATT.errorRsp) return 'response';
  return opcode % 2 === 0 ? 'request' : 'response';
}

/** A UUID as this app writes it (lower-case hex, no dashes, 4 or 32 digits) from ATT's little-endian bytes. */
export function uuidFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex');
}

export function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(normaliseUuid(uuid), 'hex').reverse();
}

export function normaliseUuid(uuid: string): string {
  return uuid.replaceAll('-', '').toLowerCase();
}

const u16 = (value: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value, 0);
  return b;
};

// ---- client requests ----

export const mtuRequest = (mtu: number): Buffer => Buffer.concat([Buffer.from([ATT.mtuReq]), u16(mtu)]);
export const findInfoRequest = (start: number, end: number): Buffer => Buffer.concat([Buffer.from([ATT.findInfoReq]), u16(start), u16(end)]);
export const findByTypeValueRequest = (start: number, end: number, type: number, value: Uint8Array): Buffer =>
  Buffer.concat([Buffer.from([ATT.findByTypeReq]), u16(start), u16(end), u16(type), value]);
export const readByTypeRequest = (start: number, end: number, type: number): Buffer =>
  Buffer.concat([Buffer.from([ATT.readByTypeReq]), u16(start), u16(end), u16(type)]);
export const readRequest = (handle: number): Buffer => Buffer.concat([Buffer.from([ATT.readReq]), u16(handle)]);
export const readBlobRequest = (handle: number, offset: number): Buffer => Buffer.concat([Buffer.from([ATT.readBlobReq]), u16(handle), u16(offset)]);
export const writeRequest = (handle: number, value: Uint8Array, withoutResponse: boolean): Buffer =>
  Buffer.concat([Buffer.from([withoutResponse ? ATT.writeCmd : ATT.writeReq]), u16(handle), value]);

// ---- server responses ----

export const errorResponse = (requestOpcode: number, handle: number, code: number): Buffer =>
  Buffer.concat([Buffer.from([ATT.errorRsp, requestOpcode]), u16(handle), Buffer.from([code])]);
export const mtuResponse = (mtu: number): Buffer => Buffer.concat([Buffer.from([ATT.mtuRsp]), u16(mtu)]);
export const notification = (handle: number, value: Uint8Array): Buffer => Buffer.concat([Buffer.from([ATT.notification]), u16(handle), value]);

/** An ATT Error Response, decoded; undefined when `pdu` is something else. */
export function parseError(pdu: Uint8Array): { request: number; handle: number; code: number } | undefined {
  if (pdu[0] !== ATT.errorRsp || pdu.length < 5) return undefined;
  const b = Buffer.from(pdu);
  return { request: b.readUInt8(1), handle: b.readUInt16LE(2), code: b.readUInt8(4) };
}

/** Handle ranges of a Find By Type Value Response. */
export function parseFindByTypeResponse(pdu: Uint8Array): { start: number; end: number }[] {
  const b = Buffer.from(pdu);
  const out: { start: number; end: number }[] = [];
  for (let at = 1; at + 4 <= b.length; at += 4) out.push({ start: b.readUInt16LE(at), end: b.readUInt16LE(at + 2) });
  return out;
}

export interface CharacteristicDeclaration {
  declHandle: number;
  properties: number;
  valueHandle: number;
  uuid: string;
}

/** Characteristic declarations of a Read By Type Response for 0x2803 (entries of 7 or 21 bytes). */
export function parseCharacteristicDeclarations(pdu: Uint8Array): CharacteristicDeclaration[] {
  const b = Buffer.from(pdu);
  const size = b.readUInt8(1);
  if (size !== 7 && size !== 21) return [];
  const out: CharacteristicDeclaration[] = [];
  for (let at = 2; at + size <= b.length; at += size) {
    out.push({ declHandle: b.readUInt16LE(at), properties: b.readUInt8(at + 2), valueHandle: b.readUInt16LE(at + 3), uuid: uuidFromBytes(b.subarray(at + 5, at + size)) });
  }
  return out;
}

/** Handle/UUID pairs of a Find Information Response (format 1: 16-bit UUIDs, 2: 128-bit). */
export function parseFindInfoResponse(pdu: Uint8Array): { handle: number; uuid: string }[] {
  const b = Buffer.from(pdu);
  const size = b.readUInt8(1) === 0x01 ? 4 : 18;
  const out: { handle: number; uuid: string }[] = [];
  for (let at = 2; at + size <= b.length; at += size) out.push({ handle: b.readUInt16LE(at), uuid: uuidFromBytes(b.subarray(at + 2, at + size)) });
  return out;
}

/** PROPERTIES bits of a characteristic declaration (Vol 3 Part G 3.3.1.1). */
export const PROPERTY = { read: 0x02, writeWithoutResponse: 0x04, write: 0x08, notify: 0x10, indicate: 0x20 } as const;
