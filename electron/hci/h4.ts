/**
 * H4 framing (Core Spec Vol 4 Part A): on a UART each HCI packet is its indicator byte followed by the
 * packet. The byte stream may split or join packets anywhere, so the parser buffers until a whole one is in.
 */
import { EVT, H4 } from './constants';

export type H4Packet =
  | { kind: 'command'; opcode: number; params: Buffer }
  | { kind: 'acl'; handle: number; pb: number; data: Buffer }
  | { kind: 'event'; code: number; params: Buffer };

/** Splits a byte stream into HCI packets; an unknown indicator byte is skipped (line noise). */
export class H4Parser {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): H4Packet[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const packets: H4Packet[] = [];
    for (;;) {
      const packet = this.next();
      if (packet === 'incomplete') return packets;
      if (packet) packets.push(packet);
    }
  }

  private next(): H4Packet | undefined | 'incomplete' {
    const b = this.buffer;
    if (b.length === 0) return 'incomplete';
    const indicator = b[0];
    if (indicator === H4.command) {
      if (b.length < 4) return 'incomplete';
      const length = 4 + b.readUInt8(3);
      if (b.length < length) return 'incomplete';
      this.buffer = b.subarray(length);
      return { kind: 'command', opcode: b.readUInt16LE(1), params: Buffer.from(b.subarray(4, length)) };
    }
    if (indicator === H4.acl) {
      if (b.length < 5) return 'incomplete';
      const length = 5 + b.readUInt16LE(3);
      if (b.length < length) return 'incomplete';
      this.buffer = b.subarray(length);
      const header = b.readUInt16LE(1);
      return { kind: 'acl', handle: header & 0x0fff, pb: (header >> 12) & 0x3, data: Buffer.from(b.subarray(5, length)) };
    }
    if (indicator === H4.event) {
      if (b.length < 3) return 'incomplete';
      const length = 3 + b.readUInt8(2);
      if (b.length < length) return 'incomplete';
      this.buffer = b.subarray(length);
      return { kind: 'event', code: b.readUInt8(1), params: Buffer.from(b.subarray(3, length)) };
    }
    this.buffer = b.subarray(1);
    return undefined;
  }
}

/** An HCI event packet with its H4 indicator. */
export function eventPacket(code: number, params: Buffer): Buffer {
  return Buffer.concat([Buffer.from([H4.event, code, params.length]), params]);
}

/** Command Complete with room for one more command (Num_HCI_Command_Packets = 1). */
export function commandComplete(opcode: number, status: number, returns: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(1, 0);
  head.writeUInt16LE(opcode, 1);
  head.writeUInt8(status, 3);
  return eventPacket(EVT.commandComplete, Buffer.concat([head, returns]));
}

export function commandStatus(opcode: number, status: number): Buffer {
  const params = Buffer.alloc(4);
  params.writeUInt8(status, 0);
  params.writeUInt8(1, 1);
  params.writeUInt16LE(opcode, 2);
  return eventPacket(EVT.commandStatus, params);
}

export function leMetaEvent(subevent: number, params: Buffer): Buffer {
  return eventPacket(EVT.leMeta, Buffer.concat([Buffer.from([subevent]), params]));
}

export function aclPacket(handle: number, pb: number, data: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(H4.acl, 0);
  head.writeUInt16LE((handle & 0x0fff) | (pb << 12), 1);
  head.writeUInt16LE(data.length, 3);
  return Buffer.concat([head, data]);
}

export function commandPacket(opcode: number, params: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(H4.command, 0);
  head.writeUInt16LE(opcode, 1);
  head.writeUInt8(params.length, 3);
  return Buffer.concat([head, params]);
}

/** "aa:bb:cc:dd:ee:ff" to the 6 little-endian bytes HCI carries, and back. */
export function addressToBytes(address: string): Buffer {
  const hex = address.replace(/:/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) throw new Error(`Not a Bluetooth address: ${address}`);
  return Buffer.from(hex, 'hex').reverse();
}

export function bytesToAddress(bytes: Buffer): string {
  return Buffer.from(bytes).reverse().toString('hex').replace(/(..)(?!$)/g, '$1:');
}
