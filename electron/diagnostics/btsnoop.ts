/**
 * The btsnoop file format (what Wireshark, tshark and btmon read), as RFC 1761 "snoop" adapted by
 * Bluetooth tools: the 16-byte header "btsnoop\0", version 1, datalink 1002 (HCI UART, H4: each packet
 * starts with its H4 type byte), then one record per packet: original and included length, flags
 * (bit 0: 0 sent by the host, 1 received; bit 1: 1 for a command or event), cumulative drops, and a
 * timestamp in microseconds since midnight, 1 January of year 0 AD. All big-endian.
 */

export const BTSNOOP_MAGIC = new TextEncoder().encode('btsnoop\0');
export const BTSNOOP_VERSION = 1;
export const DATALINK_H4 = 1002;
/** Microseconds from 0 AD to the Unix epoch, the offset every btsnoop timestamp carries. */
export const EPOCH_OFFSET_US = 0x00dcddb30f2f8000n;

export const H4 = { command: 0x01, acl: 0x02, sco: 0x03, event: 0x04, iso: 0x05 } as const;

export type Direction = 'sent' | 'received';

export interface TraceRecord {
  /** One HCI packet, H4 type byte first. */
  packet: Uint8Array;
  direction: Direction;
  /** Microseconds since the Unix epoch. */
  atUs: bigint;
  /** Packets lost before this one, cumulative (the record's drops field). */
  drops?: number;
}

export function btsnoopHeader(): Uint8Array {
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  header.set(BTSNOOP_MAGIC, 0);
  view.setUint32(8, BTSNOOP_VERSION);
  view.setUint32(12, DATALINK_H4);
  return header;
}

/** One record; `drops` is the count of packets lost before this one (the radio's channel was backed up). */
export function btsnoopRecord(record: TraceRecord, drops = 0): Uint8Array {
  const type = record.packet[0];
  const commandOrEvent = type === H4.command || type === H4.event;
  const out = new Uint8Array(24 + record.packet.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, record.packet.length);
  view.setUint32(4, record.packet.length);
  view.setUint32(8, (record.direction === 'received' ? 1 : 0) | (commandOrEvent ? 2 : 0));
  view.setUint32(12, drops);
  view.setBigUint64(16, record.atUs + EPOCH_OFFSET_US);
  out.set(record.packet, 24);
  return out;
}

export function encodeBtsnoop(records: readonly TraceRecord[]): Uint8Array {
  const parts = [btsnoopHeader(), ...records.map((r) => btsnoopRecord(r, r.drops ?? 0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Reads a btsnoop file back (tests, and checking a trace file before it goes into a bundle). */
export function decodeBtsnoop(bytes: Uint8Array): TraceRecord[] | undefined {
  if (bytes.length < 16 || !BTSNOOP_MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== BTSNOOP_VERSION || view.getUint32(12) !== DATALINK_H4) return undefined;
  const records: TraceRecord[] = [];
  let offset = 16;
  while (offset + 24 <= bytes.length) {
    const included = view.getUint32(offset + 4);
    if (offset + 24 + included > bytes.length) break; // a record cut short by a crash mid-write
    const flags = view.getUint32(offset + 8);
    records.push({
      packet: bytes.slice(offset + 24, offset + 24 + included),
      direction: (flags & 1) === 1 ? 'received' : 'sent',
      atUs: view.getBigUint64(offset + 16) - EPOCH_OFFSET_US,
      drops: view.getUint32(offset + 12),
    });
    offset += 24 + included;
  }
  return records;
}
