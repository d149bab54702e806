/**
 * Which of noble's bindings to use, in words and as data, without loading noble: on Linux the default is
 * BlueZ over D-Bus (no root, no setcap); the raw HCI socket when asked (`--hci <n>`, FLUSS_HCI_DEVICE or
 * FLUSS_BLE_BINDING=hci); HCI over UART when a serial port is given (`--hci-uart <port>`, FLUSS_HCI_UART);
 * the native bindings on macOS and Windows. binding.ts builds noble on the choice.
 */
import { FlussError } from '../../protocol/errors';

export type BindingChoice =
  | { kind: 'hci-uart'; port: string; baudRate: number }
  | { kind: 'dbus'; adapter?: number }
  | { kind: 'hci'; deviceId: number }
  | { kind: 'mac' }
  | { kind: 'win' };

export type BindingKind = BindingChoice['kind'];

export interface BindingRequest {
  /** `--hci-uart <port>`. */
  hciUart?: string;
  /** `--hci <n>`: the raw HCI socket on adapter hciN. */
  hci?: number;
  /** `--binding dbus|hci|mac|win`. */
  binding?: string;
}

const NAMES = ['dbus', 'hci', 'mac', 'win', 'hci-uart'] as const;

/** Picks the binding: options first, then the environment, then the platform's default. */
export function chooseBinding(request: BindingRequest, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BindingChoice {
  const baudRate = parseCount(env.FLUSS_HCI_UART_BAUDRATE, 'FLUSS_HCI_UART_BAUDRATE') ?? 1_000_000;
  const port = request.hciUart ?? (env.FLUSS_HCI_UART || undefined);
  if (port !== undefined) return { kind: 'hci-uart', port, baudRate };
  const deviceId = request.hci ?? parseCount(env.FLUSS_HCI_DEVICE, 'FLUSS_HCI_DEVICE');
  const named = (request.binding ?? (env.FLUSS_BLE_BINDING || undefined))?.toLowerCase();
  if (named !== undefined && !(NAMES as readonly string[]).includes(named)) {
    throw new FlussError('INVALID_VALUE', `"${named}" is not a Bluetooth binding.`, 'Use dbus (BlueZ, Linux), hci (raw HCI socket, Linux), mac, win, or --hci-uart <port>.');
  }
  if (named === 'hci-uart') throw new FlussError('INVALID_VALUE', 'The hci-uart binding needs a serial port.', 'Give it with --hci-uart <port>.');
  if (named === 'hci' || (named === undefined && deviceId !== undefined)) return { kind: 'hci', deviceId: deviceId ?? 0 };
  if (named === 'dbus') return deviceId === undefined ? { kind: 'dbus' } : { kind: 'dbus', adapter: deviceId };
  if (named === 'mac' || named === 'win') return { kind: named };
  if (platform === 'darwin') return { kind: 'mac' };
  if (platform === 'win32') return { kind: 'win' };
  return { kind: 'dbus' };
}

/** The binding in words, for progress lines, the UI and `fluss doctor`. */
export function describeBinding(choice: BindingChoice): string {
  switch (choice.kind) {
    case 'hci-uart':
      return `HCI over UART on ${choice.port}`;
    case 'dbus':
      return `BlueZ over D-Bus${choice.adapter === undefined ? '' : ` (hci${choice.adapter})`}`;
    case 'hci':
      return `raw HCI socket on hci${choice.deviceId}`;
    case 'mac':
      return 'macOS Core Bluetooth';
    case 'win':
      return 'Windows Bluetooth LE (WinRT)';
  }
}

function parseCount(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw new FlussError('INVALID_VALUE', `${name} must be a whole number, not "${text}".`);
  return Number(text);
}
