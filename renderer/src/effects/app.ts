/** Start-up: attach every event listener, tell the host we are ready, then load status and scan. */
import { announceReady, call, getApi, onBridgeStatus } from '../api';
import { useStore } from '../store/store';
import { onScanDevices, startScan } from './scan';
import { onConnectionState, onDeviceEvents } from './session';
import { onDeviceResynced } from './resync';
import { onTestFireDone, onTestFireProgress } from './testFire';

export async function loadStatus(): Promise<void> {
  useStore.setState({ appStatus: { status: 'loading' } });
  const result = await call('app.status', {});
  useStore.setState({ appStatus: result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error } });
}

export async function loadPrefs(): Promise<void> {
  const result = await call('prefs.get', {});
  if (result.ok) useStore.setState({ prefs: result.value, showOthers: result.value.showOtherDevices });
}

/** Wires events to the store and starts the scan; returns a teardown (tests, hot reload). */
export function bootstrap(): () => void {
  const api = getApi();
  const offs = [
    api.on('scan.devices', onScanDevices),
    api.on('device.events', onDeviceEvents),
    api.on('connection.state', onConnectionState),
    api.on('device.resynced', onDeviceResynced),
    api.on('testFire.progress', onTestFireProgress),
    api.on('testFire.done', onTestFireDone),
    onBridgeStatus((bridge) => {
      const wasDown = useStore.getState().bridge.status !== 'open';
      useStore.setState({ bridge });
      // After a reconnect the host has forgotten our scan: start it again and refresh the status.
      if (bridge.status === 'open' && wasDown) void Promise.all([loadStatus(), startScan()]);
    }),
  ];
  announceReady();
  void Promise.all([loadStatus(), loadPrefs(), startScan()]);
  return () => {
    for (const off of offs) off();
  };
}
