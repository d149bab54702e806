/**
 * Resolves what a technician typed (a device id, an advertised name or an address) to a device heard
 * on air. Names are matched case-insensitively; two devices with the same name are an error, not a guess.
 */
import { FlussError } from '../protocol/errors';
import type { Transport } from '../transport/transport';
import { bounded, type OperationOptions } from './deadline';
import { Scanner, type DeviceClass, type ScannedDevice } from './scanner';

/** After the first name match, listen this much longer for a second device of the same name. */
const AMBIGUITY_WINDOW_MS = 400;
export const FIND_TIMEOUT_MS = 5_000;

export function matches(device: ScannedDevice, reference: string): boolean {
  const ref = reference.trim().toLowerCase();
  return (
    device.key === ref || device.address.toLowerCase() === ref || device.name.toLowerCase() === ref || device.deviceId === ref.replace(/:/g, '')
  );
}

export async function findDevice(
  transport: Transport,
  reference: string,
  kind: DeviceClass | undefined,
  options: OperationOptions = {},
): Promise<ScannedDevice> {
  const scanner = new Scanner(transport, { coalesceMs: 20 });
  const what = kind === undefined || kind === 'other' ? 'device' : kind;
  try {
    return await bounded(`finding ${what} "${reference}"`, options.timeoutMs ?? FIND_TIMEOUT_MS, options.signal, (signal) =>
      new Promise<ScannedDevice>((resolve, reject) => {
        let settleTimer: NodeJS.Timeout | undefined;
        const candidates = () => scanner.devices().filter((d) => matches(d, reference) && (kind === undefined || d.kind === kind));
        const decide = () => {
          const found = candidates();
          if (found.length === 1 && found[0]) resolve(found[0]);
          else
            reject(
              new FlussError(
                'INVALID_ARGUMENT',
                `More than one ${what} is called "${reference}": ${found.map((d) => d.deviceId ?? d.address).join(', ')}.`,
                'Name the device by its id instead.',
              ),
            );
        };
        scanner.onChange(() => {
          if (settleTimer || candidates().length === 0) return;
          const exactId = candidates().some((d) => d.deviceId === reference.toLowerCase() || d.address === reference.toLowerCase());
          settleTimer = setTimeout(decide, exactId ? 0 : AMBIGUITY_WINDOW_MS);
        });
        signal.addEventListener('abort', () => clearTimeout(settleTimer), { once: true });
        scanner.start(signal).catch(reject);
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
    await scanner.stop();
  }
}

/** Scans for a fixed time and returns everything heard. */
export async function scanOnce(transport: Transport, durationMs: number, options: OperationOptions = {}): Promise<ScannedDevice[]> {
  const scanner = new Scanner(transport, { coalesceMs: 50 });
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  await scanner.start(signal);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, durationMs);
    options.signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  stop.abort();
  await scanner.stop();
  if (options.signal?.aborted) throw new FlussError('ABORTED', 'The scan was cancelled.');
  return scanner.devices();
}
