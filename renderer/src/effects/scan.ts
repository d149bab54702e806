/** The live scan and gate identification. */
import { call } from '../api';
import type { ScanChange } from '../../../electron/ipc/contract';
import { applyScanChange } from '../../../electron/ipc/scanChange';
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

/** Makes a gate blink and click so the technician can tell which one it is. */
export async function identifyGate(deviceId: string): Promise<void> {
  useStore.setState((s) => ({ identify: { ...s.identify, [deviceId]: { status: 'pending' } } }));
  const result = await call('gate.identify', { deviceId });
  useStore.setState((s) => ({
    identify: { ...s.identify, [deviceId]: result.ok ? { status: 'done', at: Date.now() } : { status: 'failed', error: result.error } },
  }));
}

/** Shows or hides unrelated advertisers; remembered in the preferences. */
export async function setShowOthers(showOthers: boolean): Promise<void> {
  useStore.setState({ showOthers });
  const result = await call('prefs.set', { showOtherDevices: showOthers });
  if (result.ok) useStore.setState({ prefs: result.value });
}
