/**
 * Adapter states as noble reports them, turned into errors a technician can act on. With no adapter noble
 * does not throw: it reports `unsupported` or `poweredOff` and keeps polling (../shared/ble-notes.md).
 */
import type { AdapterState, Noble } from '@stoprocent/noble';
import { FlussError } from '../../protocol/errors';

/** Where the adapter is, for messages: the HCI UART port, or the computer's own adapter. */
export type AdapterOrigin = { kind: 'uart'; port: string } | { kind: 'platform' };

/** The ADAPTER_UNAVAILABLE error for a state that is not poweredOn. */
export function adapterError(state: AdapterState, origin: AdapterOrigin): FlussError {
  if (origin.kind === 'uart') {
    return new FlussError(
      'ADAPTER_UNAVAILABLE',
      `No Bluetooth controller answered on ${origin.port} (adapter state: ${state}).`,
      'Check the HCI UART board is plugged in, the port name is right and no other program has the port open.',
    );
  }
  switch (state) {
    case 'unsupported':
      return new FlussError(
        'ADAPTER_UNAVAILABLE',
        'This computer has no Bluetooth LE adapter the app can use.',
        'Plug in a Bluetooth LE adapter (or an HCI UART board and pass --hci-uart <port>), then try again.',
      );
    case 'unauthorized':
      return new FlussError(
        'ADAPTER_UNAVAILABLE',
        'The app is not allowed to use Bluetooth.',
        process.platform === 'darwin'
          ? 'Allow Bluetooth for this app in System Settings > Privacy & Security > Bluetooth.'
          : 'Run `fluss doctor` to see which permission is missing (raw HCI needs the CAP_NET_RAW capability).',
      );
    case 'poweredOff':
      return new FlussError('ADAPTER_UNAVAILABLE', 'Bluetooth is turned off.', 'Turn Bluetooth on in the system settings, then try again.');
    default:
      return new FlussError(
        'ADAPTER_UNAVAILABLE',
        `The Bluetooth adapter is not ready (state: ${state}).`,
        'Wait a moment and try again; if it persists, run `fluss doctor`.',
      );
  }
}

/**
 * Resolves once `noble` is poweredOn. `unsupported` and `unauthorized` fail at once; `poweredOff` only when
 * the time runs out, because an HCI UART adapter reports poweredOff until its first reset completes.
 */
export function waitForPoweredOn(noble: Noble, origin: AdapterOrigin, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (noble.state === 'poweredOn') {
      resolve();
      return;
    }
    const finish = (error?: FlussError) => {
      clearTimeout(timer);
      noble.removeListener('stateChange', onState);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onState = (state: AdapterState) => {
      if (state === 'poweredOn') finish();
      else if (state === 'unsupported' || state === 'unauthorized') finish(adapterError(state, origin));
    };
    const onAbort = () => finish(new FlussError('ABORTED', 'Waiting for the Bluetooth adapter was cancelled.'));
    const timer = setTimeout(() => finish(adapterError(noble.state, origin)), timeoutMs);
    noble.on('stateChange', onState);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
