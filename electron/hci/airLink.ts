/**
 * One LE connection on the virtual air, between a central's and a peripheral's controller. Data moves
 * only at connection events (one every connection interval, Core Spec Vol 6 Part B 4.5.1), in link-layer
 * PDUs no longer than the negotiated data length, so an ATT exchange costs air time as on a real link.
 * A lost link goes silent and both hosts hear of it only when the supervision timeout runs out.
 */
import { countAttPdu, emptyAttCounts, type AttCounts } from './attCounts';
import { LL_DEFAULT_OCTETS, LL_MAX_OCTETS, PB, STATUS } from './constants';

/** What a controller does for the link: the host-facing side of each end. */
export interface LinkEndpoint {
  readonly address: string;
  /** ACL data arrived for this controller's host. */
  deliverAcl(handle: number, pb: number, data: Buffer): void;
  /** Packets this host sent have left the controller: it gets the buffer credits back. */
  completedPackets(handle: number, count: number): void;
  linkClosed(handle: number, reason: number): void;
  dataLengthChanged(handle: number, txOctets: number, rxOctets: number): void;
  connectionUpdated(handle: number, intervalMs: number, latency: number, supervisionTimeoutMs: number): void;
}

export interface LinkEnd {
  endpoint: LinkEndpoint;
  handle: number;
}

/** Counters for tests and benchmarks; "out" is central to peripheral. */
export interface AirLinkStats {
  attPdusOut: number;
  attPdusIn: number;
  attBytesOut: number;
  attBytesIn: number;
  aclPackets: number;
  llPdus: number;
  connectionEvents: number;
  /** Air time of the events that carried data, in microseconds at the LE 1M PHY. */
  airTimeUs: number;
  /** ATT PDUs by class and by opcode, both directions (attCounts.ts). */
  att: AttCounts;
}

export interface LinkFaults {
  /** The link is lost right after this many ACL packets (both directions) have crossed it. */
  dropAfterAclPackets?: number;
  /** Is this address's host silent (it takes data from its controller but never answers)? */
  hostSilent(address: string): boolean;
  /** Extra latency added to every ACL packet sent from or to `address`. */
  delayMs(address: string): number;
}

interface LlPdu {
  data: Buffer;
  pb: number;
  /** The last PDU of a host's ACL packet: when it is sent, the sender gets a credit back. */
  endsHostPacket: boolean;
}

type Direction = 'toPeripheral' | 'toCentral';

/** Link-layer PDUs each side may send per connection event (the More Data bit lets several through). */
const PDUS_PER_EVENT = 6;
/** Inter frame space between packets of an event (Vol 6 Part B 4.1.1). */
const T_IFS_US = 150;

export class AirLink {
  readonly stats: AirLinkStats = { attPdusOut: 0, attPdusIn: 0, attBytesOut: 0, attBytesIn: 0, aclPackets: 0, llPdus: 0, connectionEvents: 0, airTimeUs: 0, att: emptyAttCounts() };
  private state: 'open' | 'lost' | 'closed' = 'open';
  private readonly anchor = performance.now();
  private readonly queues: Record<Direction, LlPdu[]> = { toPeripheral: [], toCentral: [] };
  private readonly octets: Record<Direction, number> = { toPeripheral: LL_DEFAULT_OCTETS, toCentral: LL_DEFAULT_OCTETS };
  private eventTimer: NodeJS.Timeout | undefined;
  private supervisionTimer: NodeJS.Timeout | undefined;
  private terminating: { by: LinkEnd; reason: number } | undefined;
  /** A host that disconnected after the link was lost: it already has its Disconnection Complete. */
  private endedLocally: LinkEnd | undefined;
  private pendingUpdate: { intervalMs: number; latency: number; supervisionTimeoutMs: number } | undefined;
  private readonly delayed = new Set<NodeJS.Timeout>();

  constructor(
    readonly central: LinkEnd,
    readonly peripheral: LinkEnd,
    public intervalMs: number,
    public latency: number,
    public supervisionTimeoutMs: number,
    private readonly faults: LinkFaults,
    private readonly onClosed: (link: AirLink) => void,
  ) {}

