/**
 * A virtual LE controller: answers the HCI commands @stoprocent/noble and @stoprocent/bleno send (read
 * their lib/hci-socket/hci.js) over an H4 byte stream, and puts its host on the shared virtual air.
 * Commands it does not implement get Command Complete with "Unknown HCI Command", so a host never waits.
 */
import type { Duplex } from 'node:stream';
import type { AirRadio, AdvertisingPdu, VirtualAir } from './air';
import type { AirLink, LinkEnd } from './airLink';
import { ADV, EVT, LE_EVT, LL_MAX_OCTETS, MIN_PARAMS, OP, STATUS, STATUS_ANSWERED } from './constants';
import { aclPacket, addressToBytes, bytesToAddress, commandComplete, commandStatus, eventPacket, H4Parser, leMetaEvent, type H4Packet } from './h4';

export interface ControllerOptions {
  /** This controller's public device address (BD_ADDR), "aa:bb:cc:dd:ee:ff". */
  address: string;
  /** Mean RSSI at which other radios hear this one (default -60 dBm). */
  rssi?: number;
  /** ACL buffers offered to the host: payload size and count (LE Read Buffer Size). */
  aclBufferSize?: number;
  aclBuffers?: number;
}

interface Connection {
  link: AirLink;
  end: LinkEnd;
  peerRssi: number;
}

/** LE event mask after reset: the first five LE subevents (Vol 4 Part E 7.8.1). */
const DEFAULT_LE_EVENT_MASK = Buffer.from('1f00000000000000', 'hex');
/** How many of the host's latest command opcodes `commandLog` keeps. */
export const COMMAND_LOG_KEPT = 1024;
/** Version 5.2, manufacturer 0x05F1 (The Linux Foundation, the id of emulated controllers). */
const LOCAL_VERSION = Buffer.from([0x0b, 0x00, 0x00, 0x0b, 0xf1, 0x05, 0x00, 0x00]);

export class VirtualController implements AirRadio {
  readonly address: string;
  readonly rssi: number;
  private readonly parser = new H4Parser();
  private stream: Duplex | undefined;
  private leEventMask = Buffer.from(DEFAULT_LE_EVENT_MASK);
  private scan = { enabled: false, active: false, filterDuplicates: false, seen: new Set<string>() };
  private adv = { enabled: false, intervalMs: 100, type: ADV.ind as number, data: Buffer.alloc(0), scanResponse: Buffer.alloc(0) };
  private pendingConnect: string | undefined;
  private readonly connections = new Map<number, Connection>();
  private nextHandle = 0x0040;
  private off = false;
  /**
   * The last COMMAND_LOG_KEPT command opcodes the host sent, in order (for tests of what a stack really
   * uses). Bounded: `fluss sim hci` runs for hours, and every connection costs the host a dozen commands.
   */
  readonly commandLog: number[] = [];

  constructor(
    private readonly air: VirtualAir,
    private readonly options: ControllerOptions,
  ) {
    this.address = options.address.toLowerCase();
    this.rssi = options.rssi ?? -60;
    air.join(this);
  }

