/**
 * The ATT bearer of one link on the in-process air: each PDU the central sends is carried at a connection
 * event (one interval), handled by the device's SimGattServer, and its response carried back at the next
 * event (a second interval: a peer answers in the event after the one that brought the request); one request
 * at a time, as ATT allows (Vol 3 Part F 3.3.2). Every PDU is counted as the virtual controller counts it.
 */
import type { AttBearer } from '../transport/att/attBearer';
import type { AttCounters } from '../transport/att/attCounters';
import { notification } from '../transport/att/attPdu';
import type { SimGattServer } from './simGatt';

export interface SimAir {
  /** Throws DISCONNECTED when the link is down; may drop the link first (fault injection). */
  beforeSend(): void;
  /** Waits for the connection event that carries a PDU (and charges its air time). */
  carry(signal?: AbortSignal): Promise<void>;
}

export class SimBearer implements AttBearer {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(handle: number, value: Uint8Array) => void>();

  constructor(
    private readonly server: SimGattServer,
    private readonly counters: AttCounters,
    private readonly air: SimAir,
  ) {}

  get mtu(): number {
    return this.server.negotiatedMtu;
  }

  request(pdu: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return this.serially(async () => {
      await this.send(pdu, signal);
      const response = (await this.server.handle(pdu)) ?? new Uint8Array(0);
      // The server answers at the next connection event: a round trip costs two, as on the virtual air.
      await this.air.carry(signal);
      this.counters.count('in', response, 0);
      return response;
    });
  }

  command(pdu: Uint8Array, signal?: AbortSignal): Promise<void> {
    return this.serially(async () => {
      await this.send(pdu, signal);
      await this.server.handle(pdu);
    });
  }

  onNotification(listener: (handle: number, value: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A notification the device sent, now arrived: dropped unless the central enabled it (its CCCD). */
  deliver(characteristic: string, value: Uint8Array): void {
    const handle = this.server.notificationHandle(characteristic);
    if (handle === undefined) return;
    this.counters.count('in', notification(handle, value), 0);
    for (const listener of this.listeners) listener(handle, value);
  }

  private async send(pdu: Uint8Array, signal?: AbortSignal): Promise<void> {
    this.air.beforeSend();
    this.counters.count('out', pdu, 0);
    await this.air.carry(signal);
  }

  private serially<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
