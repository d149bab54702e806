/**
 * The in-process air: a Transport whose peripherals are simulated devices. It charges realistic air time
 * (one connection interval per ATT exchange, adverts repeated at the advertising interval, RSSI with
 * noise) so timings and PDU counts resemble a real link, and every operation can be counted.
 */
import { FlussError } from '../protocol/errors';
import { PROFILES } from '../protocol/gattProfile';
import type { Advertisement, Link, LinkStats, ScanOptions, Transport } from '../transport/transport';
import type { AdvertisingData, Peripheral, PeripheralConnection } from './peripheral';
import { abortableSleep } from '../transport/abortableSleep';
import { Supervision } from './supervision';

export interface Advertiser {
  address: string;
  rssi: number;
  advertising(): AdvertisingData | Omit<Advertisement, 'address' | 'rssi' | 'receivedAt'>;
}

export interface AirOptions {
  connectionIntervalMs: number;
  advertisingIntervalMs: number;
  mtu: number;
  /** Standard deviation of the RSSI noise, in dB. */
  rssiNoiseDb?: number;
  /** How long a link to a vanished device lives on (supervision.ts; default 4 s). */
  supervisionTimeoutMs?: number;
}

export class SimTransport implements Transport {
  readonly name = 'sim';
  private scanTimers: NodeJS.Timeout[] = [];
  private readonly links = new Set<SimLink>();
  /** Fault injection, by device address: what goes wrong on the next links to it. */
  readonly faults = {
    /** Drop the link after this many ATT PDUs from the central. */
    dropAfterPdus: new Map<string, number>(),
    /** Lose this many notifications on the control point (replies lost on air); events still arrive. */
    loseReplies: new Map<string, number>(),
  };

  /** Devices that vanished (power cut, out of range): see vanish(). */
  readonly supervision: Supervision;

  constructor(
    private readonly peripherals: (Peripheral & { rssi: number })[],
    private readonly others: Advertiser[],
    readonly air: AirOptions,
  ) {
    this.supervision = new Supervision(air.supervisionTimeoutMs);
  }

  startScan(onAdvertisement: (advertisement: Advertisement) => void, options: ScanOptions = {}): Promise<void> {
    void this.stopScan();
    const wanted = options.serviceUuids?.map((u) => u.toLowerCase()) ?? [];
    const advertisers: Advertiser[] = [...this.peripherals, ...this.others];
    for (const advertiser of advertisers) {
      const emit = () => {
        if (this.supervision.isGone(advertiser.address)) return;
        const data = advertiser.advertising();
        if (wanted.length > 0 && !data.serviceUuids.some((u) => wanted.includes(u))) return;
        onAdvertisement({
          address: advertiser.address,
          ...(data.localName === undefined ? {} : { localName: data.localName }),
          serviceUuids: data.serviceUuids,
          ...(data.manufacturerData === undefined ? {} : { manufacturerData: data.manufacturerData }),
          rssi: Math.round(advertiser.rssi + gaussian() * (this.air.rssiNoiseDb ?? 3)),
          receivedAt: Date.now(),
        });
      };
      // Advertisers are not synchronised: the first report comes somewhere within the first interval.
      const interval = this.air.advertisingIntervalMs;
      this.scanTimers.push(
        setTimeout(() => {
          emit();
          this.scanTimers.push(setInterval(emit, interval));
        }, Math.random() * interval),
      );
    }
    options.signal?.addEventListener('abort', () => void this.stopScan(), { once: true });
    return Promise.resolve();
  }

  stopScan(): Promise<void> {
    for (const timer of this.scanTimers) clearTimeout(timer);
    this.scanTimers = [];
    return Promise.resolve();
  }

  async connect(address: string, options: { signal?: AbortSignal } = {}): Promise<Link> {
    const peripheral = this.peripherals.find((p) => p.address === address.toLowerCase());
    // Connection setup: the connect request plus the MTU exchange, each one interval on air.
    await abortableSleep(this.air.connectionIntervalMs * 2, options.signal);
    await this.supervision.answered(address, options.signal);
    if (!peripheral) {
      throw new FlussError('DEVICE_NOT_FOUND', `No device answers at ${address}.`, 'Move closer and scan again.');
    }
    const link = new SimLink(peripheral, this.air, this.faults, this.supervision);
    this.links.add(link);
    link.onDisconnect(() => this.links.delete(link));
    return link;
  }

  /**
   * Fault injection: `address` vanishes (power cut, out of range). It stops advertising and answering at
   * once; its links end with "supervision timeout" after the supervision timeout (supervision.ts).
   */
  vanish(address: string): void {
    this.supervision.vanish(address, [...this.links].filter((link) => link.address === address.toLowerCase()));
  }

  /** Fault injection: every live link to `address` is lost at once. */
  cutLinks(address: string): void {
    for (const link of this.links) if (link.address === address) link.lose('link lost (supervision timeout)');
  }

