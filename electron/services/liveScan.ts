/**
 * The Devices screen's live scan: the core Scanner (classified, smoothed, aged out, coalesced about
 * every 200 ms) feeding 'scan.devices' with the whole current list.
 */
import type { ScannedDeviceView } from '../ipc/contract';
import { Scanner, type ScannedDevice } from '../core/scanner';
import type { Transport } from '../transport/transport';
import type { SeenDevice } from './prefsStore';

export interface LiveScanDeps {
  transport: () => Transport;
  emit: (devices: ScannedDeviceView[]) => void;
  /** Told of the Fluss+ devices heard, to remember them. */
  onSeen?: (devices: SeenDevice[]) => void;
  coalesceMs?: number;
  staleAfterMs?: number;
}

export class LiveScan {
  private scanner: Scanner | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly deps: LiveScanDeps) {}

  get active(): boolean {
    return this.scanner !== undefined;
  }

  async start(): Promise<void> {
    if (this.scanner) {
      this.deps.emit(this.scanner.devices().map(toView)); // a second start (a reloaded window) gets the list at once
      return;
    }
    const scanner = new Scanner(this.deps.transport(), {
      coalesceMs: this.deps.coalesceMs ?? 200,
      ...(this.deps.staleAfterMs === undefined ? {} : { staleAfterMs: this.deps.staleAfterMs }),
    });
    scanner.onChange((devices) => {
      this.deps.emit(devices.map(toView));
      this.deps.onSeen?.(devices.flatMap(toSeen));
    });
    this.scanner = scanner;
    this.controller = new AbortController();
    try {
      await scanner.start(this.controller.signal);
    } catch (error) {
      this.scanner = undefined;
      throw error;
    }
  }

  async stop(): Promise<void> {
    const scanner = this.scanner;
    this.scanner = undefined;
    this.controller?.abort();
    await scanner?.stop();
  }
}

export function toView(d: ScannedDevice): ScannedDeviceView {
  return {
    key: d.key,
    kind: d.kind,
    name: d.name,
    rssi: d.rssi,
    lastSeen: d.lastSeen,
    ...(d.deviceId === undefined ? {} : { deviceId: d.deviceId }),
    ...(d.claimed === undefined ? {} : { claimed: d.claimed }),
    ...(d.model === undefined ? {} : { model: d.model }),
    ...(d.firmware === undefined ? {} : { firmware: d.firmware }),
  };
}

function toSeen(d: ScannedDevice): SeenDevice[] {
  return d.kind === 'other' || d.deviceId === undefined ? [] : [{ deviceId: d.deviceId, kind: d.kind, name: d.name, lastSeen: d.lastSeen }];
}
