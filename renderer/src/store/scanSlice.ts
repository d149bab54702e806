import type { StateCreator } from 'zustand';
import type { ScannedDeviceView } from '../../../electron/ipc/contract';
import type { ErrorData } from '../../../electron/protocol/errors';
import type { Store } from './store';
import { bySignal, byText } from './signalOrder';

export type KindFilter = 'all' | 'intercom' | 'gate';
export type SortOrder = 'signal' | 'name';
export type IdentifyState = { status: 'pending' } | { status: 'done'; at: number } | { status: 'failed'; error: ErrorData };

/** The live scan list (main classifies, smooths and ages it out) and how the Devices screen filters it. */
export interface ScanSlice {
  devices: ScannedDeviceView[];
  /** When the first `scan.devices` event arrived; until then the list is "searching". */
  scanUpdatedAt: number | null;
  /** The `seq` of the last scan change applied (null: no snapshot yet). */
  scanSeq: number | null;
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
  scanSeq: null,
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

export const KIND_LABEL = { intercom: 'Fluss+ Intercom', gate: 'Fluss+ Gate', other: 'Other advertiser' } as const;

/** What a search matches: name, kind as the row shows it, model, firmware, and id or address. */
function matches(d: ScannedDeviceView, q: string): boolean {
  if ([d.name, KIND_LABEL[d.kind], d.model ?? '', d.firmware ?? ''].some((s) => s.toLowerCase().includes(q))) return true;
  // Ids and MAC addresses match with or without separators ("f1:60:00", "f16000", "F1-60").
  const bare = q.replace(/[:\-\s]/g, '');
  return bare.length > 0 && /^[0-9a-f]+$/.test(bare) && [d.deviceId ?? '', d.key].some((s) => s.replace(/:/g, '').toLowerCase().includes(bare));
}

/**
 * The Devices screen's list: filtered by kind and search text, unrelated advertisers hidden unless
 * asked; by signal in the stable order of signalOrder.ts.
 */
export function visibleDevices(
  devices: readonly ScannedDeviceView[],
  opts: { query: string; kindFilter: KindFilter; sortOrder: SortOrder; showOthers: boolean },
): ScannedDeviceView[] {
  const q = opts.query.trim().toLowerCase();
  const list = devices.filter((d) => {
    if (d.kind === 'other' && !opts.showOthers) return false;
    if (opts.kindFilter !== 'all' && d.kind !== opts.kindFilter) return false;
    return !q || matches(d, q);
  });
  return list.sort(opts.sortOrder === 'signal' ? bySignal : (a, b) => byText(a.name, b.name) || byText(a.key, b.key));
}

/** Gates the scan found, strongest first in the stable order: what the Entry/Exit pickers offer. */
export function scannedGates(devices: readonly ScannedDeviceView[]): (ScannedDeviceView & { deviceId: string })[] {
  return devices.filter((d): d is ScannedDeviceView & { deviceId: string } => d.kind === 'gate' && d.deviceId !== undefined).sort(bySignal);
}
