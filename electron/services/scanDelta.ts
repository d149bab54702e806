/**
 * Turns the scanner's full lists into the `scan.devices` changes a window needs (contract.ts,
 * ScanChange). With 1,000 gates the full list was about 170 KB five times a second (issue 10,
 * section 3); what the screen shows changes far less often than the adverts arrive:
 * - a device's name, kind, claim, model or firmware: sent in full at once (`changed`);
 * - its signal: sent when it has moved `rssiStepDb` or more from what the window has (the smoothed
 *   value wanders by a dB or two between adverts; the bars change every 10 dB);
 * - when it was last heard: the window shows "last heard N s ago" after 5 s of silence, so a device
 *   heard all along is refreshed every `lastSeenStepMs` (well under 5 s), and one that has gone quiet
 *   for `silentAfterMs` gets its exact last-heard time so the count it shows is true;
 * - its place in the order (`rankRssi`, signalRank.ts): whenever it moves (rarely, by design);
 * - a device aged out by the scanner: its key, in `removed`.
 */
import type { ScanChange, ScanSignal, ScannedDeviceView } from '../ipc/contract';

export interface ScanDeltaOptions {
  rssiStepDb?: number;
  lastSeenStepMs?: number;
  silentAfterMs?: number;
}

const IDENTITY: readonly (keyof ScannedDeviceView)[] = ['kind', 'name', 'deviceId', 'claimed', 'model', 'firmware'];

export class ScanDeltaTracker {
  /** What the windows have been sent, per key. */
  private readonly sent = new Map<string, ScannedDeviceView>();
  private seq = 0;
  private readonly rssiStepDb: number;
  private readonly lastSeenStepMs: number;
  private readonly silentAfterMs: number;

  constructor(options: ScanDeltaOptions = {}) {
    this.rssiStepDb = options.rssiStepDb ?? 2;
    this.lastSeenStepMs = options.lastSeenStepMs ?? 3000;
    this.silentAfterMs = options.silentAfterMs ?? 1500;
  }

  /** The whole list, for a window that (re)subscribes; what follows is relative to it. */
  snapshot(devices: readonly ScannedDeviceView[]): ScanChange {
    this.sent.clear();
    for (const d of devices) this.sent.set(d.key, d);
    return { type: 'snapshot', seq: ++this.seq, devices: [...devices] };
  }

  /** What changed on screen since the last message, or undefined when nothing did. */
  delta(devices: readonly ScannedDeviceView[], now: number): ScanChange | undefined {
    const changed: ScannedDeviceView[] = [];
    const signals: ScanSignal[] = [];
    const present = new Set<string>();
    for (const d of devices) {
      present.add(d.key);
      const before = this.sent.get(d.key);
      if (!before || IDENTITY.some((field) => before[field] !== d[field])) {
        changed.push(d);
        this.sent.set(d.key, d);
      } else if (this.signalMatters(before, d, now)) {
        const rankRssi = d.rankRssi ?? d.rssi;
        signals.push({ key: d.key, rssi: d.rssi, rankRssi, lastSeen: d.lastSeen });
        this.sent.set(d.key, { ...before, rssi: d.rssi, rankRssi, lastSeen: d.lastSeen });
      }
    }
    const removed = [...this.sent.keys()].filter((key) => !present.has(key));
    for (const key of removed) this.sent.delete(key);
    if (changed.length === 0 && signals.length === 0 && removed.length === 0) return undefined;
    return { type: 'delta', seq: ++this.seq, changed, signals, removed };
  }

  private signalMatters(before: ScannedDeviceView, now: ScannedDeviceView, clock: number): boolean {
    if (now.rankRssi !== before.rankRssi) return true;
    if (Math.abs(now.rssi - before.rssi) >= this.rssiStepDb) return true;
    if (now.lastSeen - before.lastSeen >= this.lastSeenStepMs) return true;
    return now.lastSeen !== before.lastSeen && clock - now.lastSeen >= this.silentAfterMs;
  }
}
