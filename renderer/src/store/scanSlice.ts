import type { StateCreator } from 'zustand';
import type { ScannedDeviceView } from '../../../electron/ipc/contract';
import type { ErrorData } from '../../../electron/protocol/errors';
import type { Store } from './store';

export type KindFilter = 'all' | 'intercom' | 'gate';
export type SortOrder = 'signal' | 'name';
export type IdentifyState = { status: 'pending' } | { status: 'done'; at: number } | { status: 'failed'; error: ErrorData };

/** The live scan list (main classifies, smooths and ages it out) and how the Devices screen filters it. */
export interface ScanSlice {
  devices: ScannedDeviceView[];
  /** When the first `scan.devices` event arrived; until then the list is "searching". */
  scanUpdatedAt: number | null;
  scanError: ErrorData | null;
  query: string;
  kindFilter: KindFilter;
  sortOrder: SortOrder;
  showOthers: boolean;
  identify: Record<string, IdentifyState>;
  setQuery: (query: string) => void;
  setKindFilter: (kind: KindFilter) => void;
  setSortOrder: (order: SortOrder) => void;
}

export const createScanSlice: StateCreator<Store, [], [], ScanSlice> = (set) => ({
  devices: [],
  scanUpdatedAt: null,
  scanError: null,
  query: '',
  kindFilter: 'all',
  sortOrder: 'signal',
  showOthers: false,
  identify: {},
  setQuery: (query) => set({ query }),
  setKindFilter: (kindFilter) => set({ kindFilter }),
  setSortOrder: (sortOrder) => set({ sortOrder }),
});

/** The Devices screen's list: filtered by kind and search text, unrelated advertisers hidden unless asked. */
export function visibleDevices(
  devices: readonly ScannedDeviceView[],
  opts: { query: string; kindFilter: KindFilter; sortOrder: SortOrder; showOthers: boolean },
): ScannedDeviceView[] {
  const q = opts.query.trim().toLowerCase();
  const list = devices.filter((d) => {
    if (d.kind === 'other' && !opts.showOthers) return false;
    if (opts.kindFilter !== 'all' && d.kind !== opts.kindFilter) return false;
    if (!q) return true;
    return [d.name, d.deviceId ?? '', d.model ?? '', d.key].some((s) => s.toLowerCase().includes(q));
  });
  return list.sort((a, b) => (opts.sortOrder === 'signal' ? b.rssi - a.rssi : a.name.localeCompare(b.name)));
}

/** Gates the scan found, strongest first: what the Entry/Exit pickers offer. */
export function scannedGates(devices: readonly ScannedDeviceView[]): (ScannedDeviceView & { deviceId: string })[] {
  return devices
    .filter((d): d is ScannedDeviceView & { deviceId: string } => d.kind === 'gate' && d.deviceId !== undefined)
    .sort((a, b) => b.rssi - a.rssi);
}
