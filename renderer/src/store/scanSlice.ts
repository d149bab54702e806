import type { StateCreator } from 'zustand';
import type { ScannedDeviceView } from '@ipc/contract';
import type { ErrorData } from '@protocol/errors';
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

/** What a row calls each kind (the Devices screen shows it, and search finds it). */
export const KIND_LABEL = { intercom: 'Fluss+ Intercom', gate: 'Fluss+ Gate', other: 'Other advertiser' } as const;

/** Hex ids and MAC addresses are matched without their separators: "1e:4a", "1E-4A" and "1e4a" all find 5c:e9:1e:4a:…. */
const bareHex = (s: string) => s.toLowerCase().replace(/[\s:-]/g, '');

/**
 * Whether a row matches the search text: everything the row shows (name, kind, model, firmware, claim
 * state, id or address), so "gate" finds Garage, a Fluss+ Gate (issue 10, bug 4.5).
 */
export function matchesQuery(d: ScannedDeviceView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const shown = [
    d.name,
    KIND_LABEL[d.kind],
    d.model ?? '',
    d.firmware ? `firmware ${d.firmware}` : '',
    d.kind === 'intercom' ? (d.claimed === false ? 'unclaimed first-time setup' : 'claimed') : '',
  ];
  if (shown.some((s) => s.toLowerCase().includes(q))) return true;
  const hex = bareHex(q);
  return hex.length >= 2 && /^[0-9a-f]+$/.test(hex) && [d.deviceId ?? '', d.key].some((id) => bareHex(id).includes(hex));
}

/** The Devices screen's list: filtered by kind and search text, unrelated advertisers hidden unless asked. */
export function visibleDevices(
  devices: readonly ScannedDeviceView[],
  opts: { query: string; kindFilter: KindFilter; sortOrder: SortOrder; showOthers: boolean },
): ScannedDeviceView[] {
  const list = devices.filter((d) => {
    if (d.kind === 'other' && !opts.showOthers) return false;
    if (opts.kindFilter !== 'all' && d.kind !== opts.kindFilter) return false;
    return matchesQuery(d, opts.query);
  });
  return list.sort(opts.sortOrder === 'signal' ? bySignal : (a, b) => byText(a.name, b.name) || byText(a.key, b.key));
}

/** Nothing at all heard for this long: the header stops saying "Scanning" (issue 10, bug 4.6). */
export const SILENT_S = 15;

/**
 * The Devices header's one line: "Scanning" only while the list is live, and a count of what the list
 * can show (unrelated advertisers only when shown).
 */
export function scanStateText(s: {
  devices: readonly ScannedDeviceView[];
  showOthers: boolean;
  bridgeOpen: boolean;
  scanError: boolean;
  scanUpdatedAt: number | null;
  now: number;
}): string {
  if (!s.bridgeOpen) return 'Not updating: no connection to the Fluss+ service';
  if (s.scanError) return 'Scan stopped';
  if (s.scanUpdatedAt === null) return 'Scanning…';
  const lastHeard = s.devices.reduce((t, d) => Math.max(t, d.lastSeen), 0);
  if (lastHeard > 0 && s.now - lastHeard > SILENT_S * 1000) return `Nothing heard for over ${SILENT_S} s`;
  const nearby = s.showOthers ? s.devices.length : s.devices.filter((d) => d.kind !== 'other').length;
  return `Scanning · ${nearby} ${s.showOthers ? '' : 'Fluss+ '}${nearby === 1 ? 'device' : 'devices'} nearby`;
}

/** Gates the scan found, strongest first in the stable order of signalOrder.ts: what the Entry/Exit pickers offer. */
export function scannedGates(devices: readonly ScannedDeviceView[]): (ScannedDeviceView & { deviceId: string })[] {
  return devices.filter((d): d is ScannedDeviceView & { deviceId: string } => d.kind === 'gate' && d.deviceId !== undefined).sort(bySignal);
}
