/**
 * "Strongest first", stable: rows sort by `rankRssi`, which main moves only when a device's averaged
 * signal has changed by 6 dB or more (electron/services/signalRank.ts has the rule), so RSSI jitter
 * never reorders rows (issue 10, section 3). Ties go by name, then key: a total order, so two renders
 * of the same list never differ.
 */
import type { ScannedDeviceView } from '@ipc/contract';

/** One collator for every comparison: String.localeCompare builds one per call (slow over 1,000 rows). */
export const byText = new Intl.Collator(undefined, { numeric: true }).compare;

/** Code-unit order: ties are many (1,000 gates share a few dozen ranks) and this is ten times faster. */
const plain = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function bySignal(a: ScannedDeviceView, b: ScannedDeviceView): number {
  return (b.rankRssi ?? b.rssi) - (a.rankRssi ?? a.rssi) || plain(a.name, b.name) || plain(a.key, b.key);
}
