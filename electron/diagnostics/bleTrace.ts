/**
 * The BLE trace of recent sessions: every HCI packet (or, on bindings that hide HCI, a GATT-level log
 * written as the ATT packets it stands for) goes through `record`, is redacted at once (redact.ts: no
 * value ever reaches memory or disk unblanked) and appended to a btsnoop file in the logs folder, which
 * rolls over to `.1` at a size limit so "recent" stays bounded. Writing never breaks the operation traced.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { btsnoopHeader, btsnoopRecord, type Direction } from './btsnoop';
import { redactH4 } from './redact';

export interface BleTraceSink {
  /**
   * One H4 packet (type byte first) as it crossed between host and controller; `atUs` (microseconds since
   * the Unix epoch) when it was taken elsewhere (the radio process), else now.
   */
  record(packet: Uint8Array, direction: Direction, atUs?: bigint): void;
  /** Several packets at once (a batch from the radio process): one write instead of one per packet. */
  recordAll?(packets: readonly { packet: Uint8Array; direction: Direction; atUs: bigint }[]): void;
  /** `count` packets never reached the trace (the radio's channel was backed up): kept as btsnoop's cumulative drops. */
  dropped?(count: number): void;
}

const DEFAULT_MAX_BYTES = 2_000_000;

/** Microseconds since the Unix epoch, monotonic within the process (two packets in one ms keep their order). */
export function clockUs(): () => bigint {
  const startWall = BigInt(Date.now()) * 1000n;
  const startMono = process.hrtime.bigint();
  return () => startWall + (process.hrtime.bigint() - startMono) / 1000n;
}

export class BleTraceFile implements BleTraceSink {
  private readonly now = clockUs();
  /** Packets lost before the next record, cumulative as btsnoop counts them (Wireshark does not show it: the bundle's README says it). */
  private drops = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  record(packet: Uint8Array, direction: Direction, atUs?: bigint): void {
    this.recordAll([{ packet, direction, atUs: atUs ?? this.now() }]);
  }

  recordAll(packets: readonly { packet: Uint8Array; direction: Direction; atUs: bigint }[]): void {
    if (packets.length === 0) return;
    try {
      const records = packets.map(({ packet, direction, atUs }) => btsnoopRecord({ packet: redactH4(packet), direction, atUs }, this.drops));
      if (size(this.path) > this.maxBytes) renameSync(this.path, `${this.path}.1`);
      if (!existsSync(this.path)) {
        mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
        appendFileSync(this.path, btsnoopHeader(), { mode: 0o600 });
      }
      appendFileSync(this.path, Buffer.concat(records), { mode: 0o600 });
    } catch {
      // A trace that cannot be written must never break the Bluetooth operation it describes.
    }
  }

  dropped(count: number): void {
    this.drops = Math.min(0xffff_ffff, this.drops + count);
  }
}

/** A trace kept in memory (tests). */
export class MemoryTrace implements BleTraceSink {
  readonly records: { packet: Uint8Array; direction: Direction; atUs?: bigint }[] = [];
  drops = 0;
  record(packet: Uint8Array, direction: Direction, atUs?: bigint): void {
    this.records.push({ packet: redactH4(packet), direction, ...(atUs === undefined ? {} : { atUs }) });
  }
  dropped(count: number): void {
    this.drops += count;
  }
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
