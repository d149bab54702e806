import type { EventChannel, EventTypes, IpcResult, ScannedDeviceView } from '../../electron/ipc/contract';
import { applyScanChange } from '../../electron/ipc/scanChange';
import { createAppServices, type AppServices, type AppServicesOptions } from '../../electron/services/appServices';
import type { OperationLog } from '../../electron/services/operationLog';
import { memoryPrefs, type PrefsStore } from '../../electron/services/prefsStore';
import { createSimEnvironment, type SimEnvironment } from '../../electron/services/simEnvironment';
import { demoSite } from '../helpers/demo';

export const ADAPTER_PROBLEM = {
  code: 'ADAPTER_UNAVAILABLE' as const,
  message: 'No Bluetooth adapter is available, so the built-in simulated site is open.',
  hint: 'Plug in a Bluetooth adapter and restart to work with real devices.',
};

export interface Recorded {
  channel: EventChannel;
  payload: unknown;
}

/** The app's services on the demo site (fast radio, state in memory): the real protocol and firmware. */
export function servicesOnDemo(options: { prefs?: PrefsStore; batchMs?: number; log?: OperationLog; extra?: Partial<AppServicesOptions> } = {}) {
  const env: SimEnvironment = createSimEnvironment({ site: demoSite(), inMemory: true, gateAnswerTimeoutMs: 200 });
  const events: Recorded[] = [];
  const services: AppServices = createAppServices({
    transport: env.transport,
    credentials: env.credentials,
    prefs: options.prefs ?? memoryPrefs(),
    emit: (channel, payload) => events.push({ channel, payload }),
    version: '0.0.0-test',
    simulated: true,
    adapterProblem: ADAPTER_PROBLEM,
    siteName: env.siteName,
    now: env.now,
    batchMs: options.batchMs ?? 20,
    ...(options.log ? { log: options.log } : {}),
    ...options.extra,
  });
  const of = <E extends EventChannel>(channel: E) => events.filter((e) => e.channel === channel).map((e) => e.payload as EventTypes[E]);
  /** Waits until an event matching `test` has been emitted. */
  const waitFor = async <E extends EventChannel>(channel: E, test: (payload: EventTypes[E]) => boolean, timeoutMs = 8000) => {
    const started = Date.now();
    for (;;) {
      const found = of(channel).find(test);
      if (found !== undefined) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no ${channel} event came within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    env,
    services,
    events,
    of,
    waitFor,
    close: async () => {
      await services.close();
      await env.close();
    },
  };
}

/** The value of an ok result; fails the test with the error otherwise. */
export function value<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The scan list a window would hold after the `scan.devices` changes emitted so far (the renderer's merge). */
export function scanListOf(app: ReturnType<typeof servicesOnDemo>): ScannedDeviceView[] {
  let devices: ScannedDeviceView[] = [];
  let seq: number | null = null;
  for (const change of app.of('scan.devices')) {
    const merged = applyScanChange(devices, seq, change);
    if (merged.status === 'resync') throw new Error(`scan change ${change.seq} came out of sequence after ${String(seq)}`);
    devices = merged.devices;
    seq = merged.seq;
  }
  return devices;
}

/** Waits until the merged scan list passes `test`, and returns it. */
export async function waitForScan(app: ReturnType<typeof servicesOnDemo>, test: (devices: ScannedDeviceView[]) => boolean, timeoutMs = 8000): Promise<ScannedDeviceView[]> {
  const started = Date.now();
  for (;;) {
    const devices = scanListOf(app);
    if (test(devices)) return devices;
    if (Date.now() - started > timeoutMs) throw new Error(`the scan list did not get there within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
