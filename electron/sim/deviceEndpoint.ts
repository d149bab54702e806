/**
 * The GATT face of a firmware model: the info and control characteristics, carrying the framed, secured
 * messages of docs/protocol.md (version 2: the handshake proves the device's factory-certified identity,
 * AUTH carries the first request, events are EVENT frames on control; a gate's from HELLO_REPLY on, so a
 * listening session gets them without AUTH). The same endpoint serves the in-process air and bleno.
 */
import type { DeviceModel, SessionIdentity } from '../firmware/types';
import type { DeviceEvent } from '../protocol/messages';
import { encodeManufacturerData, MODEL_CODES } from '../protocol/advertising';
import { decodeRequest, encodeEvent, encodeInfo, encodeResponse } from '../protocol/codec';
import { FlussError, type ErrorData } from '../protocol/errors';
import { segment, Reassembler } from '../protocol/framing';
import { EVENTS_BEFORE_AUTH, PROFILES, type ServiceProfile } from '../protocol/gattProfile';
import { REPLY_BUDGET_BYTES, type Response } from '../protocol/messages';
import {
  acceptHandshake,
  cryptoRandom,
  encodeErrorFrame,
  type PendingServerSession,
  type ServerSession,
} from '../protocol/secureSession';
import type { AdvertisingData, CentralHandle, Peripheral, PeripheralConnection } from './peripheral';
import { testFactoryIdentity, type FactoryIdentity } from './testFactory';

type ConnectionState =
  | { status: 'awaiting-hello' }
  | { status: 'awaiting-auth'; pending: PendingServerSession<SessionIdentity> }
  | { status: 'open'; session: ServerSession; identity: SessionIdentity }
  | { status: 'closed' };

export class DeviceEndpoint implements Peripheral {
  readonly address: string;
  private readonly profile: ServiceProfile;
  private readonly identity: FactoryIdentity;
  /** Filler characteristics ahead of the profile's: set by tests to move every handle (peripheral.ts). */
  gattFillers = 0;
  /**
   * Fault injection: the device's event queue overflows and the next `dropEvents` events are lost. As on
   * a real device, each lost event still consumes its counter on every session that would have carried it
   * (it is sealed, then discarded), so the client sees the next event's counter skip ahead: a gap
   * (docs/protocol.md, "Sealed frames and counters"). Counted only while some session is listening.
   */
  dropEvents = 0;
  /** The open connections, each with its own session and event counter. */
  private readonly connections = new Set<EndpointConnection>();

  constructor(
    readonly model: DeviceModel,
    /** Mean signal strength at the technician's laptop (the site file's value). */
    readonly rssi: number,
    /** Who the device proves to be; the test factory's certificate for its id by default. */
    identity?: FactoryIdentity,
  ) {
    this.address = model.deviceId.replace(/(..)(?!$)/g, '$1:');
    this.profile = PROFILES[model.kind];
    this.identity = identity ?? testFactoryIdentity({ deviceId: model.deviceId, kind: model.kind, modelCode: modelCodeOf(model) });
    // One subscription for the device, fanned out: whether an event is lost is decided once, for every session.
    model.onEvent((event) => this.deliver(event));
  }

  advertising(): AdvertisingData {
    const info = this.model.info();
    const modelCode = modelCodeOf(this.model);
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
    const connection = new EndpointConnection(this.model, this.profile, this.identity, central, () => this.connections.delete(connection));
    this.connections.add(connection);
    return connection;
  }

  private deliver(event: DeviceEvent): void {
    const listening = [...this.connections].filter((c) => c.listensTo(event));
    const lost = this.dropEvents > 0 && listening.length > 0;
    if (lost) this.dropEvents -= 1;
    for (const connection of listening) connection.sendEvent(event, lost);
  }
}

/**
 * The encoded response, or MESSAGE_TOO_LARGE in its place when it would exceed the reply budget: list
 * replies are paged to stay within it (docs/protocol.md, "Paged replies"), so only a bug gets here, and
 * the client hears of it rather than waiting for a reply that cannot be sent.
 */
function withinBudget(response: Response): Uint8Array {
  const encoded = encodeResponse(response);
  if (encoded.length <= REPLY_BUDGET_BYTES) return encoded;
  return encodeResponse({
    id: response.id,
    ok: false,
    error: { code: 'MESSAGE_TOO_LARGE', message: `The device's reply would be ${encoded.length} bytes, over the ${REPLY_BUDGET_BYTES}-byte limit.`, hint: 'Update the device firmware.' },
  });
}

const failed = (code: ErrorData['code'], message: string, hint: string) => ({ ok: false as const, error: { code, message, hint } });

function modelCodeOf(model: DeviceModel): number {
  const name = model.info().model;
  return Number(Object.entries(MODEL_CODES).find(([, known]) => known === name)?.[0] ?? 0);
}

