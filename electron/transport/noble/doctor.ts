/**
 * `fluss doctor`: the preflight of a technician's laptop, as pure checks over probe results. The probes
 * (doctorProbes.ts: noble's adapter state, getcap, /proc, /sys, the D-Bus socket) are thin and gathered
 * first; every decision and every fix is here, where tests can feed it any machine they like.
 */
import type { AdapterState } from '@stoprocent/noble';
import { adapterError } from './adapterState';
import { describeBinding, type BindingChoice } from './binding';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface DoctorCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it; present when the check did not pass. */
  fix?: string;
}

export interface DoctorProbes {
  platform: NodeJS.Platform;
  binding: BindingChoice;
  /** Where the binding choice came from, in words ("--hci-uart", "FLUSS_BLE_BINDING", "the default on linux"). */
  bindingSource: string;
  /** noble's adapter state when the wait ended: poweredOn, or the last state seen before the time ran out. */
  adapterState: AdapterState;
  /** How long noble was given to power on, in milliseconds. */
  adapterTimeoutMs: number;
  /** Linux: is this process root? */
  isRoot?: boolean;
  /** Linux, raw HCI: the node binary and what `getcap` printed for it (undefined: getcap is not installed). */
  node?: { path: string; getcap: string | undefined };
  /** Linux, raw HCI: adapters under /sys/class/bluetooth. */
  hciAdapters?: string[];
  /** Linux, D-Bus: is the dbus-next package loadable, is bluetoothd running, can we open the system bus socket. */
  dbusModule?: boolean;
  bluetoothdRunning?: boolean;
  systemBus?: { path: string; exists: boolean; accessible: boolean };
  /** HCI UART: the port. */
  serialPort?: { path: string; exists: boolean; accessible: boolean };
}

/** The capabilities a getcap line grants: "/usr/bin/node cap_net_admin,cap_net_raw=eip" (or the older "= ...+eip"). */
export function parseCapabilities(getcapOutput: string): Set<string> {
  const granted = new Set<string>();
  for (const match of getcapOutput.toLowerCase().matchAll(/((?:cap_[a-z_]+,?)+)\s*[=+]\s*[a-z]*e[a-z]*/g)) {
    for (const cap of (match[1] ?? '').split(',')) if (cap !== '') granted.add(cap);
  }
  return granted;
}

export function evaluateDoctor(p: DoctorProbes): DoctorCheck[] {
  const checks: DoctorCheck[] = [
    { id: 'binding', title: 'Bluetooth binding', status: 'pass', detail: `${describeBinding(p.binding)} (${p.bindingSource})` },
  ];
  switch (p.binding.kind) {
    case 'hci-uart':
      checks.push(serialPortCheck(p));
      break;
    case 'dbus':
      checks.push(...dbusChecks(p));
      break;
    case 'hci':
      checks.push(...rawHciChecks(p, p.binding.deviceId));
      break;
    case 'mac':
      checks.push(
        p.adapterState === 'unauthorized'
          ? {
              id: 'permission',
              title: 'Bluetooth permission',
              status: 'fail',
              detail: 'macOS refused Bluetooth to this program.',
              fix: 'Open System Settings > Privacy & Security > Bluetooth, allow the Fluss+ Commissioner (or, for the CLI, your terminal), then run fluss again.',
            }
          : { id: 'permission', title: 'Bluetooth permission', status: 'pass', detail: 'macOS allows Bluetooth to this program.' },
      );
      break;
    case 'win':
      break;
  }
  checks.push(adapterCheck(p));
  return checks;
}

/** Whether the preflight passed: warnings do not fail it. */
export function doctorPassed(checks: DoctorCheck[]): boolean {
  return checks.every((c) => c.status !== 'fail');
}

function adapterCheck(p: DoctorProbes): DoctorCheck {
  const title = p.binding.kind === 'win' ? 'Bluetooth adapter state (Windows)' : 'Adapter found and powered';
  if (p.adapterState === 'poweredOn') return { id: 'adapter', title, status: 'pass', detail: `The adapter is powered on (${describeBinding(p.binding)}).` };
  const error = adapterError(p.adapterState, p.binding, p.platform);
  const waited = p.adapterState === 'unknown' || p.adapterState === 'resetting' ? ` No answer within ${p.adapterTimeoutMs / 1000} s.` : '';
  return { id: 'adapter', title, status: 'fail', detail: `${error.message}${waited}`, fix: error.hint ?? 'Run fluss doctor again once an adapter is present.' };
}

