/**
 * The shared virtual air that N virtual controllers (and plain beacons) talk through: advertising events at
 * each advertiser's interval, scan reports with RSSI noise, connection set-up on the target's next
 * advertisement, and the links between connected controllers. Fault injection lives here, keyed by address.
 */
import { AirLink, type AirLinkStats, type LinkEnd, type LinkEndpoint } from './airLink';
import { ADV } from './constants';

export interface AirOptions {
  /** Replaces every advertiser's own interval (tests use a short one). */
  advertisingIntervalMs?: number;
  /** Interval of new connections; absent, the central's minimum (Vol 4 Part E 7.8.12). */
  connectionIntervalMs?: number;
  /** Replaces the supervision timeout the central asks for. */
  supervisionTimeoutMs?: number;
  /** Standard deviation of RSSI noise in dB (default 3). */
  rssiNoiseDb?: number;
  /** How many of the latest links `history` keeps for counters (default LINK_HISTORY_KEPT). */
  linkHistoryKept?: number;
}

/**
 * Links kept in `history` by default: far more than any test makes on one air, and a bound for
 * `fluss sim hci`, whose air would otherwise keep every link of a day's work with its counters.
 */
export const LINK_HISTORY_KEPT = 1_000;

/** What an advertiser puts on air in one advertising event. */
export interface AdvertisingPdu {
  /** ADV.ind (connectable), ADV.scanInd or ADV.nonconnInd. */
  type: number;
  data: Buffer;
  scanResponse: Buffer;
}

/** A radio on the air: a virtual controller, seen from the air's side. */
export interface AirRadio extends LinkEndpoint {
  /** Mean RSSI other radios measure from this one. */
  readonly rssi: number;
  /** Advertising of this radio, or undefined when it does not advertise. */
  advertising(): (AdvertisingPdu & { intervalMs: number }) | undefined;
  /** A report heard while scanning (the radio decides whether its host wants it). */
  hear(type: number, address: string, data: Buffer, rssi: number): void;
  /** This radio is in a connection as `role`; `link` carries its data from now on. */
  connected(link: AirLink, end: LinkEnd, role: 'central' | 'peripheral', peerAddress: string): void;
  /** A handle for a new connection on this radio. */
  allocateHandle(): number;
  /** Connectable advertising ends when a central connects (Vol 6 Part B 4.4.2). */
  advertisingEnded(): void;
  /** Is it scanning, and actively (sending scan requests, so it hears scan responses)? */
  scanning(): 'no' | 'passive' | 'active';
}

/** A non-connectable advertiser with no host behind it (the phones and tags at a site). */
export interface Beacon {
  address: string;
  rssi: number;
  data: Buffer;
  scanResponse?: Buffer;
  intervalMs?: number;
}

export interface ConnectRequest {
  minIntervalMs: number;
  latency: number;
  supervisionTimeoutMs: number;
}

export class VirtualAir {
  private readonly radios = new Set<AirRadio>();
  private readonly advertisingTimers = new Map<AirRadio | Beacon, NodeJS.Timeout>();
  private readonly initiators = new Map<AirRadio, { target: string; request: ConnectRequest }>();
  private readonly live = new Set<AirLink>();
  /** The latest links made (open or closed, oldest first, at most linkHistoryKept), for counters. */
  readonly history: { central: string; peripheral: string; link: AirLink }[] = [];

  /** Fault injection, by device address; each applies to links made after it is set. */
  readonly faults = {
    /** The next link to this address is lost right after this many ACL packets cross it (then cleared). */
    dropAfterAclPackets: new Map<string, number>(),
    /**
     * The next `links` links to this address are each lost right after `afterAclPackets` ACL packets: a
     * retry's link is dropped too, so a request's retries (and the "outcome unknown" branch) are exercised
     * more than once (link issue #8, item 4). Counted down as links are made; removed at zero.
     */
    dropLinks: new Map<string, { links: number; afterAclPackets: number }>(),
    /** This address's host takes data from its controller and never answers (a hung host). */
    silentHosts: new Set<string>(),
    /** Extra latency on every ACL packet to or from this address. */
    delayMs: new Map<string, number>(),
  };

  constructor(readonly options: AirOptions = {}) {}

  join(radio: AirRadio): void {
    this.radios.add(radio);
  }

  leave(radio: AirRadio): void {
    this.stopAdvertising(radio);
    this.initiators.delete(radio);
    this.radios.delete(radio);
  }

  addBeacon(beacon: Beacon): void {
    this.advertise(beacon);
  }

  /** Starts (or restarts) advertising events for a radio whose host enabled advertising. */
  startAdvertising(radio: AirRadio): void {
    this.stopAdvertising(radio);
    this.advertise(radio);
  }

  stopAdvertising(radio: AirRadio): void {
    clearTimeout(this.advertisingTimers.get(radio));
    this.advertisingTimers.delete(radio);
  }

  /** LE Create Connection: the connection is made at the target's next connectable advertising event. */
  initiate(radio: AirRadio, target: string, request: ConnectRequest): void {
    this.initiators.set(radio, { target: target.toLowerCase(), request });
  }

  /** Returns whether an attempt was pending. */
  cancelInitiate(radio: AirRadio): boolean {
    return this.initiators.delete(radio);
  }

  /** Cuts every live link to `address` now, as when the device loses power. */
  loseLinks(address: string): void {
    for (const link of this.live) {
      if (link.central.endpoint.address === address || link.peripheral.endpoint.address === address) link.lose();
    }
  }