class EndpointConnection implements PeripheralConnection {
  private state: ConnectionState = { status: 'awaiting-hello' };
  private readonly inbound = new Reassembler();
  /** Notifications on control: the client enables them before HELLO; events go there too. */
  private notifying = false;
  /** Requests are handled one at a time, in arrival order, as a device's single control point would. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly model: DeviceModel,
    private readonly profile: ServiceProfile,
    private readonly identity: FactoryIdentity,
    private readonly central: CentralHandle,
    private readonly stopEvents: () => void,
  ) {
    this.eventsBeforeAuth = EVENTS_BEFORE_AUTH[model.kind];
  }

  /** Whether this device kind seals events to a session awaiting AUTH (docs/protocol.md, "Listening sessions"). */
  private readonly eventsBeforeAuth: boolean;

  /**
   * Whether this session gets `event`: its client has notifications on, and it is an authenticated session
   * whose user may receive it (roles.ts: a shared user gets an intercom's code and settings events only),
   * or for a gate one awaiting AUTH, known user or not (only a holder of the user key can open them).
   */
  listensTo(event: DeviceEvent): boolean {
    if (!this.notifying) return false;
    const state = this.state;
    if (state.status === 'open') return this.model.mayReceive(event, state.identity);
    return state.status === 'awaiting-auth' && this.eventsBeforeAuth;
  }

  /** Seals `event` on this session's event channel; a `lost` event is sealed (its counter used) and never sent. */
  sendEvent(event: DeviceEvent, lost: boolean): void {
    const state = this.state;
    const frame =
      state.status === 'open'
        ? state.session.sealEvent(encodeEvent(event))
        : state.status === 'awaiting-auth' && this.eventsBeforeAuth
          ? state.pending.sealEvent(encodeEvent(event))
          : undefined;
    if (frame !== undefined && !lost) this.send(frame);
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
      // A frame whose handling fails unexpectedly ends this link, never the queue: later frames still run
      // and nothing is left as an unhandled rejection (link issue #8, item 3).
      this.queue = this.queue.then(() => this.onFrame(frame)).catch(() => this.drop('The device could not handle a frame.'));
    }
    return Promise.resolve();
  }

  setNotify(service: string, characteristic: string, enabled: boolean): void {
    if (service === this.profile.service && characteristic === this.profile.control) this.notifying = enabled;
  }

  disconnected(): void {
    this.state = { status: 'closed' };
    this.stopEvents();
  }

  private async onFrame(frame: Uint8Array): Promise<void> {
    const state = this.state;
    if (state.status === 'awaiting-hello') {
      // The info is read at each handshake: the claimed flag changes when the intercom is claimed.
      const proof = { ...this.identity, info: encodeInfo(this.model.info()) };
      const accepted = acceptHandshake(frame, (userId) => this.model.lookup(userId), cryptoRandom, proof);
      if (!accepted.ok) {
        this.refuse(accepted.error);
        return;
      }
      this.state = { status: 'awaiting-auth', pending: accepted.value.pending };
      this.send(accepted.value.reply);
    } else if (state.status === 'awaiting-auth') {
      const verified = state.pending.verifyAuth(frame);
      if (!verified.ok) {
        this.refuse(verified.error);
        return;
      }
      const { session, identity, firstRequest } = verified.value;
      this.state = { status: 'open', session, identity };
      await this.answer(session, identity, firstRequest);
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
    await this.answer(session, identity, opened.value);
  }

  /** Runs one request (from AUTH or a SEALED frame) and sends its sealed response. */
  private async answer(session: ServerSession, identity: SessionIdentity, plain: Uint8Array): Promise<void> {
    const request = decodeRequest(plain);
    let response: Response;
    if (!request.ok) {
      // Id 0 is never used by a client: it answers "the request you have in flight could not be read".
      response = { id: 0, ok: false, error: request.error };
    } else {
      const { id } = request.value;
      const result = await this.model.handle(request.value, identity).catch(() => failed('INTERNAL', 'The device could not complete the request.', 'Try again; if it keeps failing, restart the device.'));
      response = result.ok ? { id, ok: true, result: result.value } : { id, ok: false, error: result.error };
    }
    if (this.state.status === 'open') this.send(session.sealResponse(withinBudget(response)));
  }

  /** Before a session exists the device answers in clear with an error frame, then forgets the attempt. */
  private refuse(error: ErrorData): void {
    if (this.state.status === 'open') {
      this.drop(error.message);
      return;
    }
    this.state = { status: 'awaiting-hello' };
    this.send(encodeErrorFrame(error));
  }

  private drop(reason: string): void {
    this.state = { status: 'closed' };
    this.central.disconnect(reason);
  }

  /** Every packet of one message goes out before any other message's, so the client's one reassembler suffices. */
  private send(message: Uint8Array): void {
    for (const packet of segment(message, this.central.mtu)) this.central.notify(this.profile.service, this.profile.control, packet);
  }
}
