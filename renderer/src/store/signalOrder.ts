/**
 * A stable "strongest first" order (issue 10, section 3: rows reordered on every small RSSI change,
 * Front Door and Main Gate swapping 18 times in 15 s).
 *
 * The rule: each device is sorted by an anchored signal, not its live one. The anchor is the signal
 * when the device was first listed, and moves to the current smoothed signal only when that has
 * moved `ORDER_HYSTERESIS_DB` or more away from it. Ties go by name, then key. So jitter of a few dB
 * never reorders rows; a device that really comes closer or moves away (6 dB is about twice or half
 * the distance indoors) moves up or down once.
 */
import type { ScannedDeviceView } from '../../../electron/ipc/contract';

export const ORDER_HYSTERESIS_DB = 6;

export type SignalAnchors = Readonly<Record<string, number>>;

/**
 * The anchors for `devices`, given the previous ones. Returns `previous` itself when nothing moved,
 * so selectors that depend on it do not recompute.
 */
export function updateAnchors(previous: SignalAnchors, devices: readonly ScannedDeviceView[], hysteresisDb = ORDER_HYSTERESIS_DB): SignalAnchors {
  let next: Record<string, number> | undefined;
  for (const d of devices) {
    const anchor = previous[d.key];
    if (anchor === undefined || Math.abs(d.rssi - anchor) >= hysteresisDb) {
      next ??= { ...previous };
      next[d.key] = d.rssi;
    }
  }
  if (Object.keys(next ?? previous).length > devices.length) {
    // Forget devices that are gone (a device heard again later starts from its new signal).
    const present = new Set(devices.map((d) => d.key));
    next = Object.fromEntries(Object.entries(next ?? previous).filter(([key]) => present.has(key)));
  }
  return next ?? previous;
}

/** Strongest anchored signal first; ties by name, then key (a total order: no two renders differ). */
export function bySignal(anchors: SignalAnchors): (a: ScannedDeviceView, b: ScannedDeviceView) => number {
  return (a, b) => (anchors[b.key] ?? b.rssi) - (anchors[a.key] ?? a.rssi) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key);
}
