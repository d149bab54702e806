/**
 * The thin probes behind `fluss doctor` (doctor.ts decides): noble's adapter state within a timeout, and
 * on Linux getcap, /proc, /sys/class/bluetooth and the D-Bus socket. Each probe is bounded and never throws.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AdapterState } from '@stoprocent/noble';
import { createNoble, type BindingChoice } from './binding';
import type { DoctorProbes } from './doctor';

/** Starts noble on `binding` and reports its state once poweredOn, a final refusal, or the time is up; then stops it. */
export function probeAdapterState(binding: BindingChoice, timeoutMs: number): Promise<AdapterState> {
  let noble: ReturnType<typeof createNoble>;
  try {
    noble = createNoble(binding);
  } catch {
    return Promise.resolve('unsupported');
  }
  return new Promise((resolve) => {
    let last: AdapterState = noble.state;
    const finish = () => {
      clearTimeout(timer);
      noble.removeAllListeners('stateChange');
      try {
        noble.stop();
      } catch {
        // already stopped
      }
      resolve(last);
    };
    const timer = setTimeout(finish, timeoutMs);
    noble.on('stateChange', (state) => {
      last = state;
      // An HCI UART controller reports poweredOff until its reset completes: only these states are final.
      if (state === 'poweredOn' || state === 'unauthorized' || (state === 'unsupported' && binding.kind !== 'hci-uart')) finish();
    });
  });
}

export async function gatherProbes(binding: BindingChoice, bindingSource: string, timeoutMs: number): Promise<DoctorProbes> {
  const platform = process.platform;
  const probes: DoctorProbes = { platform, binding, bindingSource, adapterTimeoutMs: timeoutMs, adapterState: 'unknown' };
  if (binding.kind === 'hci-uart') probes.serialPort = fileAccess(binding.port);
  if (platform === 'linux' && binding.kind === 'dbus') {
    probes.dbusModule = moduleAvailable('dbus-next');
    probes.systemBus = fileAccess(systemBusPath());
    probes.bluetoothdRunning = processRunning('bluetoothd');
  }
  if (platform === 'linux' && binding.kind === 'hci') {
    probes.isRoot = process.getuid?.() === 0;
    probes.hciAdapters = listDir('/sys/class/bluetooth');
    const nodePath = safeRealpath(process.execPath);
    probes.node = { path: nodePath, getcap: getcap(nodePath) };
  }
  // Opening a missing serial port or bus only costs the timeout; skip noble when the port is not there.
  probes.adapterState = probes.serialPort?.exists === false ? 'unsupported' : await probeAdapterState(binding, timeoutMs);
  return probes;
}

function systemBusPath(): string {
  const address = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  const match = address === undefined ? null : /unix:path=([^,;]+)/.exec(address);
  return match?.[1] ?? '/var/run/dbus/system_bus_socket';
}

function fileAccess(path: string): { path: string; exists: boolean; accessible: boolean } {
  if (!existsSync(path)) return { path, exists: false, accessible: false };
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return { path, exists: true, accessible: true };
  } catch {
    return { path, exists: true, accessible: false };
  }
}

function moduleAvailable(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

function processRunning(comm: string): boolean {
  for (const entry of listDir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

function getcap(path: string): string | undefined {
  const result = spawnSync('getcap', [path], { encoding: 'utf8', timeout: 3_000 });
  if (result.error) return undefined;
  return result.stdout;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
