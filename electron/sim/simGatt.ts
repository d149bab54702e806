/**
 * The simulator's GATT server: one device's attribute table laid out as bleno lays it out (GAP service,
 * GATT service, then the Fluss+ service with a CCCD after each notifying characteristic), answering the
 * ATT requests the client procedures send, with the same paging rules as bleno's server. Characteristic
 * values come from the device's PeripheralConnection; CCCD writes switch its notifications on and off.
 */
import {
  ATT,
  ATT_ERROR,
  errorResponse,
  GATT_TYPE,
  mtuResponse,
  PROPERTY,
  uuidFromBytes,
  uuidToBytes,
} from '../transport/att/attPdu';
import type { PeripheralConnection } from './peripheral';
import type { CharacteristicSpec } from './gattRoles';

type Attribute =
  | { kind: 'service'; handle: number; uuid: string; end: number }
  | { kind: 'declaration'; handle: number; uuid: string; properties: number; valueHandle: number }
  | { kind: 'value'; handle: number; uuid: string; service: string; read?: () => Promise<Uint8Array> }
  | { kind: 'cccd'; handle: number; characteristic: string; service: string };

const BITS: Record<CharacteristicSpec['properties'][number], number> = {
  read: PROPERTY.read,
  write: PROPERTY.write,
  writeWithoutResponse: PROPERTY.writeWithoutResponse,
  notify: PROPERTY.notify,
};

export class SimGattServer {
  private readonly attributes: Attribute[] = [];
  private readonly notifying = new Set<string>();
  /** The last value read per handle: a long read continues with Read Blob at an offset. */
  private readonly lastRead = new Map<number, Uint8Array>();
  private mtu = 23;

  constructor(
    private readonly service: string,
    characteristics: CharacteristicSpec[],
    private readonly connection: PeripheralConnection,
    private readonly maxMtu: number,
    deviceName: string,
  ) {
    const fixed = (bytes: Uint8Array) => () => Promise.resolve(bytes);
    this.addService('1800', [
      { uuid: '2a00', properties: PROPERTY.read, read: fixed(new TextEncoder().encode(deviceName)) },
      { uuid: '2a01', properties: PROPERTY.read, read: fixed(new Uint8Array([0x80, 0x00])) },
    ]);
    this.addService('1801', [{ uuid: '2a05', properties: PROPERTY.indicate }]);
    this.addService(
      service,
      characteristics.map((c) => ({
        uuid: c.uuid,
        properties: c.properties.reduce((bits, p) => bits | BITS[p], 0),
        ...(c.properties.includes('read') ? { read: () => (c.role.startsWith('filler') ? Promise.resolve(new Uint8Array(0)) : connection.read(service, c.uuid)) } : {}),
      })),
    );
  }

  /** The value handle a notification of `characteristic` goes out on, if the central enabled it. */
  notificationHandle(characteristic: string): number | undefined {
    if (!this.notifying.has(characteristic)) return undefined;
    return this.attributes.find((a) => a.kind === 'value' && a.uuid === characteristic && a.service === this.service)?.handle;
  }

  get negotiatedMtu(): number {
    return this.mtu;
  }

  /** Answers one PDU from the central: the response of a request, nothing for a command. */
  async handle(pdu: Uint8Array): Promise<Uint8Array | undefined> {
    const b = Buffer.from(pdu);
    const opcode = b.readUInt8(0);
    switch (opcode) {
      case ATT.mtuReq:
        this.mtu = Math.max(23, Math.min(b.readUInt16LE(1), this.maxMtu));
        return mtuResponse(this.mtu);
      case ATT.findByTypeReq:
        return this.findByType(b);
      case ATT.readByTypeReq:
        return this.readByType(b);
      case ATT.findInfoReq:
        return this.findInfo(b);
      case ATT.readReq:
      case ATT.readBlobReq:
        return this.read(b);
      case ATT.writeReq:
      case ATT.writeCmd:
        return this.write(b);
      default:
        // Commands never get an answer; any other request is refused as a server refuses it.
        return classifyCommand(opcode) ? undefined : errorResponse(opcode, 0, ATT_ERROR.requestNotSupported);
    }
  }

