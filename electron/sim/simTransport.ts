/**
 * The in-process air: a Transport whose peripherals are simulated devices. It charges realistic air time
 * (one connection interval per ATT exchange, adverts repeated at the advertising interval, RSSI with
 * noise) so timings and PDU counts resemble a real link, and every operation can be counted.
 */
import { FlussError } from '../protocol/errors';
import { PROFILES } from '../protocol/gattProfile';
import { FRAME_EVENT } from '../protocol/handshakeFrames';
import type { Advertisement, Link, LinkStats, ScanOptions, Transport, WriteOptions } from '../transport/transport';
import type { AdvertisingData, Peripheral, PeripheralConnection } from './peripheral';
import { abortableSleep } from '../transport/abortableSleep';
import { AttCounters } from '../transport/att/attCounters';
import { ATT, DEFAULT_ATT_MTU, mtuRequest } from '../transport/att/attPdu';
import { HandleAccess, resolveLayout, type LayoutRequest } from '../transport/att/handleAccess';
import { fluss, MemoryGattCache, type GattCache } from '../transport/gattCache';
import { fillerCharacteristics, profileCharacteristics, profileOf } from './gattRoles';
import { SimBearer } from './simBearer';
import { SimGattServer } from './simGatt';
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
    /** What is known of each device's GATT layout, as on the noble path (absent: kept in memory). */
    readonly gattCache: GattCache = new MemoryGattCache(),
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
    // Connection setup: the connect request, one interval on air (the MTU exchange follows as ATT PDUs).
    await abortableSleep(this.air.connectionIntervalMs, options.signal);
    await this.supervision.answered(address, options.signal);
    if (!peripheral) {
      throw new FlussError('DEVICE_NOT_FOUND', `No device answers at ${address}.`, 'Move closer and scan again.');
    }
    // Forgotten when it ends either way: onDisconnect hears only losses, not the app's own disconnect().
    const link = new SimLink(peripheral, this.air, this.faults, this.supervision, (closed) => this.links.delete(closed));
    this.links.add(link);
    try {
      await link.open(this.layoutRequest(peripheral), options.signal);
    } catch (error) {
      await link.disconnect();
      throw error;
    }
    return link;
  }

  /** As NobleTransport keys its cache: the device's advertised id, firmware and profile. */
  private layoutRequest(peripheral: Peripheral): LayoutRequest {
    const advertised = peripheral.advertising();
    const known = fluss(advertised.manufacturerData);
    if (known) return { wanted: known.wanted, key: known.key, cache: this.gattCache };
    return { wanted: advertised.serviceUuids.map((uuid) => ({ uuid })) };
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
  private connection: PeripheralConnection | undefined;
  private readonly disconnectListeners = new Set<(reason: string) => void>();
  private readonly counters = new AttCounters();
  private readonly bearer: SimBearer;
  private access: HandleAccess | undefined;
  /** Notifications arrive in order, one connection event each. */
  private deliveries: Promise<void> = Promise.resolve();
  private readonly down = new AbortController();
  /** Inside a reply that fault injection is losing, packet by packet. */
  private losing = false;

  private pdusUntilDrop: number | undefined;

  constructor(
    peripheral: Peripheral,
    private readonly air: AirOptions,
    private readonly faults: SimTransport['faults'],
    private readonly supervision: Supervision,
    /** The link ended either way (lost, or disconnect()): the transport forgets it. */
    private readonly onClosed: (link: SimLink) => void,
  ) {
    this.address = peripheral.address;
    this.pdusUntilDrop = faults.dropAfterPdus.get(peripheral.address);
    // The server needs the connection and the connection reports the server's MTU: one is set after the other.
    const settled: { server?: SimGattServer } = {};
    this.connection = peripheral.accept({
      // The device's notifications are cut to the MTU the exchange settled.
      get mtu() {
        return settled.server?.negotiatedMtu ?? DEFAULT_ATT_MTU;
      },
      notify: (_service, characteristic, value) => this.deliver(characteristic, value),
      disconnect: (reason) => this.drop(reason),
    });
    const advertised = peripheral.advertising();
    const profile = profileOf(advertised.serviceUuids);
    const characteristics = [...fillerCharacteristics(peripheral.gattFillers ?? 0), ...(profile ? profileCharacteristics(profile) : [])];
    const server = new SimGattServer(profile?.service ?? '', characteristics, this.connection, air.mtu, advertised.localName);
    settled.server = server;
    this.bearer = new SimBearer(server, this.counters, {
      beforeSend: () => this.beforeSend(),
      carry: (signal) => this.carry(signal),
    });
  }

  /** The MTU exchange, then the layout: from the cache (validated with one request) or by discovery. */
  async open(request: LayoutRequest, signal?: AbortSignal): Promise<void> {
    const response = await this.bearer.request(mtuRequest(this.air.mtu), signal);
    if (response[0] !== ATT.mtuRsp) throw new FlussError('PROTOCOL_ERROR', 'The device refused the MTU exchange.');
    const { layout, source } = await resolveLayout(this.bearer, request, signal);
    this.access = new HandleAccess(this.bearer, layout, source);
  }

  get mtu(): number {
    return this.bearer.mtu;
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** Where the layout came from: 'cache', 'discovered' or 'rediscovered'. */
  get layoutSource(): HandleAccess['source'] | undefined {
    return this.access?.source;
  }

  async read(service: string, characteristic: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    return this.live().read(service, characteristic, options.signal);
  }

  async write(service: string, characteristic: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    if (data.length > this.mtu - 3) throw new FlussError('PROTOCOL_ERROR', `A write of ${data.length} bytes exceeds ATT_MTU - 3.`);
    await this.live().write(service, characteristic, data, options.withoutResponse === true, options.signal);
  }

  async subscribe(service: string, characteristic: string, onValue: Listener, options: { signal?: AbortSignal } = {}) {
    await this.live().enableNotifications(service, characteristic, onValue, options.signal);
    return async () => {
      if (!this.connection) return;
      await this.live().disableNotifications(service, characteristic);
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
    return this.counters.snapshot();
  }

  private live(): HandleAccess {
    if (!this.connection || !this.access) throw new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.');
    return this.access;
  }

  private beforeSend(): void {
    if (!this.connection) throw new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.');
    if (this.pdusUntilDrop !== undefined && --this.pdusUntilDrop < 0) {
      this.drop('link lost (injected)');
      throw new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.');
    }
  }

  /** One PDU on air: the next connection event carries it; a vanished peer answers nothing until the link ends. */
  private async carry(signal?: AbortSignal): Promise<void> {
    await abortableSleep(this.air.connectionIntervalMs, anySignal(signal, this.down.signal));
    await this.supervision.answered(this.address, anySignal(signal, this.down.signal));
    this.counters.addAirTime(this.air.connectionIntervalMs);
    if (!this.connection) throw new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.');
  }

  /**
   * Fault injection: loses every packet of the next `loseReplies` replies (and ERROR or HELLO_REPLY frames),
   * never an EVENT frame, which shares the control characteristic since protocol version 2.
   */
  private loseReply(packet: Uint8Array): boolean {
    const header = packet[0] ?? 0;
    if (header & 0x80) {
      const toLose = this.faults.loseReplies.get(this.address) ?? 0;
      this.losing = toLose > 0 && packet[1] !== FRAME_EVENT;
      if (this.losing) this.faults.loseReplies.set(this.address, toLose - 1);
    }
    const lost = this.losing;
    if (header & 0x40) this.losing = false;
    return lost;
  }

  private deliver(characteristic: string, value: Uint8Array): void {
    if (this.supervision.isGone(this.address)) return; // nothing leaves a vanished device
    if (CONTROL_POINTS.has(characteristic) && this.loseReply(value)) return;
    this.deliveries = this.deliveries.then(async () => {
      if (!this.connection) return;
      await abortableSleep(this.air.connectionIntervalMs, this.down.signal).catch(() => undefined);
      if (!this.connected) return;
      this.counters.addAirTime(this.air.connectionIntervalMs);
      this.bearer.deliver(characteristic, value);
    });
  }

  lose(reason: string): void {
    this.drop(reason);
  }

  private drop(reason: string): void {
    if (!this.connection) return;
    this.close();
    for (const listener of this.disconnectListeners) listener(reason);
    this.disconnectListeners.clear();
  }

  private close(): void {
    const connection = this.connection;
    this.connection = undefined;
    this.access?.close();
    this.down.abort(new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.'));
    if (!connection) return;
    connection.disconnected();
    this.onClosed(this);
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
