/**
 * The client end of a device's control point: handshake, authentication, then one request at a time,
 * each bounded by a timeout and cancellable. The first request rides in AUTH (protocol version 2).
 * Replies are matched by id and validated against the schema of the op that was asked; events arrive
 * as EVENT frames on the same characteristic, on their own sealed channel. A gate sends its events from
 * the handshake on, so a session that never sends a request (test-fire's listening session) still gets
 * them, at no exchange of its own (docs/protocol.md, "Listening sessions").
 */
import { decodeEvent, decodeResponse, decodeResult, encodeRequest } from '../protocol/codec';
import { FlussError, type ErrorData } from '../protocol/errors';
import { Reassembler, segment } from '../protocol/framing';
import type { ServiceProfile } from '../protocol/gattProfile';
import type { ArgsOf, DeviceEvent, Op, ResultOf } from '../protocol/messages';
import {
  cryptoRandom,
  FRAME_EVENT,
  frameType,
  startClientHandshake,
  type ClientSession,
  type Credential,
  type HandshakeExpectation,
  type ProvenDevice,
} from '../protocol/secureSession';
import type { Link } from '../transport/transport';
import { bounded, TIMEOUTS, type OperationOptions } from './deadline';
import { linkLostError, requestWords } from './linkWords';

/** Errors that are the device's own answer (a refusal), as opposed to a failure of the exchange. */
const refusals = new WeakSet<object>();

type Waiter = { resolve: (frame: Uint8Array) => void; reject: (error: FlussError) => void };

/**
 * EVENT frames that arrive between HELLO_REPLY and the client's check of it wait here (a gate sends its
 * events from HELLO_REPLY on). A few at most: the check runs at once; past this, the counter gap reports them.
 */
const MAX_EARLY_EVENTS = 16;

export class ControlChannel {
  private session: ClientSession | undefined;
  private proven: ProvenDevice | undefined;
  private authSent = false;
  private nextId = 1;
  private waiter: Waiter | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly eventListeners = new Set<(event: DeviceEvent) => void>();
  private readonly gapListeners = new Set<(missed: number) => void>();
  private closedReason: string | undefined;
  /** The link dropped under the session (supervision timeout, power loss), rather than being closed. */
  private linkLost = false;
  /** The link ended because the device stopped answering (supervision timeout), not a drop it may recover from at once. */
  private peerSilent = false;
  private readonly cleanups: (() => void)[] = [];
  private earlyEvents: Uint8Array[] | undefined = [];

  private constructor(
    private readonly link: Link,
    private readonly profile: ServiceProfile,
    private readonly deviceLabel: string,
  ) {}

  /**
   * Subscribes and runs the handshake for `credential`, checking the device against `expect`. The
   * device has proved its identity and its key when this resolves; AUTH goes with the first request.
   */
  static async open(
    link: Link,
    profile: ServiceProfile,
    credential: Credential,
    expect: HandshakeExpectation,
    deviceLabel: string,
    options: OperationOptions = {},
  ): Promise<ControlChannel> {
    const channel = new ControlChannel(link, profile, deviceLabel);
    await bounded(`the secure session with ${deviceLabel}`, options.timeoutMs ?? TIMEOUTS.connectMs, options.signal, (signal) =>
      channel.handshake(credential, expect, signal),
    );
    return channel;
  }