  private addService(uuid: string, characteristics: { uuid: string; properties: number; read?: () => Promise<Uint8Array> }[]): void {
    let handle = this.attributes.length;
    const service = { kind: 'service' as const, handle: ++handle, uuid, end: 0 };
    this.attributes.push(service);
    for (const c of characteristics) {
      const declaration = ++handle;
      const valueHandle = ++handle;
      this.attributes.push({ kind: 'declaration', handle: declaration, uuid: c.uuid, properties: c.properties, valueHandle });
      this.attributes.push({ kind: 'value', handle: valueHandle, uuid: c.uuid, service: uuid, ...(c.read ? { read: c.read } : {}) });
      if ((c.properties & (PROPERTY.notify | PROPERTY.indicate)) !== 0) this.attributes.push({ kind: 'cccd', handle: ++handle, characteristic: c.uuid, service: uuid });
    }
    service.end = handle;
  }

  private range(b: Buffer): { start: number; end: number } | undefined {
    const start = b.readUInt16LE(1);
    const end = b.readUInt16LE(3);
    return start === 0 || start > end ? undefined : { start, end };
  }

  private within(start: number, end: number): Attribute[] {
    return this.attributes.filter((a) => a.handle >= start && a.handle <= end);
  }

  private findByType(b: Buffer): Uint8Array {
    const range = this.range(b);
    if (!range) return errorResponse(ATT.findByTypeReq, b.readUInt16LE(1), ATT_ERROR.invalidHandle);
    const type = b.readUInt16LE(5);
    const value = uuidFromBytes(b.subarray(7));
    const found = this.within(range.start, range.end).filter((a) => type === GATT_TYPE.primaryService && a.kind === 'service' && a.uuid === value);
    if (found.length === 0) return errorResponse(ATT.findByTypeReq, range.start, ATT_ERROR.attributeNotFound);
    const fit = found.slice(0, Math.floor((this.mtu - 1) / 4));
    const out = Buffer.alloc(1 + 4 * fit.length);
    out[0] = ATT.findByTypeRsp;
    fit.forEach((s, i) => {
      out.writeUInt16LE(s.handle, 1 + 4 * i);
      out.writeUInt16LE(s.kind === 'service' ? s.end : s.handle, 3 + 4 * i);
    });
    return out;
  }

  private readByType(b: Buffer): Uint8Array {
    const range = this.range(b);
    if (!range) return errorResponse(ATT.readByTypeReq, b.readUInt16LE(1), ATT_ERROR.invalidHandle);
    if (b.length !== 7 || b.readUInt16LE(5) !== GATT_TYPE.characteristic) return errorResponse(ATT.readByTypeReq, range.start, ATT_ERROR.attributeNotFound);
    const declarations = this.within(range.start, range.end).filter((a): a is Extract<Attribute, { kind: 'declaration' }> => a.kind === 'declaration');
    if (declarations.length === 0) return errorResponse(ATT.readByTypeReq, range.start, ATT_ERROR.attributeNotFound);
    // One response holds entries of one size only, as many as fit (Vol 3 Part F 3.4.4.2).
    const size = declarations[0]?.uuid.length === 4 ? 7 : 21;
    const same = declarations.filter((d, i) => declarations.slice(0, i + 1).every((e) => (e.uuid.length === 4 ? 7 : 21) === size));
    const fit = same.slice(0, Math.floor((this.mtu - 2) / size));
    const out = Buffer.alloc(2 + size * fit.length);
    out[0] = ATT.readByTypeRsp;
    out[1] = size;
    fit.forEach((d, i) => {
      const at = 2 + size * i;
      out.writeUInt16LE(d.handle, at);
      out.writeUInt8(d.properties, at + 2);
      out.writeUInt16LE(d.valueHandle, at + 3);
      uuidToBytes(d.uuid).copy(out, at + 5);
    });
    return out;
  }

