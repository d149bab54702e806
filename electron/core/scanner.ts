/**
 * A live view of what is advertising nearby: classified (intercom, gate, other), one entry per device,
 * signal smoothed, devices that stop advertising aged out, and changes coalesced so a busy site with
 * hundreds of advertisers does not flood the UI.
 */
import { classifyAdvertisement, modelName } from '../protocol/advertising';
import type { Advertisement, Transport } from '../transport/transport';

export type DeviceClass = 'intercom' | 'gate' | 'other';

export interface ScannedDevice {
  /** The device id for Fluss+ devices (stable across platforms), the address for anything else. */
  key: string;
  address: string;
  kind: DeviceClass;
  deviceId?: string;
  name: string;
  claimed?: boolean;
  model?: string;
  firmware?: string;
  /** Smoothed RSSI in dBm. */
  rssi: number;
  firstSeen: number;
  lastSeen: number;
}

export interface ScannerOptions {
  /** A device not heard for this long is dropped. */
  staleAfterMs?: number;
  /** Changes are reported at most this often. */
  coalesceMs?: number;
  /** Weight of a new RSSI sample in the moving average. */
  smoothing?: number;
  now?: () => number;
}

export class Scanner {
  private readonly seen = new Map<string, ScannedDevice>();
  private readonly listeners = new Set<(devices: ScannedDevice[]) => void>();
  private flushTimer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  private readonly staleAfterMs: number;
  private readonly coalesceMs: number;
  private readonly smoothing: number;
  private readonly now: () => number;

  constructor(
    private readonly transport: Transport,
    options: ScannerOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
    this.coalesceMs = options.coalesceMs ?? 200;
    this.smoothing = options.smoothing ?? 0.3;
    this.now = options.now ?? Date.now;
  }

  async start(signal?: AbortSignal): Promise<void> {
    await this.transport.startScan((advertisement) => this.observe(advertisement), signal ? { signal } : {});
    this.ageTimer = setInterval(() => this.ageOut(), Math.max(250, this.staleAfterMs / 4));
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  async stop(): Promise<void> {
    clearInterval(this.ageTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.transport.stopScan();
  }

  /** Every device currently heard, strongest signal first. */
  devices(): ScannedDevice[] {
    return [...this.seen.values()].sort((a, b) => b.rssi - a.rssi || a.name.localeCompare(b.name));
  }

  onChange(listener: (devices: ScannedDevice[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feeds one advertising report in (the transport does this while scanning). */
  observe(advertisement: Advertisement): void {
    const classified = classifyAdvertisement(advertisement);
    const key = classified.kind === 'other' ? advertisement.address : classified.deviceId;
    const previous = this.seen.get(key);
    const rssi = previous ? previous.rssi + this.smoothing * (advertisement.rssi - previous.rssi) : advertisement.rssi;
    const base = {
      key,
      address: advertisement.address,
      name: advertisement.localName ?? previous?.name ?? (classified.kind === 'other' ? 'Unknown device' : key),
      rssi: Math.round(rssi * 10) / 10,
      firstSeen: previous?.firstSeen ?? advertisement.receivedAt,
      lastSeen: advertisement.receivedAt,
    };
    this.seen.set(
      key,
      classified.kind === 'other'
        ? { ...base, kind: 'other' }
        : {
            ...base,
            kind: classified.kind,
            deviceId: classified.deviceId,
            claimed: classified.claimed,
            model: modelName(classified.modelCode),
            firmware: classified.firmware,
          },
    );
    this.scheduleFlush();
  }

  private ageOut(): void {
    const cutoff = this.now() - this.staleAfterMs;
    let changed = false;
    for (const [key, device] of this.seen) {
      if (device.lastSeen < cutoff) {
        this.seen.delete(key);
        changed = true;
      }
    }
    if (changed) this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const snapshot = this.devices();
      for (const listener of this.listeners) listener(snapshot);
    }, this.coalesceMs);
  }
}
