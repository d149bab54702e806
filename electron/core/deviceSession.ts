/**
 * An authenticated session with one device: the secure control channel, whose handshake also proves the
 * device's identity and carries its info (protocol version 2). IntercomSession and GateSession expose each
 * op as a method; every method is bounded and cancellable.
 */
import { decodeInfo } from '../protocol/codec';
import { FlussError } from '../protocol/errors';
import { PROFILES, type DeviceKind } from '../protocol/gattProfile';
import type { ArgsOf, DeviceEvent, DeviceInfo, Op, ResultOf } from '../protocol/messages';
import type { Credential, ProvenDevice } from '../protocol/secureSession';
import type { TrustPolicy } from '../protocol/trustAnchors';
import type { Link, LinkStats, Transport } from '../transport/transport';
import { ControlChannel } from './controlChannel';
import { newRequestId } from './requestId';
import { listAllCodes, readAuditBackward, readAuditForward } from './pagedReads';
import { bounded, TIMEOUTS, type OperationOptions } from './deadline';

export interface DeviceTarget {
  address: string;
  kind: DeviceKind;
  /** How the technician knows it, for messages: its name, else its id. */
  label: string;
}

/** Whom the session must prove to be talking to (docs/protocol.md, "Client check"). */
export interface SessionTrust {
  /** Which factory keys' certificates to believe. */
  trust: TrustPolicy;
  /** The device id the app set out to reach (from its advertisement), if known. */
  deviceId?: string | undefined;
}

/** A credential, with the identity key pinned when it was filed (claim, import). */
export interface PinnedCredential extends Credential {
  identityKey?: Uint8Array | undefined;
}

/** Reads a device's info characteristic, which needs no session (so it works on unclaimed intercoms). */
export async function readDeviceInfo(transport: Transport, target: DeviceTarget, options: OperationOptions = {}): Promise<DeviceInfo> {
  const link = await bounded(`connecting to ${target.label}`, options.timeoutMs ?? TIMEOUTS.connectMs, options.signal, (signal) =>
    transport.connect(target.address, { signal }),
  );
  try {
    return await readInfo(link, target, options.signal);
  } finally {
    await bounded(`disconnecting from ${target.label}`, TIMEOUTS.readMs, undefined, () => link.disconnect()).catch(() => undefined);
  }
}

async function readInfo(link: Link, target: DeviceTarget, callerSignal: AbortSignal | undefined): Promise<DeviceInfo> {
  const profile = PROFILES[target.kind];
  const bytes = await bounded(`reading ${target.label}'s info`, TIMEOUTS.readMs, callerSignal, (signal) =>
    link.read(profile.service, profile.info, { signal }),
  );
  const info = decodeInfo(bytes);
  if (!info.ok) throw FlussError.fromData(info.error);
  if (info.value.kind !== target.kind) {
    throw new FlussError('PROTOCOL_ERROR', `${target.label} says it is a ${info.value.kind}, not a ${target.kind}.`);
  }
  return info.value;
}

export class DeviceSession {
  protected constructor(
    protected readonly link: Link,
    protected readonly channel: ControlChannel,
    readonly identity: Credential['userId'],
  ) {}

