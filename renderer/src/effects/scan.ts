/** The live scan and gate identification. */
import { call } from '../api';
import type { ScannedDeviceView } from '../../../electron/ipc/contract';
import { useStore } from '../store/store';

export async function startScan(): Promise<void> {
  const result = await call('scan.start', {});
  useStore.setState({ scanError: result.ok ? null : result.error });
}

export function onScanDevices(devices: ScannedDeviceView[]): void {
  useStore.setState({ devices, scanUpdatedAt: Date.now() });
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