function serialPortCheck(p: DoctorProbes): DoctorCheck {
  const port = p.serialPort;
  const title = 'HCI UART port';
  if (!port?.exists) {
    return {
      id: 'serial-port',
      title,
      status: 'fail',
      detail: `${port?.path ?? 'The port'} does not exist.`,
      fix: p.platform === 'win32' ? 'Check the COM port number in Device Manager > Ports.' : 'Check the board is plugged in and the port name (ls /dev/ttyACM* /dev/ttyUSB*).',
    };
  }
  if (!port.accessible) {
    return {
      id: 'serial-port',
      title,
      status: 'fail',
      detail: `${port.path} exists but this user cannot open it for reading and writing.`,
      fix: p.platform === 'linux' ? 'Add yourself to the dialout group (sudo usermod -aG dialout $USER), then log in again.' : 'Give this user access to the port.',
    };
  }
  return { id: 'serial-port', title, status: 'pass', detail: `${port.path} can be opened.` };
}

function dbusChecks(p: DoctorProbes): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  checks.push(
    p.dbusModule === false
      ? { id: 'dbus-module', title: 'D-Bus support', status: 'fail', detail: 'The dbus-next package is missing from this installation.', fix: 'Reinstall the Fluss+ Commissioner (npm install in a source checkout).' }
      : { id: 'dbus-module', title: 'D-Bus support', status: 'pass', detail: 'The dbus-next package is installed.' },
  );
  const bus = p.systemBus;
  if (!bus?.exists) {
    checks.push({
      id: 'dbus',
      title: 'D-Bus system bus',
      status: 'fail',
      detail: `There is no system bus socket at ${bus?.path ?? '/var/run/dbus/system_bus_socket'}.`,
      fix: 'Start D-Bus (sudo systemctl start dbus); in a container, mount the host\'s /run/dbus. Or use --hci 0 (raw HCI socket) or --hci-uart <port>.',
    });
  } else if (!bus.accessible) {
    checks.push({ id: 'dbus', title: 'D-Bus system bus', status: 'fail', detail: `${bus.path} exists but this user cannot open it.`, fix: 'Run as a user allowed on the system bus, or fix the socket\'s permissions.' });
  } else {
    checks.push({ id: 'dbus', title: 'D-Bus system bus', status: 'pass', detail: `${bus.path} can be opened.` });
  }
  checks.push(
    p.bluetoothdRunning
      ? { id: 'bluez', title: 'BlueZ running', status: 'pass', detail: 'bluetoothd is running.' }
      : {
          id: 'bluez',
          title: 'BlueZ running',
          status: 'fail',
          detail: 'bluetoothd (BlueZ) is not running.',
          fix: 'Install and start BlueZ: sudo apt-get install bluez && sudo systemctl enable --now bluetooth.',
        },
  );
  return checks;
}

function rawHciChecks(p: DoctorProbes, deviceId: number): DoctorCheck[] {
  const name = `hci${deviceId}`;
  const adapters = p.hciAdapters ?? [];
  const present: DoctorCheck = adapters.includes(name)
    ? { id: 'hci-adapter', title: `Adapter ${name}`, status: 'pass', detail: `${name} is present.` }
    : {
        id: 'hci-adapter',
        title: `Adapter ${name}`,
        status: 'fail',
        detail: adapters.length === 0 ? 'The kernel lists no Bluetooth adapters (/sys/class/bluetooth is empty).' : `There is no ${name}; the kernel lists ${adapters.join(', ')}.`,
        fix: adapters.length === 0 ? 'Plug in a Bluetooth LE adapter, or use an HCI UART board with --hci-uart <port>.' : `Use --hci ${adapters[0]?.replace(/^hci/, '') ?? '0'}.`,
      };
  const title = 'Raw HCI permissions (CAP_NET_RAW, CAP_NET_ADMIN)';
  let permissions: DoctorCheck;
  if (p.isRoot) {
    permissions = { id: 'hci-permissions', title, status: 'pass', detail: 'Running as root.' };
  } else {
    const nodePath = p.node?.path ?? 'node';
    const granted = p.node?.getcap === undefined ? undefined : parseCapabilities(p.node.getcap);
    const missing = ['cap_net_raw', 'cap_net_admin'].filter((cap) => !granted?.has(cap));
    const fix = `sudo setcap cap_net_raw,cap_net_admin+eip ${nodePath} (or leave out --hci to use BlueZ over D-Bus, which needs neither).`;
    if (granted === undefined) {
      permissions = { id: 'hci-permissions', title, status: 'warn', detail: `getcap is not installed, so the capabilities of ${nodePath} are unknown.`, fix: `Install libcap2-bin to check; grant them with ${fix}` };
    } else if (missing.length > 0) {
      permissions = { id: 'hci-permissions', title, status: 'fail', detail: `${nodePath} lacks ${missing.map((c) => c.toUpperCase()).join(' and ')}.`, fix };
    } else {
      permissions = { id: 'hci-permissions', title, status: 'pass', detail: `${nodePath} has CAP_NET_RAW and CAP_NET_ADMIN.` };
    }
  }
  return [present, permissions];
}
