/**
 * Resolves what a technician typed (a device id, an advertised name or an address) to a device heard
 * on air, as soon as what was heard allows (findRule.ts), and scans that return as soon as the set of
 * devices heard is stable. No fixed waits: every scan ends on what it heard, bounded by a time limit.
 */
import { FlussError } from '../protocol/errors';
import type { Transport } from '../transport/transport';
import { bounded, type OperationOptions } from './deadline';
import { decideFind, kindWord, SETTLE_LIMIT_MS } from './findRule';
import type { HeardDevices } from './heardDevices';
import { Scanner, type DeviceClass, type ScannedDevice } from './scanner';

export const FIND_TIMEOUT_MS = 5_000;

export interface FindOptions extends OperationOptions {
  /** What this run heard so far: this scan adds to it, and a clash with a name chosen earlier is refused. */
  heard?: HeardDevices;
}

export async function findDevice(transport: Transport, reference: string, kind: DeviceClass | undefined, options: FindOptions = {}): Promise<ScannedDevice> {
  const scanner = new Scanner(transport, { coalesceMs: 20 });
  const what = kindWord(kind);
  let limit: NodeJS.Timeout | undefined;
  try {
    return await bounded(`finding ${what} "${reference}"`, options.timeoutMs ?? FIND_TIMEOUT_MS, options.signal, (signal) =>
      new Promise<ScannedDevice>((resolve, reject) => {
        let listeningSince: number | undefined;
        const decide = (devices: ScannedDevice[]) => {
          options.heard?.record(devices);
          const clash = options.heard?.conflict();
          if (clash) {
            reject(clash);
            return;
          }
          const decision = decideFind(devices, reference, kind, listeningSince === undefined ? 0 : Date.now() - listeningSince);
          if (decision.status === 'found') {
            options.heard?.choose(reference, decision.device, kind);
            resolve(decision.device);
          } else if (decision.status === 'refused') reject(decision.error);
        };
        scanner.onChange(decide);
        scanner.start(signal).then(() => {
          listeningSince = Date.now();
          // A stack that reports each device once never settles by a second report: decide at the limit.
          limit = setTimeout(() => decide(scanner.devices()), SETTLE_LIMIT_MS);
        }, reject);
      }),
    );
  } catch (error) {
    if (error instanceof FlussError && error.code === 'TIMEOUT') {
      throw new FlussError(
        'DEVICE_NOT_FOUND',
        `No ${what} called "${reference}" is advertising nearby.`,
        'Check the name or id (run `fluss scan`), that the device has power, and move closer.',
      );
    }
    throw error;
  } finally {
    clearTimeout(limit);
    await scanner.stop();
  }
}

export interface ScanOnceOptions extends OperationOptions {
  /** Return as soon as this holds of what was heard (`durationMs` is then the upper bound), e.g. isStable. */
  until?: (devices: ScannedDevice[]) => boolean;
  heard?: HeardDevices;
}

/**
 * The devices heard are stable: every one was heard again since the last new one appeared, so a full
 * advertising round brought nobody new.
 */
export function isStable(devices: readonly ScannedDevice[]): boolean {
  const newest = Math.max(...devices.map((d) => d.firstSeen));
  return devices.length > 0 && devices.every((d) => d.lastSeen > newest);
}

/** Scans until the devices heard are stable (when asked) or for `durationMs`, and returns everything heard. */
export async function scanOnce(transport: Transport, durationMs: number, options: ScanOnceOptions = {}): Promise<ScannedDevice[]> {
  const scanner = new Scanner(transport, { coalesceMs: 50 });
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const { until } = options;
  if (until) scanner.onChange((devices) => until(devices) && finish());
  options.signal?.addEventListener('abort', () => finish(), { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    await scanner.start(signal);
    timer = setTimeout(finish, durationMs);
    await finished;
  } finally {
    clearTimeout(timer);
    stop.abort();
    await scanner.stop();
  }
  if (options.signal?.aborted) throw new FlussError('ABORTED', 'The scan was cancelled.');
  const devices = scanner.devices();
  options.heard?.record(devices);
  return devices;
}