  /** The device as its handshake proved it: certified id, kind and identity key, and its info. */
  get peer(): ProvenDevice {
    if (!this.proven) throw new FlussError('INTERNAL', 'The handshake has not finished.');
    return this.proven;
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Sends one request and resolves with its validated result; a device refusal rejects with its error. */
  request<O extends Op>(op: O, args: ArgsOf<O>, options: OperationOptions = {}): Promise<ResultOf<O>> {
    const run = () =>
      bounded(requestWords(this.deviceLabel, op), options.timeoutMs ?? TIMEOUTS.requestMs, options.signal, (signal) =>
        this.exchange(op, args, signal),
      );
    const result = this.queue.then(run, run).catch((error: unknown) => {
      // A refusal is a normal answer. Anything else (a timeout, a cancel, a bad frame) may leave a reply
      // in flight that would put the counters out of step: the session ends and the caller reconnects.
      if (refusals.has(error as object)) throw error;
      this.end(`${op} failed: ${(error as Error).message}`);
      throw this.linkLost ? linkLostError(this.deviceLabel, { cause: error, peerSilent: this.peerSilent, reason: this.closedReason }) : error;
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  onEvent(listener: (event: DeviceEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called when events were missed (the device skipped counters): the caller re-reads what it shows. */
  onEventGap(listener: (missed: number) => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  close(reason = 'closed by the app'): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const cleanup of this.cleanups) cleanup();
    this.waiter?.reject(this.linkLost ? linkLostError(this.deviceLabel, { peerSilent: this.peerSilent, reason }) : new FlussError('DISCONNECTED', `The link to ${this.deviceLabel} was closed.`, 'Reconnect to the device.'));
    this.waiter = undefined;
  }

  /** Ends the session and drops the link, so nothing half-done lingers on either side. */
  private end(reason: string): void {
    if (this.closed) return;
    this.close(reason);
    this.link.disconnect().catch(() => undefined);
  }

  private async handshake(credential: Credential, expect: HandshakeExpectation, signal: AbortSignal): Promise<void> {
    const controlIn = new Reassembler();
    this.cleanups.push(
      this.link.onDisconnect((reason) => {
        this.linkLost = true;
        this.peerSilent = /supervision/i.test(reason);
        this.close(`link lost: ${reason}`);
      }),
    );
    await this.link.subscribe(this.profile.service, this.profile.control, (packet) => {
      const message = controlIn.push(packet);
      if (!message.ok) return this.fail(message.error);
      if (!message.value) return;
      if (frameType(message.value) === FRAME_EVENT) this.onEventFrame(message.value);
      else this.waiter?.resolve(message.value);
    }, { signal });

    const handshake = startClientHandshake(credential, cryptoRandom, expect);
    const reply = await this.roundTrip(handshake.hello, signal);
    const finished = handshake.finish(reply);
    if (!finished.ok) throw FlussError.fromData(finished.error);
    this.session = finished.value.session;
    this.proven = finished.value.peer;
    const early = this.earlyEvents ?? [];
    this.earlyEvents = undefined;
    for (const frame of early) this.onEventFrame(frame);
  }

  private async exchange<O extends Op>(op: O, args: ArgsOf<O>, signal: AbortSignal): Promise<ResultOf<O>> {
    const session = this.liveSession();
    const id = this.nextId++;
    const request = encodeRequest({ id, op, args } as never);
    const sealed = this.authSent ? session.sealRequest(request) : session.sealAuth(request);
    this.authSent = true;
    const frame = await this.roundTrip(sealed, signal);
    const opened = session.openResponse(frame);
    if (!opened.ok) throw FlussError.fromData(opened.error);
    const response = decodeResponse(opened.value);
    if (!response.ok) throw FlussError.fromData(response.error);
    if (response.value.id !== id && response.value.id !== 0) {
      throw new FlussError('PROTOCOL_ERROR', `${this.deviceLabel} answered a different request.`, 'Reconnect to the device.');
    }
    if (!response.value.ok) {
      const refusal = FlussError.fromData(response.value.error);
      refusals.add(refusal);
      throw refusal;
    }
    const result = decodeResult(op, response.value.result);
    if (!result.ok) throw FlussError.fromData(result.error);
    return result.value;
  }

  /**
   * Writes a message and waits for the next whole message on the control point. The frame is not
   * interpreted here: clear ERROR frames are only believed where the secure session allows them.
   */
  private roundTrip(message: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      this.waiter = {
        resolve: (frame) => {
          this.waiter = undefined;
          signal.removeEventListener('abort', onAbort);
          resolve(frame);
        },
        reject: (error) => {
          this.waiter = undefined;
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.send(message, signal).catch((error: unknown) => reject(error as Error));
    });
  }

  private async send(message: Uint8Array, signal: AbortSignal): Promise<void> {
    for (const packet of segment(message, this.link.mtu)) {
      // Write Command: every message is sealed, counted and answered, so an ATT acknowledgement adds nothing.
      await this.link.write(this.profile.service, this.profile.control, packet, { signal, withoutResponse: true });
    }
  }

  private onEventFrame(frame: Uint8Array): void {
    if (!this.session) {
      if (this.earlyEvents && this.earlyEvents.length < MAX_EARLY_EVENTS) this.earlyEvents.push(frame);
      return;
    }
    const opened = this.session.openEvent(frame);
    if (!opened.ok) return; // a forged or replayed event is dropped, never shown
    if (opened.value.missed > 0) for (const listener of this.gapListeners) listener(opened.value.missed);
    const event = decodeEvent(opened.value.plain);
    if (!event.ok) return;
    for (const listener of this.eventListeners) listener(event.value);
  }

  private fail(error: ErrorData): void {
    this.waiter?.reject(FlussError.fromData(error));
  }

  private liveSession(): ClientSession {
    if (this.linkLost) throw linkLostError(this.deviceLabel, { peerSilent: this.peerSilent, reason: this.closedReason });
    if (this.closedReason !== undefined || !this.session) {
      throw new FlussError('DISCONNECTED', `The link to ${this.deviceLabel} is down (${this.closedReason ?? 'not open'}).`, 'Reconnect to the device.');
    }
    return this.session;
  }
}