  async close(): Promise<void> {
    this.supervision.clear();
    await this.stopScan();
    await Promise.all([...this.links].map((link) => link.disconnect()));
  }
}

type Listener = (value: Uint8Array) => void;

const CONTROL_POINTS = new Set(Object.values(PROFILES).map((p) => p.control));

class SimLink implements Link {
  readonly address: string;
  readonly mtu: number;
  private connection: PeripheralConnection | undefined;
  private readonly subscriptions = new Map<string, Listener>();
  private readonly disconnectListeners = new Set<(reason: string) => void>();
  private readonly counters: LinkStats = { pdusOut: 0, pdusIn: 0, bytesOut: 0, bytesIn: 0, airTimeMs: 0 };
  /** Notifications arrive in order, one connection event each. */
  private deliveries: Promise<void> = Promise.resolve();
  private readonly down = new AbortController();

  private pdusUntilDrop: number | undefined;

  constructor(
    peripheral: Peripheral,
    private readonly air: AirOptions,
    private readonly faults: SimTransport['faults'],
    private readonly supervision: Supervision,
  ) {
    this.address = peripheral.address;
    this.pdusUntilDrop = faults.dropAfterPdus.get(peripheral.address);
    this.mtu = air.mtu;
    this.connection = peripheral.accept({
      mtu: air.mtu,
      notify: (service, characteristic, value) => this.deliver(service, characteristic, value),
      disconnect: (reason) => this.drop(reason),
    });
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  async read(service: string, characteristic: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    await this.exchange(0, options.signal);
    const value = await this.live().read(service, characteristic);
    this.count('in', value.length);
    return value;
  }

  async write(service: string, characteristic: string, data: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (data.length > this.mtu - 3) throw new FlussError('PROTOCOL_ERROR', `A write of ${data.length} bytes exceeds ATT_MTU - 3.`);
    await this.exchange(data.length, options.signal);
    await this.live().write(service, characteristic, data);
    this.count('in', 0);
  }

  async subscribe(service: string, characteristic: string, onValue: Listener, options: { signal?: AbortSignal } = {}) {
    await this.exchange(2, options.signal); // the CCCD write
    this.live().setNotify(service, characteristic, true);
    const key = `${service}/${characteristic}`;
    this.subscriptions.set(key, onValue);
    return async () => {
      this.subscriptions.delete(key);
      if (!this.connection) return;
      await this.exchange(2);
      this.live().setNotify(service, characteristic, false);
    };
  }

  onDisconnect(listener: (reason: string) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  disconnect(): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  stats(): LinkStats {
    return { ...this.counters };
  }

  private live(): PeripheralConnection {
    if (!this.connection) throw new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.');
    return this.connection;
  }

  /** One ATT request/response: a connection event on air, or the link drops if fault injection says so. */
  private async exchange(bytesOut: number, signal?: AbortSignal): Promise<void> {
    this.live();
    this.count('out', bytesOut);
    if (this.pdusUntilDrop !== undefined && --this.pdusUntilDrop < 0) {
      this.drop('link lost (injected)');
      this.live();
    }
    await abortableSleep(this.air.connectionIntervalMs, anySignal(signal, this.down.signal));
    // A vanished peer answers nothing: the exchange waits until it is back or the link ends.
    await this.supervision.answered(this.address, anySignal(signal, this.down.signal));
    this.counters.airTimeMs += this.air.connectionIntervalMs;
    this.live();
  }

  private deliver(service: string, characteristic: string, value: Uint8Array): void {
    if (this.supervision.isGone(this.address)) return; // nothing leaves a vanished device
    const toLose = this.faults.loseReplies.get(this.address) ?? 0;
    if (toLose > 0 && CONTROL_POINTS.has(characteristic)) {
      this.faults.loseReplies.set(this.address, toLose - 1);
      return;
    }
    this.deliveries = this.deliveries.then(async () => {
      if (!this.connection) return;
      await abortableSleep(this.air.connectionIntervalMs, this.down.signal).catch(() => undefined);
      if (!this.connected) return;
      this.count('in', value.length);
      this.counters.airTimeMs += this.air.connectionIntervalMs;
      this.subscriptions.get(`${service}/${characteristic}`)?.(value);
    });
  }

  private count(direction: 'in' | 'out', bytes: number): void {
    if (direction === 'out') {
      this.counters.pdusOut += 1;
      this.counters.bytesOut += bytes;
    } else {
      this.counters.pdusIn += 1;
      this.counters.bytesIn += bytes;
    }
  }

  lose(reason: string): void {
    this.drop(reason);
  }

  private drop(reason: string): void {
    if (!this.connection) return;
    this.close();
    for (const listener of this.disconnectListeners) listener(reason);
  }

  private close(): void {
    const connection = this.connection;
    this.connection = undefined;
    this.down.abort(new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.'));
    connection?.disconnected();
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

/** Box-Muller: RSSI noise is roughly normal around the mean. */
function gaussian(): number {
  const u = 1 - Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}