  get open(): boolean {
    return this.state !== 'closed';
  }

  /** The end opposite `end`. */
  other(end: LinkEnd): LinkEnd {
    return end === this.central ? this.peripheral : this.central;
  }

  /** A host handed its controller one ACL packet for this link. */
  send(from: LinkEnd, pb: number, data: Buffer): void {
    if (this.state === 'closed') return;
    const direction: Direction = from === this.central ? 'toPeripheral' : 'toCentral';
    this.count(direction, pb, data);
    const delay = this.faults.delayMs(from.endpoint.address) + this.faults.delayMs(this.other(from).endpoint.address);
    if (delay <= 0) {
      this.enqueue(direction, pb, data);
      return;
    }
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      this.enqueue(direction, pb, data);
    }, delay);
    this.delayed.add(timer);
  }

  /** LE Set Data Length from `from`'s host: its transmit direction may use longer PDUs (the peer supports 251). */
  setDataLength(from: LinkEnd, txOctets: number): void {
    const direction: Direction = from === this.central ? 'toPeripheral' : 'toCentral';
    const octets = Math.max(LL_DEFAULT_OCTETS, Math.min(txOctets, LL_MAX_OCTETS));
    if (this.octets[direction] === octets) return;
    this.octets[direction] = octets;
    // The LL_LENGTH_REQ/RSP procedure takes one event; then both controllers report the new lengths.
    setTimeout(() => {
      if (this.state !== 'open') return;
      this.central.endpoint.dataLengthChanged(this.central.handle, this.octets.toPeripheral, this.octets.toCentral);
      this.peripheral.endpoint.dataLengthChanged(this.peripheral.handle, this.octets.toCentral, this.octets.toPeripheral);
    }, this.intervalMs);
  }

  /** The central's host asked for new parameters; they apply from a later event and both hosts hear of it. */
  update(intervalMs: number, latency: number, supervisionTimeoutMs: number): void {
    this.pendingUpdate = { intervalMs, latency, supervisionTimeoutMs };
    this.schedule(true);
  }

  /** HCI Disconnect from one host: LL_TERMINATE_IND goes out at the next event. */
  terminate(by: LinkEnd, reason: number): void {
    if (this.state === 'closed' || this.terminating || this.endedLocally) return;
    if (this.state === 'lost') {
      // Nobody hears the terminate: the local side completes, the peer times out on its own.
      this.endedLocally = by;
      by.endpoint.linkClosed(by.handle, STATUS.localHostTerminated);
      return;
    }
    this.terminating = { by, reason };
    this.schedule(true);
  }

  /** The radio link fails (out of range, power lost): silence, then a supervision timeout on both sides. */
  lose(): void {
    if (this.state !== 'open') return;
    this.state = 'lost';
    this.queues.toPeripheral = [];
    this.queues.toCentral = [];
    clearTimeout(this.eventTimer);
    this.eventTimer = undefined;
    this.supervisionTimer = setTimeout(() => {
      const ends = [this.central, this.peripheral].filter((end) => end !== this.endedLocally);
      this.close(new Map(ends.map((end) => [end, STATUS.connectionTimeout])));
    }, this.supervisionTimeoutMs);
  }

  /** Ends the link at once without telling the hosts (a controller reset, or the air shutting down). */
  dispose(): void {
    this.close(new Map());
  }

  private count(direction: Direction, pb: number, data: Buffer): void {
    // An L2CAP basic frame starts with its length and channel id; channel 4 carries ATT (Vol 3 Part A 2.1).
    if (pb === PB.continuing || data.length < 4 || data.readUInt16LE(2) !== 0x0004) return;
    const bytes = data.readUInt16LE(0);
    if (data.length > 4) countAttPdu(this.stats.att, data.readUInt8(4));
    if (direction === 'toPeripheral') {
      this.stats.attPdusOut += 1;
      this.stats.attBytesOut += bytes;
    } else {
      this.stats.attPdusIn += 1;
      this.stats.attBytesIn += bytes;
    }
  }

  private enqueue(direction: Direction, pb: number, data: Buffer): void {
    if (this.state !== 'open') return;
    const size = this.octets[direction];
    for (let offset = 0; offset < data.length || offset === 0; offset += size) {
      const end = Math.min(offset + size, data.length);
      const first = offset === 0;
      this.queues[direction].push({
        data: data.subarray(offset, end),
        // Controllers mark a first fragment to their host as "first automatically flushable" (0b10).
        pb: first && pb !== PB.continuing ? PB.firstFlushable : PB.continuing,
        endsHostPacket: end >= data.length,
      });
      if (end >= data.length) break;
    }
    this.schedule(false);
  }

  private schedule(force: boolean): void {
    if (this.eventTimer || this.state !== 'open') return;
    if (!force && this.queues.toPeripheral.length === 0 && this.queues.toCentral.length === 0) return;
    const now = performance.now();
    const elapsed = (now - this.anchor) / this.intervalMs;
    const next = this.anchor + (Math.floor(elapsed) + 1) * this.intervalMs;
    this.eventTimer = setTimeout(() => {
      this.eventTimer = undefined;
      this.connectionEvent();
    }, Math.max(0, next - now));
  }

  private connectionEvent(): void {
    if (this.state !== 'open') return;
    this.stats.connectionEvents += 1;
    const toPeripheral = this.queues.toPeripheral.splice(0, PDUS_PER_EVENT);
    const toCentral = this.queues.toCentral.splice(0, PDUS_PER_EVENT);
    const pairs = Math.max(toPeripheral.length, toCentral.length, 1);
    // Each PDU is header + payload + CRC and preamble/access address: payload + 10 octets at 8 us each.
    const octets = [...toPeripheral, ...toCentral].reduce((sum, pdu) => sum + pdu.data.length, 0);
    this.stats.airTimeUs += octets * 8 + pairs * 2 * (10 * 8 + T_IFS_US);
    this.stats.llPdus += toPeripheral.length + toCentral.length;
    // Carrying data may lose the link (fault injection): nothing more moves once it is gone.
    this.carry(toPeripheral, this.central, this.peripheral);
    if (!this.stillOpen()) return;
    this.carry(toCentral, this.peripheral, this.central);
    if (!this.stillOpen()) return;
    if (this.terminating) {
      const { by, reason } = this.terminating;
      this.close(new Map([[by, STATUS.localHostTerminated], [this.other(by), reason]]));
      return;
    }
    if (this.pendingUpdate) {
      const update = this.pendingUpdate;
      this.pendingUpdate = undefined;
      this.intervalMs = update.intervalMs;
      this.latency = update.latency;
      this.supervisionTimeoutMs = update.supervisionTimeoutMs;
      for (const end of [this.central, this.peripheral]) {
        end.endpoint.connectionUpdated(end.handle, update.intervalMs, update.latency, update.supervisionTimeoutMs);
      }
    }
    this.schedule(false);
  }

  private stillOpen(): boolean {
    return this.state === 'open';
  }

  private carry(pdus: LlPdu[], from: LinkEnd, to: LinkEnd): void {
    let completed = 0;
    const silent = this.faults.hostSilent(to.endpoint.address);
    for (const pdu of pdus) {
      if (!silent) to.endpoint.deliverAcl(to.handle, pdu.pb, pdu.data);
      if (!pdu.endsHostPacket) continue;
      completed += 1;
      this.stats.aclPackets += 1;
      const limit = this.faults.dropAfterAclPackets;
      if (limit !== undefined && this.stats.aclPackets >= limit) {
        from.endpoint.completedPackets(from.handle, completed);
        this.lose();
        return;
      }
    }
    if (completed > 0) from.endpoint.completedPackets(from.handle, completed);
  }

  private close(reasons: Map<LinkEnd, number>): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.eventTimer);
    clearTimeout(this.supervisionTimer);
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    this.queues.toPeripheral = [];
    this.queues.toCentral = [];
    this.onClosed(this);
    for (const [end, reason] of reasons) end.endpoint.linkClosed(end.handle, reason);
  }
}
