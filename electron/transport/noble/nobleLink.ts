/**
 * One noble connection as a Link: the device's characteristics found once at connect, every GATT operation
 * through one bounded queue, notifications delivered to subscribers, and the link's end reported once.
 */
import type { Characteristic, Peripheral } from '@stoprocent/noble';
import { FlussError } from '../../protocol/errors';
import type { Link, LinkStats } from '../transport';
import { disconnected, GattQueue } from './gattQueue';

/** ATT_MTU before an exchange (Core Spec Vol 3 Part F 3.2.8). */
const DEFAULT_MTU = 23;
/** L2CAP header plus link-layer overhead per PDU, and the inter frame space, at LE 1M (8 us per octet). */
const OVERHEAD_OCTETS = 4 + 10;
const T_IFS_US = 150;

export class NobleLink implements Link {
  readonly address: string;
  private readonly queue: GattQueue;
  private readonly listeners = new Set<(reason: string) => void>();
  private readonly counters: LinkStats = { pdusOut: 0, pdusIn: 0, bytesOut: 0, bytesIn: 0, airTimeMs: 0 };
  private state: 'open' | 'closing' | 'closed' = 'open';
  private readonly onPeripheralDisconnect: (reason: unknown) => void;

  constructor(
    private readonly peripheral: Peripheral,
    private readonly characteristics: Map<string, Characteristic>,
    options: { gattTimeoutMs: number; disconnectTimeoutMs: number },
  ) {
    this.address = peripheral.address && peripheral.address !== 'unknown' ? peripheral.address.toLowerCase() : peripheral.id;
    this.queue = new GattQueue(options.gattTimeoutMs);
    this.disconnectTimeoutMs = options.disconnectTimeoutMs;
    this.onPeripheralDisconnect = (reason) => this.lost(describeReason(reason));
    peripheral.once('disconnect', this.onPeripheralDisconnect);
  }

  private readonly disconnectTimeoutMs: number;

  get mtu(): number {
    return this.peripheral.mtu ?? DEFAULT_MTU;
  }

  get connected(): boolean {
    return this.state === 'open';
  }

  async read(service: string, characteristic: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const target = this.find(service, characteristic);
    return await this.queue.run(
      'a read',
      async () => {
        this.count('out', 3);
        const value = await target.readAsync();
        this.count('in', value.length + 1);
        return new Uint8Array(value);
      },
      options.signal,
    );
  }

  async write(service: string, characteristic: string, data: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (data.length > this.mtu - 3) {
      throw new FlussError('PROTOCOL_ERROR', `A write of ${data.length} bytes exceeds ATT_MTU - 3 (${this.mtu - 3}).`);
    }
    const target = this.find(service, characteristic);
    await this.queue.run(
      'a write',
      async () => {
        this.count('out', data.length + 3);
        await target.writeAsync(Buffer.from(data), false);
        this.count('in', 1);
      },
      options.signal,
    );
  }

  async subscribe(service: string, characteristic: string, onValue: (value: Uint8Array) => void, options: { signal?: AbortSignal } = {}) {
    const target = this.find(service, characteristic);
    const onData = (data: Buffer, isNotification: boolean) => {
      if (!isNotification || !this.connected) return;
      this.count('in', data.length + 3);
      onValue(new Uint8Array(data));
    };
    target.on('data', onData);
    try {
      await this.queue.run(
        'enabling notifications',
        async () => {
          this.count('out', 5); // the CCCD write
          await target.subscribeAsync();
          this.count('in', 1);
        },
        options.signal,
      );
    } catch (error) {
      target.removeListener('data', onData);
      throw error;
    }
    return async () => {
      target.removeListener('data', onData);
      if (this.connected) await this.queue.run('disabling notifications', () => target.unsubscribeAsync());
    };
  }

  onDisconnect(listener: (reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the link; bounded, since noble's disconnect never settles without Disconnection Complete. */
  async disconnect(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.queue.linkDown('closed by the app');
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.disconnectTimeoutMs);
      this.peripheral.disconnectAsync().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        () => resolve(),
      );
    });
    await done;
    this.peripheral.removeListener('disconnect', this.onPeripheralDisconnect);
    this.state = 'closed';
  }

  stats(): LinkStats {
    return { ...this.counters, airTimeMs: Math.round(this.counters.airTimeMs * 1000) / 1000 };
  }

  private lost(reason: string): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.queue.linkDown(reason);
    for (const listener of this.listeners) listener(reason);
  }

  private find(service: string, characteristic: string): Characteristic {
    if (!this.connected || this.queue.isDown) throw disconnected('the link was closed');
    const found = this.characteristics.get(key(service, characteristic));
    if (!found) throw new FlussError('PROTOCOL_ERROR', `The device has no characteristic ${characteristic} in service ${service}.`, 'Check the device firmware is a Fluss+ firmware.');
    return found;
  }

  /** Counts one ATT PDU and estimates its air time (the controller's own figure is not visible to a host). */
  private count(direction: 'in' | 'out', attBytes: number): void {
    if (direction === 'out') {
      this.counters.pdusOut += 1;
      this.counters.bytesOut += attBytes;
    } else {
      this.counters.pdusIn += 1;
      this.counters.bytesIn += attBytes;
    }
    this.counters.airTimeMs += ((attBytes + OVERHEAD_OCTETS) * 8 + T_IFS_US) / 1000;
  }
}

export function key(service: string, characteristic: string): string {
  return `${service.replace(/-/g, '').toLowerCase()}/${characteristic.replace(/-/g, '').toLowerCase()}`;
}

/** noble passes the HCI reason code (0x08 supervision timeout, 0x13 remote user terminated, ...). */
function describeReason(reason: unknown): string {
  if (typeof reason === 'number') {
    const known: Record<number, string> = { 0x08: 'supervision timeout', 0x13: 'the device ended the connection', 0x16: 'ended by this computer', 0x3e: 'connection failed to be established' };
    return `${known[reason] ?? 'link lost'}, HCI reason 0x${reason.toString(16).padStart(2, '0')}`;
  }
  return typeof reason === 'string' && reason !== '' ? reason : 'link lost';
}