  /** Counters of the links in `history` with `address` at either end, newest last. */
  linkStats(address: string): AirLinkStats[] {
    return this.history
      .filter((h) => h.central === address.toLowerCase() || h.peripheral === address.toLowerCase())
      .map((h) => structuredClone(h.link.stats));
  }

  links(): AirLink[] {
    return [...this.live];
  }

  /** A measured RSSI: the radio's mean plus Gaussian noise, clamped to what HCI can carry. */
  measure(meanRssi: number): number {
    const noise = gaussian() * (this.options.rssiNoiseDb ?? 3);
    return Math.max(-127, Math.min(20, Math.round(meanRssi + noise)));
  }

  close(): void {
    for (const timer of this.advertisingTimers.values()) clearTimeout(timer);
    this.advertisingTimers.clear();
    for (const link of [...this.live]) link.dispose();
    this.initiators.clear();
  }

  private advertise(source: AirRadio | Beacon): void {
    const interval = () => this.options.advertisingIntervalMs ?? ('advertising' in source ? source.advertising()?.intervalMs : source.intervalMs) ?? 100;
    // advDelay: a random 0-10 ms added to every interval so advertisers drift apart (Vol 6 Part B 4.4.2.2).
    const next = (first: boolean) => {
      const wait = first ? Math.random() * interval() : interval() + Math.random() * 10;
      this.advertisingTimers.set(
        source,
        setTimeout(() => {
          if (this.advertisingEvent(source)) next(false);
        }, wait),
      );
    };
    next(true);
  }

  /** One advertising event; returns whether the source keeps advertising. */
  private advertisingEvent(source: AirRadio | Beacon): boolean {
    const pdu: AdvertisingPdu | undefined =
      'advertising' in source ? source.advertising() : beaconPdu(source);
    if (!pdu) return false;
    const address = source.address.toLowerCase();
    if ('advertising' in source && pdu.type === ADV.ind) {
      for (const [initiator, attempt] of this.initiators) {
        if (attempt.target !== address || initiator === source) continue;
        this.initiators.delete(initiator);
        this.connect(initiator, source, attempt.request);
        source.advertisingEnded();
        this.advertisingTimers.delete(source);
        return false;
      }
    }
    for (const radio of this.radios) {
      if (radio === source) continue;
      const scanning = radio.scanning();
      if (scanning === 'no') continue;
      radio.hear(pdu.type, address, pdu.data, this.measure(source.rssi));
      // Active scanners send SCAN_REQ to scannable advertisers and hear their SCAN_RSP in the same event.
      if (scanning === 'active' && (pdu.type === ADV.ind || pdu.type === ADV.scanInd)) {
        radio.hear(ADV.scanRsp, address, pdu.scanResponse, this.measure(source.rssi));
      }
    }
    return true;
  }

  private connect(centralRadio: AirRadio, peripheralRadio: AirRadio, request: ConnectRequest): void {
    const central: LinkEnd = { endpoint: centralRadio, handle: centralRadio.allocateHandle() };
    const peripheral: LinkEnd = { endpoint: peripheralRadio, handle: peripheralRadio.allocateHandle() };
    const dropAfter =
      this.take(this.faults.dropAfterAclPackets, peripheralRadio.address) ??
      this.take(this.faults.dropAfterAclPackets, centralRadio.address) ??
      this.takeRepeated(peripheralRadio.address) ??
      this.takeRepeated(centralRadio.address);
    const link = new AirLink(
      central,
      peripheral,
      this.options.connectionIntervalMs ?? request.minIntervalMs,
      request.latency,
      this.options.supervisionTimeoutMs ?? request.supervisionTimeoutMs,
      {
        ...(dropAfter === undefined ? {} : { dropAfterAclPackets: dropAfter }),
        hostSilent: (address) => this.faults.silentHosts.has(address.toLowerCase()),
        delayMs: (address) => this.faults.delayMs.get(address.toLowerCase()) ?? 0,
      },
      (closed) => this.live.delete(closed),
    );
    this.live.add(link);
    this.history.push({ central: centralRadio.address.toLowerCase(), peripheral: peripheralRadio.address.toLowerCase(), link });
    if (this.history.length > (this.options.linkHistoryKept ?? LINK_HISTORY_KEPT)) this.history.shift();
    centralRadio.connected(link, central, 'central', peripheralRadio.address);
    peripheralRadio.connected(link, peripheral, 'peripheral', centralRadio.address);
  }

  /** One link's share of a repeated drop: its packet count, and one link fewer left to drop. */
  private takeRepeated(address: string): number | undefined {
    const key = address.toLowerCase();
    const drop = this.faults.dropLinks.get(key);
    if (drop === undefined || drop.links <= 0) return undefined;
    if (drop.links === 1) this.faults.dropLinks.delete(key);
    else this.faults.dropLinks.set(key, { ...drop, links: drop.links - 1 });
    return drop.afterAclPackets;
  }

  private take(map: Map<string, number>, address: string): number | undefined {
    const value = map.get(address.toLowerCase());
    map.delete(address.toLowerCase());
    return value;
  }
}

/** A beacon with a scan response is scannable (ADV_SCAN_IND); without one it only broadcasts. */
function beaconPdu(beacon: Beacon): AdvertisingPdu {
  const scanResponse = beacon.scanResponse ?? Buffer.alloc(0);
  return { type: scanResponse.length > 0 ? ADV.scanInd : ADV.nonconnInd, data: beacon.data, scanResponse };
}

/** Box-Muller: RSSI noise is roughly normal around the mean. */
function gaussian(): number {
  const u = 1 - Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}
