/**
 * A Transport whose radio runs in another process (radioProcess.ts): the app's side of issue 8, item 8.
 * Every call is a message with an id, bounded by a timeout and cancellable (a `cancel` follows an abort).
 * The process is watched: if it exits, or stops answering pings (a hang in the native stack), it is
 * killed, every pending call and open link fails with "The Bluetooth service stopped; restarting…", and a
 * new one is started within a few seconds; a scan that was running is started again on it. Sessions
 * reopen through SessionKeeper on their next call (or Reconnect), as after any lost link.
 */
import { FlussError, type ErrorCode } from '../protocol/errors';
import type { Advertisement, Link, ScanOptions, Transport } from '../transport/transport';
import { RADIO_STOPPED_REASON } from '../transport/linkReasons';
import { connectedSchema, fromRadioSchema, subscribedSchema, type RadioCall } from './messages';
import { writeH4Batch } from './h4Receiver';
import type { RadioChild } from './radioChild';
import type { BleTraceSink } from '../diagnostics/bleTrace';
import { RemoteLink } from './remoteLink';

export type RadioStatus = { state: 'running' } | { state: 'restarting'; message: string };

export interface RadioTransportOptions {
  name: string;
  spawn: () => RadioChild;
  /** Upper bound of one call (the core bounds sooner). */
  callTimeoutMs?: number;
  /** Ping period, and how long without a pong counts as a hang. */
  pingMs?: number;
  hangMs?: number;
  onStatus?: (status: RadioStatus) => void;
  /**
   * Where the radio's H4 packets go (the app's diagnostics trace). The radio sends them only when its
   * options ask (`traceH4`) and its binding carries H4; they arrive redacted and are acknowledged here.
   */
  trace?: BleTraceSink;
}

export const RADIO_STOPPED = 'The Bluetooth service stopped; restarting…';
const RESTART_DELAYS_MS = [200, 1_000, 3_000, 5_000];
/** How long a new radio process may take to load its stack and say it is ready. */
const STARTUP_MS = 8_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: FlussError) => void;
}

export class RadioTransport implements Transport {
  readonly name: string;
  private child: RadioChild | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly links = new Map<number, RemoteLink>();
  readonly notifications = new Map<number, (value: Uint8Array) => void>();
  private scan: { onAdvertisement: (ad: Advertisement) => void; serviceUuids: string[] } | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private lastPong = 0;
  /** Whether the current process said it is ready: until then it is starting (loading noble), not hung. */
  private ready = false;
  private restarts = 0;
  private closed = false;
  /** How many radio processes have been started (tests and the support log read it). */
  generation = 0;
  /**
   * Whether the radio feeds `trace` with its H4 stream (it said so when ready): then the app need not
   * trace its links at the GATT level. Known once a radio process has said it is ready.
   */
  tracesH4 = false;

  constructor(private readonly options: RadioTransportOptions) {
    this.name = options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  probe(signal?: AbortSignal): Promise<void> {
    return this.call({ op: 'probe' }, signal).then(() => undefined);
  }

  async startScan(onAdvertisement: (advertisement: Advertisement) => void, options: ScanOptions = {}): Promise<void> {
    this.scan = { onAdvertisement, serviceUuids: options.serviceUuids ?? [] };
    options.signal?.addEventListener('abort', () => void this.stopScan().catch(() => undefined), { once: true });
    await this.call({ op: 'startScan', serviceUuids: this.scan.serviceUuids }, options.signal);
  }

  async stopScan(): Promise<void> {
    this.scan = undefined;
    if (this.child) await this.call({ op: 'stopScan' });
  }

  async connect(address: string, options: { signal?: AbortSignal } = {}): Promise<Link> {
    const answer = connectedSchema.parse(await this.call({ op: 'connect', address }, options.signal));
    const link = new RemoteLink(answer.link, answer.address, answer.mtu, this, () => this.links.delete(answer.link));
    this.links.set(answer.link, link);
    return link;
  }

  async subscribe(call: RadioCall & { op: 'subscribe' }, onValue: (value: Uint8Array) => void, signal?: AbortSignal): Promise<number> {
    const { sub } = subscribedSchema.parse(await this.call(call, signal));
    this.notifications.set(sub, onValue);
    return sub;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pingTimer);
    if (this.child) await this.call({ op: 'close' }, undefined, 5_000).catch(() => undefined);
    this.child?.kill();
    this.child = undefined;
  }

