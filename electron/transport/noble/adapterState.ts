/**
 * Adapter states as noble reports them, turned into errors a technician can act on. With no adapter noble
 * does not throw: it reports `unsupported` or `poweredOff` and keeps polling (../shared/ble-notes.md).
 */
import type { AdapterState, Noble } from '@stoprocent/noble';
import { FlussError } from '../../protocol/errors';
import { describeBinding, type BindingChoice } from './binding';

/** The ADAPTER_UNAVAILABLE error for a state that is not poweredOn, worded for the binding in use. */
export function adapterError(state: AdapterState, binding: BindingChoice, platform: NodeJS.Platform = process.platform): FlussError {
  if (binding.kind === 'hci-uart') {
    return new FlussError(
      'ADAPTER_UNAVAILABLE',
      `No Bluetooth controller answered on ${binding.port} (adapter state: ${state}).`,
      'Check the HCI UART board is plugged in, the port name is right and no other program has the port open (`fluss doctor --hci-uart <port>` checks it).',
    );
  }
  if (binding.kind === 'dbus' && state === 'unsupported') {
    return new FlussError(
      'ADAPTER_UNAVAILABLE',
      'BlueZ did not answer over D-Bus, or it has no Bluetooth adapter.',
      'Start the Bluetooth service (sudo systemctl start bluetooth) and plug in an adapter; or use the raw HCI socket with --hci 0, or an HCI UART board with --hci-uart <port>. `fluss doctor` checks each of these.',
    );
  }
  if (binding.kind === 'hci' && (state === 'unsupported' || state === 'unauthorized')) {
    return new FlussError(
      'ADAPTER_UNAVAILABLE',
      state === 'unauthorized' ? 'The raw HCI socket needs permissions this process lacks.' : `There is no Bluetooth adapter hci${binding.deviceId} the raw HCI socket can use.`,
      state === 'unauthorized'
        ? 'Grant them once with `sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f $(which node))`, or leave out --hci to use BlueZ over D-Bus.'
        : 'Plug in an adapter (check `ls /sys/class/bluetooth`), or give its number with --hci <n>.',
    );
  }
  switch (state) {
    case 'unsupported':
      return new FlussError(
        'ADAPTER_UNAVAILABLE',
        `This computer has no Bluetooth LE adapter the app can use (${describeBinding(binding)}).`,
        'Plug in a Bluetooth LE adapter (or an HCI UART board and pass --hci-uart <port>), then try again; `fluss doctor` says what is missing.',
      );
    case 'unauthorized':
      return new FlussError(
        'ADAPTER_UNAVAILABLE',
        'The app is not allowed to use Bluetooth.',
        platform === 'darwin'
          ? 'Allow Bluetooth for this app (or your terminal) in System Settings > Privacy & Security > Bluetooth.'
          : 'Run `fluss doctor` to see which permission is missing.',
      );
    case 'poweredOff':
      return new FlussError('ADAPTER_UNAVAILABLE', 'Bluetooth is turned off.', 'Turn Bluetooth on in the system settings, then try again.');
    default:
      return new FlussError(
        'ADAPTER_UNAVAILABLE',
        `The Bluetooth adapter did not become ready in time (state: ${state}, ${describeBinding(binding)}).`,
        'Check an adapter is present and on, then try again; `fluss doctor` says what is missing.',
      );
  }
}

/**
 * Resolves once `noble` is poweredOn. `unsupported` and `unauthorized` fail at once; `poweredOff` only when
 * the time runs out, because an HCI UART adapter reports poweredOff until its first reset completes.
 */
export function waitForPoweredOn(noble: Noble, origin: BindingChoice, timeoutMs: number, signal?: AbortSignal): Promise<void> {
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