  /** Connects the host side: H4 bytes in from the host, events and ACL data out to it. */
  attach(stream: Duplex): void {
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => {
      for (const packet of this.parser.push(chunk)) this.onPacket(packet);
    });
    stream.on('close', () => {
      if (this.stream === stream) this.stream = undefined;
    });
    stream.on('error', () => undefined); // the host went away; 'close' follows
  }

  /**
   * The controller loses power (or its host died and took it down: a UART controller whose host's port
   * closes is reset by the port's modem lines). It leaves the air at once and answers nothing more; its
   * links go silent, so each peer's controller ends its link with Disconnection Complete, reason 0x08
   * (Connection Timeout), once that link's supervision timeout runs out (Core Spec Vol 6 Part B 4.5.2).
   */
  powerOff(): void {
    if (this.off) return;
    this.off = true;
    this.resetState();
    this.air.leave(this);
  }

  /** Power is back: the controller rejoins the air in its reset state (its host must set it up again). */
  powerOn(): void {
    if (!this.off) return;
    this.off = false;
    this.air.join(this);
  }

  get poweredOff(): boolean {
    return this.off;
  }

  /** Leaves the air: links drop (peers time out), advertising and scanning stop. */
  close(): void {
    this.resetState();
    this.air.leave(this);
    this.stream?.destroy();
  }

  // ---- AirRadio ----

  advertising(): (AdvertisingPdu & { intervalMs: number }) | undefined {
    if (!this.adv.enabled) return undefined;
    return { type: this.adv.type, data: this.adv.data, scanResponse: this.adv.scanResponse, intervalMs: this.adv.intervalMs };
  }

  advertisingEnded(): void {
    this.adv.enabled = false;
  }

  scanning(): 'no' | 'passive' | 'active' {
    return !this.scan.enabled ? 'no' : this.scan.active ? 'active' : 'passive';
  }

  hear(type: number, address: string, data: Buffer, rssi: number): void {
    if (!this.scan.enabled || !this.leEventEnabled(LE_EVT.advertisingReport)) return;
    if (this.scan.filterDuplicates) {
      const key = `${address}/${type}`;
      if (this.scan.seen.has(key)) return;
      this.scan.seen.add(key);
    }
    const report = Buffer.alloc(10 + data.length);
    report.writeUInt8(1, 0); // one report
    report.writeUInt8(type, 1);
    report.writeUInt8(0, 2); // public address
    addressToBytes(address).copy(report, 3);
    report.writeUInt8(data.length, 9);
    data.copy(report, 10);
    this.send(leMetaEvent(LE_EVT.advertisingReport, Buffer.concat([report, Buffer.from([rssi & 0xff])])));
  }

  allocateHandle(): number {
    const handle = this.nextHandle;
    this.nextHandle = this.nextHandle >= 0x0eff ? 0x0040 : this.nextHandle + 1;
    return handle;
  }

  connected(link: AirLink, end: LinkEnd, role: 'central' | 'peripheral', peerAddress: string): void {
    if (role === 'central') this.pendingConnect = undefined;
    const peer = link.other(end).endpoint as AirRadio;
    this.connections.set(end.handle, { link, end, peerRssi: peer.rssi });
    const params = Buffer.alloc(18);
    params.writeUInt8(STATUS.success, 0);
    params.writeUInt16LE(end.handle, 1);
    params.writeUInt8(role === 'central' ? 0 : 1, 3);
    params.writeUInt8(0, 4); // public peer address
    addressToBytes(peerAddress).copy(params, 5);
    params.writeUInt16LE(Math.round(link.intervalMs / 1.25), 11);
    params.writeUInt16LE(link.latency, 13);
    params.writeUInt16LE(Math.round(link.supervisionTimeoutMs / 10), 15);
    params.writeUInt8(0, 17);
    this.sendLe(LE_EVT.connectionComplete, params);
  }

  deliverAcl(handle: number, pb: number, data: Buffer): void {
    if (this.connections.has(handle)) this.send(aclPacket(handle, pb, data));
  }

  completedPackets(handle: number, count: number): void {
    if (!this.connections.has(handle)) return;
    const params = Buffer.alloc(5);
    params.writeUInt8(1, 0);
    params.writeUInt16LE(handle, 1);
    params.writeUInt16LE(count, 3);
    this.send(eventPacket(EVT.numberOfCompletedPackets, params));
  }

  linkClosed(handle: number, reason: number): void {
    if (!this.connections.delete(handle)) return;
    const params = Buffer.alloc(4);
    params.writeUInt8(STATUS.success, 0);
    params.writeUInt16LE(handle, 1);
    params.writeUInt8(reason, 3);
    this.send(eventPacket(EVT.disconnectionComplete, params));
  }

  dataLengthChanged(handle: number, txOctets: number, rxOctets: number): void {
    if (!this.connections.has(handle)) return;
    const params = Buffer.alloc(10);
    params.writeUInt16LE(handle, 0);
    params.writeUInt16LE(txOctets, 2);
    params.writeUInt16LE(octetsToMicros(txOctets), 4);
    params.writeUInt16LE(rxOctets, 6);
    params.writeUInt16LE(octetsToMicros(rxOctets), 8);
    this.sendLe(LE_EVT.dataLengthChange, params);
  }

  connectionUpdated(handle: number, intervalMs: number, latency: number, supervisionTimeoutMs: number): void {
    if (!this.connections.has(handle)) return;
    const params = Buffer.alloc(9);
    params.writeUInt8(STATUS.success, 0);
    params.writeUInt16LE(handle, 1);
    params.writeUInt16LE(Math.round(intervalMs / 1.25), 3);
    params.writeUInt16LE(latency, 5);
    params.writeUInt16LE(Math.round(supervisionTimeoutMs / 10), 7);
    this.sendLe(LE_EVT.connectionUpdateComplete, params);
  }

  // ---- host side ----

  private onPacket(packet: H4Packet): void {
    if (this.off) return; // a controller without power hears nothing
    if (packet.kind === 'command') this.onCommand(packet.opcode, packet.params);
    else if (packet.kind === 'acl') {
      // Data for a handle that is gone (the link just dropped) is discarded, as a controller does.
      const connection = this.connections.get(packet.handle);
      connection?.link.send(connection.end, packet.pb, packet.data);
    }
    // A host never sends events; anything else is ignored.
  }

  private onCommand(opcode: number, p: Buffer): void {
    this.commandLog.push(opcode);
    if (this.commandLog.length > COMMAND_LOG_KEPT) this.commandLog.shift();
    // A command too short for the parameters it reads is refused, as a controller does (Vol 4 Part E
    // 4.5), instead of reading past its end: a host's bytes must never crash the controller.
    if (p.length < (MIN_PARAMS.get(opcode) ?? 0)) {
      const refusal = STATUS_ANSWERED.has(opcode) ? commandStatus(opcode, STATUS.invalidParameters) : commandComplete(opcode, STATUS.invalidParameters);
      return this.send(refusal);
    }
    const ok = (returns?: Buffer) => this.send(commandComplete(opcode, STATUS.success, returns));
    const u16 = (value: number) => {
      const b = Buffer.alloc(2);
      b.writeUInt16LE(value, 0);
      return b;
    };
    switch (opcode) {
      case OP.reset:
        this.resetState();
        return ok();
      case OP.setEventMask:
      case OP.setEventFilter:
      case OP.writeLeHostSupported:
      case OP.leSetRandomAddress:
      case OP.leSetDefaultPhy:
        return ok();
      case OP.leSetEventMask:
        if (p.length >= 8) this.leEventMask = Buffer.from(p.subarray(0, 8));
        return ok();
      case OP.readLeHostSupported:
        return ok(Buffer.from([0x01, 0x00]));
      case OP.readLocalVersion:
        return ok(LOCAL_VERSION);
      case OP.readLocalSupportedCommands:
        return ok(Buffer.alloc(64));
      case OP.readLocalSupportedFeatures:
        // Byte 4: LE Supported (Controller) and BR/EDR Not Supported (Vol 2 Part C 3.3).
        return ok(Buffer.from([0, 0, 0, 0, 0x60, 0, 0, 0]));
      case OP.readBufferSize:
        return ok(Buffer.concat([u16(this.aclSize()), Buffer.from([0]), u16(this.aclCount()), u16(0)]));
      case OP.readBdAddr:
        return ok(addressToBytes(this.address));
      case OP.leReadBufferSize:
        return ok(Buffer.concat([u16(this.aclSize()), Buffer.from([this.aclCount()])]));
      case OP.leReadLocalSupportedFeatures:
        // Only LE Data Packet Length Extension (bit 5): no encryption, no extended advertising, no coded PHY.
        return ok(Buffer.from([0x20, 0, 0, 0, 0, 0, 0, 0]));
      case OP.leReadMaxDataLength:
        return ok(Buffer.concat([u16(LL_MAX_OCTETS), u16(octetsToMicros(LL_MAX_OCTETS)), u16(LL_MAX_OCTETS), u16(octetsToMicros(LL_MAX_OCTETS))]));
      case OP.leReadAdvertisingTxPower:
        return ok(Buffer.from([0]));
      case OP.leSetAdvertisingParameters:
        return this.setAdvertisingParameters(opcode, p);
      case OP.leSetAdvertisingData:
      case OP.leSetScanResponseData: {
        const length = Math.min(p.readUInt8(0), 31, p.length - 1);
        const data = Buffer.from(p.subarray(1, 1 + length));
        if (opcode === OP.leSetAdvertisingData) this.adv.data = data;
        else this.adv.scanResponse = data;
        return ok();
      }
      case OP.leSetAdvertiseEnable:
        this.adv.enabled = p.readUInt8(0) === 1;
        if (this.adv.enabled) this.air.startAdvertising(this);
        else this.air.stopAdvertising(this);
        return ok();
      case OP.leSetScanParameters:
        this.scan.active = p.readUInt8(0) === 1;
        return ok();
      case OP.leSetScanEnable:
        this.scan.enabled = p.readUInt8(0) === 1;
        this.scan.filterDuplicates = p.readUInt8(1) === 1;
        this.scan.seen.clear();
        return ok();
      case OP.leCreateConnection:
        return this.createConnection(opcode, p);
      case OP.leCreateConnectionCancel:
        return this.cancelConnection(opcode);
      case OP.disconnect:
        return this.disconnect(opcode, p);
      case OP.readRssi:
        return this.readRssi(opcode, p);
      case OP.leConnectionUpdate:
        return this.connectionUpdate(opcode, p);
      case OP.leSetDataLength: {
        const connection = this.connections.get(p.readUInt16LE(0));
        if (!connection) return this.send(commandComplete(opcode, STATUS.unknownConnectionId, p.subarray(0, 2)));
        this.send(commandComplete(opcode, STATUS.success, p.subarray(0, 2)));
        connection.link.setDataLength(connection.end, p.readUInt16LE(2));
        return;
      }
      case OP.leReadPhy: {
        const known = this.connections.has(p.readUInt16LE(0));
        return this.send(commandComplete(opcode, known ? STATUS.success : STATUS.unknownConnectionId, Buffer.concat([p.subarray(0, 2), Buffer.from([1, 1])])));
      }
      case OP.leSetPhy: {
        // Stays on LE 1M: the procedure completes at once with the PHYs unchanged.
        const handle = p.readUInt16LE(0);
        const known = this.connections.has(handle);
        this.send(commandStatus(opcode, known ? STATUS.success : STATUS.unknownConnectionId));
        if (known) this.sendLe(LE_EVT.phyUpdateComplete, Buffer.concat([Buffer.from([STATUS.success]), u16(handle), Buffer.from([1, 1])]));
        return;
      }
      case OP.leLtkNegativeReply:
        return ok(p.subarray(0, 2));
      default:
        // Vol 4 Part E 4.5: an unsupported command still completes, with Unknown HCI Command.
        return this.send(commandComplete(opcode, STATUS.unknownCommand));
    }
  }

  private setAdvertisingParameters(opcode: number, p: Buffer): void {
    const intervalUnits = p.readUInt16LE(0);
    const type = p.readUInt8(4);
    if (intervalUnits < 0x0020 || type > ADV.nonconnInd) return this.send(commandComplete(opcode, STATUS.invalidParameters));
    this.adv.intervalMs = intervalUnits * 0.625;
    // The advertising PDU types map onto report types, except ADV_DIRECT_IND_LOW (4) which is not used here.
    this.adv.type = type === 0x02 ? ADV.scanInd : type === 0x03 ? ADV.nonconnInd : type === 0x01 ? ADV.directInd : ADV.ind;
    this.send(commandComplete(opcode, STATUS.success));
  }

  private createConnection(opcode: number, p: Buffer): void {
    if (this.pendingConnect !== undefined) return this.send(commandStatus(opcode, STATUS.commandDisallowed));
    const target = bytesToAddress(p.subarray(6, 12));
    this.pendingConnect = target;
    this.send(commandStatus(opcode, STATUS.success));
    // Vol 4 Part E 7.8.12: scan interval, window, filter policy, peer address type, peer address (6),
    // own address type, then the connection interval min/max, latency and supervision timeout.
    this.air.initiate(this, target, {
      minIntervalMs: p.readUInt16LE(13) * 1.25,
      latency: p.readUInt16LE(17),
      supervisionTimeoutMs: p.readUInt16LE(19) * 10,
    });
  }

  private cancelConnection(opcode: number): void {
    const target = this.pendingConnect;
    if (target === undefined || !this.air.cancelInitiate(this)) return this.send(commandComplete(opcode, STATUS.commandDisallowed));
    this.pendingConnect = undefined;
    this.send(commandComplete(opcode, STATUS.success));
    // Vol 4 Part E 7.8.13: the cancelled attempt ends with LE Connection Complete, Unknown Connection Identifier.
    const params = Buffer.alloc(18);
    params.writeUInt8(STATUS.unknownConnectionId, 0);
    addressToBytes(target).copy(params, 5);
    this.sendLe(LE_EVT.connectionComplete, params);
  }

  private disconnect(opcode: number, p: Buffer): void {
    const connection = this.connections.get(p.readUInt16LE(0));
    if (!connection) return this.send(commandStatus(opcode, STATUS.unknownConnectionId));
    this.send(commandStatus(opcode, STATUS.success));
    connection.link.terminate(connection.end, p.readUInt8(2));
  }

  private readRssi(opcode: number, p: Buffer): void {
    const handle = p.subarray(0, 2);
    const connection = this.connections.get(p.readUInt16LE(0));
    if (!connection) return this.send(commandComplete(opcode, STATUS.unknownConnectionId, Buffer.concat([handle, Buffer.from([0])])));
    this.send(commandComplete(opcode, STATUS.success, Buffer.concat([handle, Buffer.from([this.air.measure(connection.peerRssi) & 0xff])])));
  }

  private connectionUpdate(opcode: number, p: Buffer): void {
    const connection = this.connections.get(p.readUInt16LE(0));
    if (!connection) return this.send(commandStatus(opcode, STATUS.unknownConnectionId));
    this.send(commandStatus(opcode, STATUS.success));
    connection.link.update(
      this.air.options.connectionIntervalMs ?? p.readUInt16LE(2) * 1.25,
      p.readUInt16LE(6),
      this.air.options.supervisionTimeoutMs ?? p.readUInt16LE(8) * 10,
    );
  }

  /** HCI_Reset: back to the power-on state. Links vanish without events to this host; peers time out. */
  private resetState(): void {
    this.leEventMask = Buffer.from(DEFAULT_LE_EVENT_MASK);
    this.scan = { enabled: false, active: false, filterDuplicates: false, seen: new Set() };
    this.adv.enabled = false;
    this.air.stopAdvertising(this);
    this.air.cancelInitiate(this);
    this.pendingConnect = undefined;
    const links = [...this.connections.values()].map((c) => c.link);
    this.connections.clear();
    for (const link of links) link.lose();
  }

  private aclSize(): number {
    return this.options.aclBufferSize ?? LL_MAX_OCTETS;
  }

  private aclCount(): number {
    return this.options.aclBuffers ?? 8;
  }

  private leEventEnabled(subevent: number): boolean {
    const bit = subevent - 1;
    return ((this.leEventMask[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
  }

  private sendLe(subevent: number, params: Buffer): void {
    if (this.leEventEnabled(subevent)) this.send(leMetaEvent(subevent, params));
  }

  private send(packet: Buffer): void {
    if (this.stream && !this.stream.destroyed) this.stream.write(packet);
  }
}

/** Time on air of a PDU of `octets` payload at LE 1M (Vol 6 Part B 4.5.10): (octets + 14) * 8 us. */
function octetsToMicros(octets: number): number {
  return (octets + 14) * 8;
}
