/**
 * Keeping a scan list in step with the `scan.devices` stream (contract.ts, ScanChange): the renderer's
 * store and the tests use this one merge. Pure, and imports nothing from Electron, Node or the DOM.
 */
import type { ScanChange, ScannedDeviceView } from './contract';

export type MergeResult =
  | { status: 'merged'; devices: ScannedDeviceView[]; seq: number }
  /** A delta arrived out of sequence (events were dropped while a window loaded): ask for a snapshot. */
  | { status: 'resync' };

/**
 * Applies one change to `devices` (the result of the previous merges, last at `seq`; null before the
 * first snapshot). Devices that did not change keep their object identity, so memoized rows skip them,
 * and keep their place in the array (new devices are appended).
 */
export function applyScanChange(devices: readonly ScannedDeviceView[], seq: number | null, change: ScanChange): MergeResult {
  if (change.type === 'snapshot') return { status: 'merged', devices: change.devices, seq: change.seq };
  if (seq === null || change.seq !== seq + 1) return { status: 'resync' };
  if (change.changed.length === 0 && change.signals.length === 0 && change.removed.length === 0) return { status: 'merged', devices: [...devices], seq: change.seq };
  const byKey = new Map<string, ScannedDeviceView>();
  for (const d of devices) byKey.set(d.key, d);
  for (const d of change.changed) byKey.set(d.key, d);
  for (const s of change.signals) {
    const d = byKey.get(s.key);
    if (d) byKey.set(s.key, { ...d, rssi: s.rssi, rankRssi: s.rankRssi, lastSeen: s.lastSeen });
  }
  for (const key of change.removed) byKey.delete(key);
  return { status: 'merged', devices: [...byKey.values()], seq: change.seq };
}