  protected static async establish(
    transport: Transport,
    target: DeviceTarget,
    credential: PinnedCredential,
    trust: SessionTrust,
    options: OperationOptions,
  ): Promise<{ link: Link; channel: ControlChannel }> {
    const timeoutMs = options.timeoutMs ?? TIMEOUTS.connectMs;
    const link = await bounded(`connecting to ${target.label}`, timeoutMs, options.signal, (signal) =>
      transport.connect(target.address, { signal }),
    );
    try {
      const expect = { kind: target.kind, trust: trust.trust, deviceId: trust.deviceId, identityKey: credential.identityKey };
      const channel = await ControlChannel.open(link, PROFILES[target.kind], credential, expect, target.label, options);
      return { link, channel };
    } catch (error) {
      await link.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** The device's info, as its handshake carried it (bound into the transcript). */
  get info(): DeviceInfo {
    return this.channel.peer.info;
  }

  /** The identity the device proved: credentials are filed and checked against this, never against info alone. */
  get peer(): ProvenDevice {
    return this.channel.peer;
  }

  get connected(): boolean {
    return this.link.connected && !this.channel.closed;
  }

  get label(): string {
    return this.info.name || this.info.deviceId;
  }

  request<O extends Op>(op: O, args: ArgsOf<O>, options?: OperationOptions): Promise<ResultOf<O>> {
    return this.channel.request(op, args, options);
  }

  onEvent(listener: (event: DeviceEvent) => void): () => void {
    return this.channel.onEvent(listener);
  }

  /** Called with the number of events missed when the device's event counter skips ahead. */
  onEventGap(listener: (missed: number) => void): () => void {
    return this.channel.onEventGap(listener);
  }

  /** Called once if the link drops; the session is unusable afterwards. */
  onDisconnect(listener: (reason: string) => void): () => void {
    return this.link.onDisconnect(listener);
  }

  stats(): LinkStats {
    return this.link.stats();
  }

  async close(): Promise<void> {
    this.channel.close();
    await bounded(`disconnecting from ${this.label}`, TIMEOUTS.readMs, undefined, () => this.link.disconnect()).catch(
      () => undefined, // the link is gone either way; a disconnect that never completes must not hang the app
    );
  }
}

export class IntercomSession extends DeviceSession {
  static async connect(transport: Transport, target: Omit<DeviceTarget, 'kind'>, credential: PinnedCredential, trust: SessionTrust, options: OperationOptions = {}) {
    const { link, channel } = await DeviceSession.establish(transport, { ...target, kind: 'intercom' }, credential, trust, options);
    return new IntercomSession(link, channel, credential.userId);
  }

  getSettings(options?: OperationOptions) {
    return this.request('settings.get', {}, options);
  }
  /** Every code listed, across the device's pages (pagedReads.ts). */
  listCodes(options?: OperationOptions) {
    return listAllCodes(this, options);
  }
  createCode(requestId: string, options?: OperationOptions) {
    return this.request('codes.create', { requestId }, options);
  }
  revokeCode(codeId: string, options?: OperationOptions, requestId = newRequestId()) {
    return this.request('codes.revoke', { requestId, codeId }, options).then((r) => r.code);
  }
  keypadEnter(digits: string, options?: OperationOptions) {
    return this.request('keypad.enter', { digits }, options);
  }
  clearLockout(options?: OperationOptions) {
    return this.request('keypad.clearLockout', {}, options);
  }
  listUsers(options?: OperationOptions) {
    return this.request('users.list', {}, options).then((r) => r.users);
  }
  addSharedUser(userId: string, key: Uint8Array, options?: OperationOptions, requestId = newRequestId()) {
    return this.request('users.add', { requestId, userId, role: 'shared', key }, options);
  }
  removeUser(userId: string, options?: OperationOptions, requestId = newRequestId()) {
    return this.request('users.remove', { requestId, userId }, options);
  }
  claim(ownerUserId: string, ownerKey: Uint8Array, options?: OperationOptions, requestId = newRequestId()) {
    return this.request('claim', { requestId, ownerUserId, ownerKey }, options);
  }
  /** Audit entries from fromSeq on, oldest first, across pages, at most maxEntries. */
  readAudit(fromSeq: number, maxEntries: number, options?: OperationOptions) {
    return readAuditForward(this, fromSeq, maxEntries, options);
  }
  /** The newest audit entries before beforeSeq (or the newest of all), at most maxEntries: history, newest first. */
  readAuditHistory(beforeSeq: number | undefined, maxEntries: number, options?: OperationOptions) {
    return readAuditBackward(this, beforeSeq, maxEntries, options);
  }
}

/**
 * A session with a gate. Until its first request it is a listening session: the gate has proved its
 * identity and the user key, AUTH has not been sent, and its relay and identify events already arrive
 * (docs/protocol.md, "Listening sessions"). Test-fire uses it so, at 4 exchanges for a known gate.
 */
export class GateSession extends DeviceSession {
  static async connect(transport: Transport, target: Omit<DeviceTarget, 'kind'>, credential: PinnedCredential, trust: SessionTrust, options: OperationOptions = {}) {
    const { link, channel } = await DeviceSession.establish(transport, { ...target, kind: 'gate' }, credential, trust, options);
    return new GateSession(link, channel, credential.userId);
  }

  identify(options?: OperationOptions) {
    return this.request('gate.identify', {}, options);
  }
  testTrigger(options?: OperationOptions) {
    return this.request('gate.testTrigger', {}, options);
  }
}
