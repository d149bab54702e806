/**
 * One noble connection as a Link: every GATT operation through one bounded queue, characteristics reached
 * by handle where the binding allows it (the HCI bindings, with the GATT cache) or through noble's objects
 * where the OS owns GATT, notifications delivered to subscribers, and the link's end reported once.
 */
import type { Noble, Peripheral } from '@stoprocent/noble';
import { FlussError } from '../../protocol/errors';
import type { Link, LinkStats } from '../transport';
import { AttCounters } from '../att/attCounters';
import { ATT } from '../att/attPdu';
import type { GattAccess } from '../att/gattAccess';
import type { WantedService } from '../att/gattLayout';
import { HandleAccess, resolveLayout, type LayoutRequest } from '../att/handleAccess';
import { DEFAULT_ATT_MTU } from '../att/attPdu';
import { disconnected, GattQueue } from './gattQueue';
import { nobleAttBearer } from './nobleAttBearer';
import { objectAccess } from './objectAccess';

export interface NobleLinkOptions {
  gattTimeoutMs: number;
  disconnectTimeoutMs: number;
  /** What the link needs of the device, and the cache of what is known about it (absent: discover all). */
  layout?: LayoutRequest;
  /**
   * Called once when the link ends either way: lost, or closed by disconnect(). The transport's set of
   * open links forgets it then; onDisconnect hears only losses, so a link the app closed stayed there.
   */
  onClosed?: (link: NobleLink) => void;
}

export class NobleLink implements Link {
  readonly address: string;
  private readonly queue: GattQueue;
  private readonly listeners = new Set<(reason: string) => void>();
  private readonly counters = new AttCounters();
  private state: 'open' | 'closing' | 'closed' = 'open';
  private readonly onPeripheralDisconnect: (reason: unknown) => void;
  private access: GattAccess | undefined;
  private readonly disconnectTimeoutMs: number;
  private readonly onClosed: ((link: NobleLink) => void) | undefined;

  private constructor(
    private readonly peripheral: Peripheral,
    options: NobleLinkOptions,
  ) {
    this.address = peripheral.address && peripheral.address !== 'unknown' ? peripheral.address.toLowerCase() : peripheral.id;
    this.queue = new GattQueue(options.gattTimeoutMs);
    this.disconnectTimeoutMs = options.disconnectTimeoutMs;
    this.onClosed = options.onClosed;
    this.onPeripheralDisconnect = (reason) => this.lost(describeReason(reason));
    peripheral.once('disconnect', this.onPeripheralDisconnect);
  }

  /**
   * A link on a connected peripheral, its layout known: from the GATT cache (checked with one request),
   * else by discovery of the wanted services only. The caller disconnects if this rejects.
   */
  static async open(noble: Noble, peripheral: Peripheral, options: NobleLinkOptions, signal?: AbortSignal): Promise<NobleLink> {
    const link = new NobleLink(peripheral, options);
    const bearer = nobleAttBearer(noble, peripheral, link.counters);
    // noble's HCI binding exchanges the MTU as the connection opens: one request and its response.
    if (bearer) {
      link.counters.countOpcode('out', ATT.mtuReq, 3);
      link.counters.countOpcode('in', ATT.mtuRsp, 3);
    }
    const wanted: WantedService[] | undefined = options.layout?.wanted;
    link.access = await link.queue.run(
      "discovering the device's services",
      async () => {
        if (!bearer) return objectAccess(peripheral, wanted, link.counters);
        const { layout, source } = await resolveLayout(bearer, options.layout ?? { wanted: [] }, signal);
        return new HandleAccess(bearer, layout, source);
      },
      signal,
    );
    return link;
  }

  get mtu(): number {
    return this.peripheral.mtu ?? DEFAULT_ATT_MTU;
  }

  get connected(): boolean {
    return this.state === 'open';
  }

  /** Where the layout came from: 'cache', 'discovered', 'rediscovered', or 'stack' (the OS's own). */
  get layoutSource(): GattAccess['source'] | undefined {
    return this.access?.source;
  }

  async read(service: string, characteristic: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const access = this.live();
    return await this.queue.run('a read', () => access.read(service, characteristic, options.signal), options.signal);
  }

  async write(service: string, characteristic: string, data: Uint8Array, options: { signal?: AbortSignal; withoutResponse?: boolean } = {}): Promise<void> {
    if (data.length > this.mtu - 3) {
      throw new FlussError('PROTOCOL_ERROR', `A write of ${data.length} bytes exceeds ATT_MTU - 3 (${this.mtu - 3}).`);
    }
    const access = this.live();
    await this.queue.run('a write', () => access.write(service, characteristic, data, options.withoutResponse === true, options.signal), options.signal);
  }

  async subscribe(service: string, characteristic: string, onValue: (value: Uint8Array) => void, options: { signal?: AbortSignal } = {}) {
    const access = this.live();
    const deliver = (value: Uint8Array) => {
      if (this.connected) onValue(value);
    };
    await this.queue.run('enabling notifications', () => access.enableNotifications(service, characteristic, deliver, options.signal), options.signal);
    return async () => {
      if (this.connected) await this.queue.run('disabling notifications', () => access.disableNotifications(service, characteristic));
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
    this.access?.close();
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
    this.listeners.clear();
    this.onClosed?.(this);
  }

  stats(): LinkStats {
    return this.counters.snapshot();
  }

  private lost(reason: string): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.queue.linkDown(reason);
    this.access?.close();
    for (const listener of this.listeners) listener(reason);
    this.listeners.clear();
    this.onClosed?.(this);
  }

  private live(): GattAccess {
    if (!this.connected || this.queue.isDown || !this.access) throw disconnected('the link was closed');
    return this.access;
  }
}

/** noble passes the HCI reason code (0x08 supervision timeout, 0x13 remote user terminated, ...). */
function describeReason(reason: unknown): string {
  if (typeof reason === 'number') {
    const known: Record<number, string> = { 0x08: 'supervision timeout', 0x13: 'the device ended the connection', 0x16: 'ended by this computer', 0x3e: 'connection failed to be established' };
    return `${known[reason] ?? 'link lost'}, HCI reason 0x${reason.toString(16).padStart(2, '0')}`;
  }
  return typeof reason === 'string' && reason !== '' ? reason : 'link lost';
}
