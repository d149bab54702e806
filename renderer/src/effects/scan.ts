/** The live scan and gate identification. */
import { call } from '../api';
import type { ScanChange } from '@ipc/contract';
import { applyScanChange } from '@ipc/scanChange';
import { useStore } from '../store/store';

export async function startScan(): Promise<void> {
  const result = await call('scan.start', {});
  useStore.setState({ scanError: result.ok ? null : result.error });
}

let resyncing = false;

/**
 * Applies one scan change (a snapshot or a delta) to the list. A delta out of sequence means events
 * were dropped (a window that was loading): the list asks for a fresh snapshot, once at a time.
 */
export function onScanDevices(change: ScanChange): void {
  const s = useStore.getState();
  const merged = applyScanChange(s.devices, s.scanSeq, change);
  if (merged.status === 'resync') {
    if (!resyncing) {
      resyncing = true;
      void startScan().finally(() => (resyncing = false));
    }
    return;
  }
  useStore.setState({ devices: merged.devices, scanSeq: merged.seq, scanUpdatedAt: Date.now() });
}

/**
 * How long "Blinking now" shows after a gate answered Identify. The gate reports no duration (its
 * blink is a short burst); the note goes once it can no longer be true (issue 10, bug 4.4).
 */
export const BLINK_SHOWN_MS = 8_000;

/** Makes a gate blink and click so the technician can tell which one it is. */
export async function identifyGate(deviceId: string): Promise<void> {
  useStore.setState((s) => ({ identify: { ...s.identify, [deviceId]: { status: 'pending' } } }));
  const result = await call('gate.identify', { deviceId });
  const at = Date.now();
  useStore.setState((s) => ({
    identify: { ...s.identify, [deviceId]: result.ok ? { status: 'done', at } : { status: 'failed', error: result.error } },
  }));
  if (result.ok) setTimeout(() => clearIdentify(deviceId, at), BLINK_SHOWN_MS);
}

/** Forgets a finished Identify (unless the gate was identified again since). */
function clearIdentify(deviceId: string, at: number): void {
  useStore.setState((s) => {
    const current = s.identify[deviceId];
    if (current?.status !== 'done' || current.at !== at) return {};
    return { identify: Object.fromEntries(Object.entries(s.identify).filter(([id]) => id !== deviceId)) };
  });
}

/** Shows or hides unrelated advertisers; remembered in the preferences. */
export async function setShowOthers(showOthers: boolean): Promise<void> {
  useStore.setState({ showOthers });
  const result = await call('prefs.set', { showOtherDevices: showOthers });
  if (result.ok) useStore.setState({ prefs: result.value });
}
