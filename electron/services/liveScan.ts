/**
 * The Devices screen's live scan: the core Scanner (classified, smoothed, aged out, coalesced about
 * every 200 ms) feeding 'scan.devices' as changes (scanDelta.ts): a snapshot whenever a window
 * subscribes with `scan.start`, then deltas. A one-second tick sends what time alone changes (a device
 * that went quiet) on a site too quiet to flush by itself.
 */
import type { ScanChange, ScannedDeviceView } from '../ipc/contract';
import { Scanner, type ScannedDevice } from '../core/scanner';
import type { Transport } from '../transport/transport';
import type { SeenDevice } from './prefsStore';
import { ScanDeltaTracker, type ScanDeltaOptions } from './scanDelta';
import { SignalRanker } from './signalRank';

export interface LiveScanDeps {
  transport: () => Transport;
  emit: (change: ScanChange) => void;
  /** Told of the Fluss+ devices heard, to remember them. */
  onSeen?: (devices: SeenDevice[]) => void;
  coalesceMs?: number;
  staleAfterMs?: number;
  delta?: ScanDeltaOptions;
  now?: () => number;
}

const TICK_MS = 1000;

export class LiveScan {
  private scanner: Scanner | undefined;
  private controller: AbortController | undefined;
  private tick: NodeJS.Timeout | undefined;
  private readonly tracker: ScanDeltaTracker;
  private readonly ranker = new SignalRanker();
  private readonly now: () => number;
  /** A new scan's first message is a snapshot (what a window holds from an earlier scan is stale). */
  private snapshotDue = true;

  constructor(private readonly deps: LiveScanDeps) {
    this.tracker = new ScanDeltaTracker(deps.delta);
    this.now = deps.now ?? Date.now;
  }

  get active(): boolean {
    return this.scanner !== undefined;
  }

  async start(): Promise<void> {
    if (this.scanner) {
      // A second start is a window (re)subscribing: it gets the whole list at once.
      this.deps.emit(this.tracker.snapshot(this.views(this.scanner.devices())));
      this.snapshotDue = false;
      return;
    }
    const scanner = new Scanner(this.deps.transport(), {
      coalesceMs: this.deps.coalesceMs ?? 200,
      ...(this.deps.staleAfterMs === undefined ? {} : { staleAfterMs: this.deps.staleAfterMs }),
    });
    scanner.onChange((devices) => {
      this.send(devices);
      this.deps.onSeen?.(devices.flatMap(toSeen));
    });
    this.scanner = scanner;
    this.snapshotDue = true;
    this.controller = new AbortController();
    try {
      await scanner.start(this.controller.signal);
    } catch (error) {
      this.scanner = undefined;
      throw error;
    }
    this.tick = setInterval(() => {
      if (this.scanner && !this.snapshotDue) this.send(this.scanner.devices());
    }, TICK_MS);
    this.tick.unref();
  }

  async stop(): Promise<void> {
    const scanner = this.scanner;
    this.scanner = undefined;
    clearInterval(this.tick);
    this.tick = undefined;
    this.controller?.abort();
    await scanner?.stop();
  }

  /** The devices as the windows see them, each with its place in the stable order. */
  private views(devices: readonly ScannedDevice[]): ScannedDeviceView[] {
    const views = devices.map((d) => ({ ...toView(d), rankRssi: this.ranker.rank(d.key, d.rssi) }));
    this.ranker.keepOnly(new Set(devices.map((d) => d.key)));
    return views;
  }

  private send(devices: readonly ScannedDevice[]): void {
    const views = this.views(devices);
    const change = this.snapshotDue ? this.tracker.snapshot(views) : this.tracker.delta(views, this.now());
    this.snapshotDue = false;
    if (change) this.deps.emit(change);
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
