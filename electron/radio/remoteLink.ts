/** A Link whose connection lives in the radio process: every operation is a RadioTransport call. */
import { FlussError } from '../protocol/errors';
import type { Link, LinkStats, WriteOptions } from '../transport/transport';
import { bytesSchema } from './messages';
import type { RadioTransport } from './radioTransport';

export class RemoteLink implements Link {
  private readonly listeners = new Set<(reason: string) => void>();
  private state: 'open' | 'closed' = 'open';
  /** What this side asked for, estimated: the ATT traffic itself is counted in the radio process. */
  private readonly counters: LinkStats = { pdusOut: 0, pdusIn: 0, bytesOut: 0, bytesIn: 0, airTimeMs: 0, requests: 0, responses: 0, commands: 0, notifications: 0, exchanges: 0 };

  constructor(
    private readonly id: number,
    readonly address: string,
    readonly mtu: number,
    private readonly radio: RadioTransport,
    private readonly onClosed: () => void,
  ) {}

  get connected(): boolean {
    return this.state === 'open';
  }

  async read(service: string, characteristic: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    this.live();
    const { data } = bytesSchema.parse(await this.radio.call({ op: 'read', link: this.id, service, characteristic }, options.signal));
    const bytes = new Uint8Array(Buffer.from(data, 'base64'));
    this.count(bytes.length, 'in');
    return bytes;
  }

  async write(service: string, characteristic: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    this.live();
    this.count(data.length, 'out');
    const withoutResponse = options.withoutResponse === true;
    await this.radio.call({ op: 'write', link: this.id, service, characteristic, data: Buffer.from(data).toString('base64'), withoutResponse }, options.signal);
  }

  async subscribe(service: string, characteristic: string, onValue: (value: Uint8Array) => void, options: { signal?: AbortSignal } = {}) {
    this.live();
    const sub = await this.radio.subscribe({ op: 'subscribe', link: this.id, service, characteristic }, (value) => {
      if (!this.connected) return;
      this.count(value.length, 'in');
      onValue(value);
    }, options.signal);
    return async () => {
      this.radio.notifications.delete(sub);
      if (this.connected) await this.radio.call({ op: 'unsubscribe', sub });
    };
  }

  onDisconnect(listener: (reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async disconnect(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.onClosed();
    await this.radio.call({ op: 'disconnect', link: this.id }, undefined, 5_000).catch(() => undefined);
  }

  stats(): LinkStats {
    return { ...this.counters };
  }

  /** The radio process reported the link lost, or the process itself is gone. */
  lost(reason: string): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.onClosed();
    for (const listener of this.listeners) listener(reason);
  }

  private live(): void {
    if (this.state !== 'open') throw new FlussError('DISCONNECTED', 'The Bluetooth link is down.', 'Reconnect to the device.');
  }

  private count(bytes: number, direction: 'in' | 'out'): void {
    if (direction === 'out') {
      this.counters.pdusOut += 1;
      this.counters.bytesOut += bytes;
    } else {
      this.counters.pdusIn += 1;
      this.counters.bytesIn += bytes;
    }
  }
}
