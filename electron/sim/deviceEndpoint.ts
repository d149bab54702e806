/**
 * The GATT face of a firmware model: info, control and events characteristics, carrying the framed,
 * secured messages of docs/protocol.md. The same endpoint serves the in-process air and bleno.
 */
import type { DeviceModel, SessionIdentity } from '../firmware/types';
import { encodeManufacturerData, MODEL_CODES } from '../protocol/advertising';
import { decodeRequest, encodeEvent, encodeInfo, encodeResponse } from '../protocol/codec';
import { FlussError, type ErrorData } from '../protocol/errors';
import { segment, Reassembler } from '../protocol/framing';
import { PROFILES, type ServiceProfile } from '../protocol/gattProfile';
import type { Response } from '../protocol/messages';
import {
  acceptHandshake,
  cryptoRandom,
  encodeErrorFrame,
  type PendingServerSession,
  type ServerSession,
} from '../protocol/secureSession';
import type { AdvertisingData, CentralHandle, Peripheral, PeripheralConnection } from './peripheral';

type ConnectionState =
  | { status: 'awaiting-hello' }
  | { status: 'awaiting-auth'; pending: PendingServerSession<SessionIdentity> }
  | { status: 'open'; session: ServerSession; identity: SessionIdentity }
  | { status: 'closed' };

export class DeviceEndpoint implements Peripheral {
  readonly address: string;
  private readonly profile: ServiceProfile;
  /** Filler characteristics ahead of the profile's: set by tests to move every handle (peripheral.ts). */
  gattFillers = 0;

  constructor(
    readonly model: DeviceModel,
    /** Mean signal strength at the technician's laptop (the site file's value). */
    readonly rssi: number,
  ) {
    this.address = model.deviceId.replace(/(..)(?!$)/g, '$1:');
    this.profile = PROFILES[model.kind];
  }

  advertising(): AdvertisingData {
    const info = this.model.info();
    const modelCode = Number(Object.entries(MODEL_CODES).find(([, name]) => name === info.model)?.[0] ?? 0);
    return {
      localName: info.name,
      serviceUuids: [this.profile.service],
      manufacturerData: encodeManufacturerData({
        kind: info.kind,
        claimed: info.claimed,
        deviceId: info.deviceId,
        modelCode,
        firmware: info.firmware,
      }),
    };
  }

  accept(central: CentralHandle): PeripheralConnection {
    return new EndpointConnection(this.model, this.profile, central);
  }
}

class EndpointConnection implements PeripheralConnection {
  private state: ConnectionState = { status: 'awaiting-hello' };
  private readonly inbound = new Reassembler();
  private eventsEnabled = false;
  /** Requests are handled one at a time, in arrival order, as a device's single control point would. */
  private queue: Promise<void> = Promise.resolve();
  private readonly stopEvents: () => void;

  constructor(
    private readonly model: DeviceModel,
    private readonly profile: ServiceProfile,
    private readonly central: CentralHandle,
  ) {
    this.stopEvents = model.onEvent((event) => {
      if (this.state.status !== 'open' || !this.eventsEnabled) return;
      this.send(this.profile.events, this.state.session.sealEvent(encodeEvent(event)));
    });
  }

  read(service: string, characteristic: string): Promise<Uint8Array> {
    if (service === this.profile.service && characteristic === this.profile.info) {
      return Promise.resolve(encodeInfo(this.model.info()));
    }
    return Promise.reject(new FlussError('PROTOCOL_ERROR', 'Read not permitted on this characteristic.'));
  }

  write(service: string, characteristic: string, value: Uint8Array): Promise<void> {
    if (service !== this.profile.service || characteristic !== this.profile.control) {
      return Promise.reject(new FlussError('PROTOCOL_ERROR', 'Write not permitted on this characteristic.'));
    }
    const packet = this.inbound.push(value);
    if (!packet.ok) {
      this.refuse(packet.error);
    } else if (packet.value) {
      const frame = packet.value;
      this.queue = this.queue.then(() => this.onFrame(frame));
    }
    return Promise.resolve();
  }

  setNotify(service: string, characteristic: string, enabled: boolean): void {
    if (service === this.profile.service && characteristic === this.profile.events) this.eventsEnabled = enabled;
  }

  disconnected(): void {
    this.state = { status: 'closed' };
    this.stopEvents();
  }

  private async onFrame(frame: Uint8Array): Promise<void> {
    const state = this.state;
    if (state.status === 'awaiting-hello') {
      const accepted = acceptHandshake(frame, (userId) => this.model.lookup(userId), cryptoRandom);
      if (!accepted.ok) {
        this.refuse(accepted.error);
        return;
      }
      this.state = { status: 'awaiting-auth', pending: accepted.value.pending };
      this.send(this.profile.control, accepted.value.reply);
    } else if (state.status === 'awaiting-auth') {
      const verified = state.pending.verifyAuth(frame);
      if (!verified.ok) {
        this.refuse(verified.error);
        return;
      }
      this.state = { status: 'open', session: verified.value.session, identity: verified.value.identity };
    } else if (state.status === 'open') {
      await this.onRequest(state.session, state.identity, frame);
    }
  }

  private async onRequest(session: ServerSession, identity: SessionIdentity, frame: Uint8Array): Promise<void> {
    const opened = session.openRequest(frame);
    // A frame that fails authentication or replays a counter is an attack or a broken link: end the link.
    if (!opened.ok) {
      this.drop(opened.error.message);
      return;
    }
    const request = decodeRequest(opened.value);
    let response: Response;
    if (!request.ok) {
      // Id 0 is never used by a client: it answers "the request you have in flight could not be read".
      response = { id: 0, ok: false, error: request.error };
    } else {
      const result = await this.model.handle(request.value, identity);
      response = result.ok
        ? { id: request.value.id, ok: true, result: result.value }
        : { id: request.value.id, ok: false, error: result.error };
    }
    if (this.state.status === 'open') this.send(this.profile.control, session.sealResponse(encodeResponse(response)));
  }

  /** Before a session exists the device answers in clear with an error frame, then forgets the attempt. */
  private refuse(error: ErrorData): void {
    if (this.state.status === 'open') {
      this.drop(error.message);
      return;
    }
    this.state = { status: 'awaiting-hello' };
    this.send(this.profile.control, encodeErrorFrame(error));
  }

  private drop(reason: string): void {
    this.state = { status: 'closed' };
    this.central.disconnect(reason);
  }

  private send(characteristic: string, message: Uint8Array): void {
    for (const packet of segment(message, this.central.mtu)) this.central.notify(this.profile.service, characteristic, packet);
  }
}
