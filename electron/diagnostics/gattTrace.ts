/**
 * A GATT-level BLE trace for transports that do not expose HCI (the simulator, BlueZ over D-Bus, macOS,
 * Windows): each link operation is written as the HCI packets it stands for, so the same btsnoop readers
 * show it. A connection is an LE Connection Complete event; a read, a Read Request and its Read Response;
 * a write, a Write Request and its Write Response; a subscription, a write to the CCCD; a notification,
 * a Handle Value Notification. Attribute handles are assigned per link in the order characteristics are
 * first used (value handle, CCCD one above), which is enough for a reader to follow one characteristic.
 */
import type { Advertisement, Link, ScanOptions, Transport, WriteOptions } from '../transport/transport';
import { H4 } from './btsnoop';
import type { BleTraceSink } from './bleTrace';

const ATT = { readReq: 0x0a, readRsp: 0x0b, writeReq: 0x12, writeRsp: 0x13, writeCmd: 0x52, notify: 0x1b, error: 0x01 } as const;

/**
 * Wraps `transport` so every link it opens is traced into `sink`, except while `tracedBelow()` says the
 * transport feeds `sink` the H4 stream itself (a radio process on an HCI binding: electron/radio).
 */
export function traceTransport(transport: Transport, sink: BleTraceSink, tracedBelow: () => boolean = () => false): Transport {
  let nextConnection = 0x0040;
  return {
    get name() {
      return transport.name;
    },
    startScan: (onAdvertisement: (a: Advertisement) => void, options?: ScanOptions) => transport.startScan(onAdvertisement, options),
    stopScan: () => transport.stopScan(),
    close: () => transport.close(),
    async connect(address, options) {
      const link = await transport.connect(address, options);
      if (tracedBelow()) return link;
      const handle = nextConnection;
      nextConnection = nextConnection >= 0x0eff ? 0x0040 : nextConnection + 1;
      sink.record(leConnectionComplete(handle, address), 'received');
      return new TracedLink(link, handle, sink);
    },
  };
}

class TracedLink implements Link {
  private readonly handles = new Map<string, number>();
  private nextHandle = 0x0010;
  private ended = false;

  constructor(
    private readonly link: Link,
    private readonly connection: number,
    private readonly sink: BleTraceSink,
  ) {
    link.onDisconnect(() => this.end(0x08));
  }

  get address() {
    return this.link.address;
  }
  get mtu() {
    return this.link.mtu;
  }
  get connected() {
    return this.link.connected;
  }

  async read(service: string, characteristic: string, options?: { signal?: AbortSignal }): Promise<Uint8Array> {
    const handle = this.handleOf(service, characteristic);
    this.att('sent', [ATT.readReq, ...le16(handle)]);
    try {
      const value = await this.link.read(service, characteristic, options);
      this.att('received', [ATT.readRsp, ...value]);
      return value;
    } catch (error) {
      this.att('received', [ATT.error, ATT.readReq, ...le16(handle), 0x0e]);
      throw error;
    }
  }

  async write(service: string, characteristic: string, data: Uint8Array, options?: WriteOptions): Promise<void> {
    const handle = this.handleOf(service, characteristic);
    // A Write Command has no response on the air, so the trace shows none.
    const command = options?.withoutResponse === true;
    this.att('sent', [command ? ATT.writeCmd : ATT.writeReq, ...le16(handle), ...data]);
    try {
      await this.link.write(service, characteristic, data, options);
      if (!command) this.att('received', [ATT.writeRsp]);
    } catch (error) {
      this.att('received', [ATT.error, ATT.writeReq, ...le16(handle), 0x0e]);
      throw error;
    }
  }

  async subscribe(service: string, characteristic: string, onValue: (value: Uint8Array) => void, options?: { signal?: AbortSignal }) {
    const handle = this.handleOf(service, characteristic);
    this.att('sent', [ATT.writeReq, ...le16(handle + 1), 0x01, 0x00]);
    const unsubscribe = await this.link.subscribe(
      service,
      characteristic,
      (value) => {
        this.att('received', [ATT.notify, ...le16(handle), ...value]);
        onValue(value);
      },
      options,
    );
    this.att('received', [ATT.writeRsp]);
    return async () => {
      this.att('sent', [ATT.writeReq, ...le16(handle + 1), 0x00, 0x00]);
      await unsubscribe();
    };
  }

  onDisconnect(listener: (reason: string) => void): () => void {
    return this.link.onDisconnect(listener);
  }

  async disconnect(): Promise<void> {
    try {
      await this.link.disconnect();
    } finally {
      this.end(0x16); // Connection Terminated by Local Host
    }
  }

  stats() {
    return this.link.stats();
  }

  private end(reason: number): void {
    if (this.ended) return;
    this.ended = true;
    this.sink.record(new Uint8Array([H4.event, 0x05, 0x04, 0x00, ...le16(this.connection), reason]), 'received');
  }

  private handleOf(service: string, characteristic: string): number {
    const key = `${service}/${characteristic}`.toLowerCase();
    let handle = this.handles.get(key);
    if (handle === undefined) {
      handle = this.nextHandle;
      this.nextHandle += 3;
      this.handles.set(key, handle);
    }
    return handle;
  }

  /** One ATT PDU in an L2CAP basic frame (CID 4) in one ACL packet (a trace has no link-layer limit). */
  private att(direction: 'sent' | 'received', pdu: number[]): void {
    const l2cap = [...le16(pdu.length), ...le16(0x0004), ...pdu];
    this.sink.record(new Uint8Array([H4.acl, ...le16(this.connection | 0x2000), ...le16(l2cap.length), ...l2cap]), direction);
  }
}

/** HCI LE Connection Complete (LE Meta event 0x3e, subevent 0x01), we as central, for `address`. */
function leConnectionComplete(handle: number, address: string): Uint8Array {
  const bytes = address.split(/[:-]/).map((h) => parseInt(h, 16));
  const peer = bytes.length === 6 && bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? bytes.reverse() : [0, 0, 0, 0, 0, 0];
  const params = [0x01, 0x00, ...le16(handle), 0x00, 0x01, ...peer, ...le16(0x0018), ...le16(0x0000), ...le16(0x01f4), 0x00];
  return new Uint8Array([H4.event, 0x3e, params.length, ...params]);
}

function le16(value: number): [number, number] {
  return [value & 0xff, (value >> 8) & 0xff];
}