  /** One call to the radio process: bounded, cancellable, answered or failed when the process dies. */
  call(call: RadioCall, signal?: AbortSignal, timeoutMs = this.options.callTimeoutMs ?? 30_000): Promise<unknown> {
    if (this.closed && call.op !== 'close') return Promise.reject(new FlussError('ABORTED', 'The Bluetooth service was closed.'));
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = () => {
        finish();
        child.send({ t: 'cancel', id });
        const reason: unknown = signal?.reason;
        reject(reason instanceof FlussError ? reason : new FlussError('ABORTED', 'The Bluetooth operation was cancelled.'));
      };
      const timer = setTimeout(() => {
        finish();
        child.send({ t: 'cancel', id });
        reject(new FlussError('TIMEOUT', 'The Bluetooth service did not answer in time.', 'Try again; if it keeps happening, restart the app.'));
      }, timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          finish();
          resolve(value);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      child.send({ t: 'call', id, call });
    });
  }

  private ensureChild(): RadioChild {
    if (this.child) return this.child;
    const child = this.options.spawn();
    this.child = child;
    this.generation += 1;
    this.lastPong = Date.now();
    this.ready = false;
    child.onMessage((raw) => this.onMessage(child, raw));
    child.onExit((description) => this.onExit(child, description));
    let n = 0;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      const limit = this.ready ? (this.options.hangMs ?? 3_000) : STARTUP_MS;
      if (Date.now() - this.lastPong > limit) {
        child.kill(); // a hang: onExit restarts it
        return;
      }
      child.send({ t: 'ping', n: n++ });
    }, this.options.pingMs ?? 1_000);
    this.pingTimer.unref();
    return child;
  }

  private onMessage(child: RadioChild, raw: unknown): void {
    if (child !== this.child) return;
    const parsed = fromRadioSchema.safeParse(raw);
    if (!parsed.success) return; // a torn or foreign message: the call's own timeout answers it
    const message = parsed.data;
    this.lastPong = Date.now();
    switch (message.t) {
      case 'ready':
        this.ready = true;
        this.tracesH4 = message.tracesH4;
        this.restarts = 0;
        this.options.onStatus?.({ state: 'running' });
        return;
      case 'pong':
        return;
      case 'result': {
        const waiter = this.pending.get(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new FlussError(asCode(message.error.code), message.error.message, message.error.hint));
        return;
      }
      case 'adverts':
        for (const { manufacturerData, ...ad } of message.items) {
          this.scan?.onAdvertisement({ ...ad, ...(manufacturerData === undefined ? {} : { manufacturerData: new Uint8Array(Buffer.from(manufacturerData, 'base64')) }) });
        }
        return;
      case 'notify':
        this.notifications.get(message.sub)?.(new Uint8Array(Buffer.from(message.value, 'base64')));
        return;
      case 'linkLost':
        this.links.get(message.link)?.lost(message.reason);
        return;
      case 'h4':
        if (this.options.trace) writeH4Batch(this.options.trace, message.packets, message.dropped);
        // Written (or no trace to write to): the radio may send the next batch.
        child.send({ t: 'h4Ack', seq: message.seq });
        return;
    }
  }

  private onExit(child: RadioChild, description: string): void {
    if (child !== this.child) return;
    this.child = undefined;
    clearInterval(this.pingTimer);
    const stopped = () => new FlussError('ADAPTER_UNAVAILABLE', RADIO_STOPPED, 'Try again in a few seconds; the app reconnects on its own.');
    for (const waiter of [...this.pending.values()]) waiter.reject(stopped());
    for (const link of [...this.links.values()]) link.lost(`${RADIO_STOPPED_REASON} (${description})`);
    this.notifications.clear();
    if (this.closed) return;
    this.options.onStatus?.({ state: 'restarting', message: RADIO_STOPPED });
    const delay = RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)] ?? 5_000;
    this.restarts += 1;
    setTimeout(() => {
      if (this.closed || this.child) return;
      this.ensureChild();
      const scan = this.scan;
      if (scan) this.call({ op: 'startScan', serviceUuids: scan.serviceUuids }).catch(() => undefined);
    }, delay).unref();
  }
}

function asCode(code: string): ErrorCode {
  return code as ErrorCode;
}