  private findInfo(b: Buffer): Uint8Array {
    const range = this.range(b);
    if (!range) return errorResponse(ATT.findInfoReq, b.readUInt16LE(1), ATT_ERROR.invalidHandle);
    const infos = this.within(range.start, range.end).map((a) => ({ handle: a.handle, uuid: typeOf(a) }));
    const first = infos[0];
    if (!first) return errorResponse(ATT.findInfoReq, range.start, ATT_ERROR.attributeNotFound);
    const short = first.uuid.length === 4;
    const size = short ? 4 : 18;
    const run: typeof infos = [];
    for (const info of infos) {
      if ((info.uuid.length === 4) !== short) break;
      run.push(info);
    }
    const fit = run.slice(0, Math.floor((this.mtu - 2) / size));
    const out = Buffer.alloc(2 + size * fit.length);
    out[0] = ATT.findInfoRsp;
    out[1] = short ? 0x01 : 0x02;
    fit.forEach((info, i) => {
      out.writeUInt16LE(info.handle, 2 + size * i);
      uuidToBytes(info.uuid).copy(out, 4 + size * i);
    });
    return out;
  }

  private async read(b: Buffer): Promise<Uint8Array> {
    const opcode = b.readUInt8(0);
    const handle = b.readUInt16LE(1);
    const offset = opcode === ATT.readBlobReq ? b.readUInt16LE(3) : 0;
    const attribute = this.attributes.find((a) => a.handle === handle);
    if (!attribute) return errorResponse(opcode, handle, ATT_ERROR.invalidHandle);
    let value: Uint8Array;
    if (attribute.kind === 'value') {
      if (!attribute.read) return errorResponse(opcode, handle, ATT_ERROR.readNotPermitted);
      const cached = offset > 0 ? this.lastRead.get(handle) : undefined;
      try {
        value = cached ?? (await attribute.read());
      } catch {
        return errorResponse(opcode, handle, ATT_ERROR.unlikely);
      }
      this.lastRead.set(handle, value);
    } else if (attribute.kind === 'cccd') {
      value = new Uint8Array([this.notifying.has(attribute.characteristic) ? 1 : 0, 0]);
    } else if (attribute.kind === 'declaration') {
      const d = Buffer.alloc(3);
      d.writeUInt8(attribute.properties, 0);
      d.writeUInt16LE(attribute.valueHandle, 1);
      value = Buffer.concat([d, uuidToBytes(attribute.uuid)]);
    } else {
      value = uuidToBytes(attribute.uuid);
    }
    if (offset > value.length) return errorResponse(opcode, handle, ATT_ERROR.invalidOffset);
    return Buffer.concat([Buffer.from([opcode === ATT.readBlobReq ? ATT.readBlobRsp : ATT.readRsp]), value.subarray(offset, offset + this.mtu - 1)]);
  }

  private async write(b: Buffer): Promise<Uint8Array | undefined> {
    const opcode = b.readUInt8(0);
    const command = opcode === ATT.writeCmd;
    const handle = b.readUInt16LE(1);
    const data = new Uint8Array(b.subarray(3));
    const attribute = this.attributes.find((a) => a.handle === handle);
    const refuse = (code: number) => (command ? undefined : errorResponse(opcode, handle, code));
    if (attribute?.kind === 'cccd') {
      const enabled = ((data[0] ?? 0) & 0x03) !== 0;
      if (enabled) this.notifying.add(attribute.characteristic);
      else this.notifying.delete(attribute.characteristic);
      this.connection.setNotify(attribute.service, attribute.characteristic, enabled);
      return command ? undefined : Buffer.from([ATT.writeRsp]);
    }
    if (attribute?.kind !== 'value') return refuse(attribute ? ATT_ERROR.writeNotPermitted : ATT_ERROR.invalidHandle);
    const declaration = this.attributes.find((a) => a.kind === 'declaration' && a.valueHandle === handle);
    const needed = command ? PROPERTY.writeWithoutResponse : PROPERTY.write;
    if (declaration?.kind !== 'declaration' || (declaration.properties & needed) === 0) return refuse(ATT_ERROR.writeNotPermitted);
    try {
      await this.connection.write(attribute.service, attribute.uuid, data);
    } catch {
      return refuse(ATT_ERROR.unlikely);
    }
    return command ? undefined : Buffer.from([ATT.writeRsp]);
  }
}

function typeOf(a: Attribute): string {
  if (a.kind === 'service') return GATT_TYPE.primaryService.toString(16);
  if (a.kind === 'declaration') return GATT_TYPE.characteristic.toString(16);
  if (a.kind === 'cccd') return GATT_TYPE.cccd.toString(16);
  return a.uuid;
}

function classifyCommand(opcode: number): boolean {
  return (opcode & 0x40) !== 0;
}
