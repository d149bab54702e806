/**
 * Turns the global options into the things every command needs: a transport (the in-process simulated
 * site for --sim, else real Bluetooth through noble), the credential sources and the Commissioner. Built
 * once per run, closed on the way out.
 */
import { join } from 'node:path';
import { Commissioner } from '../core/commissioner';
import { chainCredentials } from '../core/credentials';
import { FlussError } from '../protocol/errors';
import type { Role } from '../protocol/messages';
import { SimSite } from '../sim/simSite';
import { defaultSimStatePath, readClockOffset } from '../sim/simState';
import { siteCredentials } from '../sim/siteCredentials';
import { loadSite } from '../sim/siteFile';
import { lazyNobleTransport } from '../transport/lazyNoble';
import { GattCacheFile } from '../transport/gattCache';
import { chooseBinding, describeBinding, type BindingChoice } from '../transport/noble/bindingChoice';
import { CredentialFile } from '../storage/credentialFile';
import { defaultDataDir } from '../storage/dataDir';
import type { Output } from './output';
import { PRODUCTION_TRUST, SIMULATED_SITE_TRUST } from '../protocol/trustAnchors';
import { BleTraceFile } from '../diagnostics/bleTrace';
import { traceTransport } from '../diagnostics/gattTrace';
import { carriesH4 } from '../transport/noble/h4Tap';
import { fileUserLabels, type UserLabels } from '../invite/userLabels';
import { TestFireRecordFile } from '../services/testFireRecordFile';
import type { TestFireRecordStore } from '../core/testFireRecords';

/** Where the CLI's BLE trace of recent sessions goes (rolled over at 2 MB; redacted as it is written). */
export function cliTracePath(): string {
  return join(defaultDataDir(), 'logs', 'cli-ble-trace.btsnoop');
}

function cliTrace(): BleTraceFile {
  return new BleTraceFile(cliTracePath());
}

export interface GlobalOptions {
  /** true for the built-in demo site, a path for a site file, undefined for real Bluetooth. */
  sim?: string | boolean;
  simState?: string;
  /** `--sim-keys <file>`: this installation's keys for the simulated devices, when not beside the state file. */
  simKeys?: string;
  /** `--hci-uart <port>`, as often as given (only `fluss sim serve` takes more than one). */
  hciUart?: string[];
  /** `--hci <n>`: the raw HCI socket on hciN. */
  hci?: number;
  /** `--binding dbus|hci|mac|win`. */
  binding?: string;
  role: Role;
  json: boolean;
}

/** Real Bluetooth is used unless only --sim is given; --sim with a binding option lends its site's users. */
export function usesRealBluetooth(options: GlobalOptions): boolean {
  const asked = (options.hciUart?.length ?? 0) > 0 || options.hci !== undefined || options.binding !== undefined;
  return asked || options.sim === undefined || options.sim === false;
}

/** The binding the global options ask for, and where that choice came from (for `fluss doctor`). */
export function bindingFor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): { binding: BindingChoice; source: string } {
  const ports = options.hciUart ?? [];
  if (ports.length > 1) {
    throw new FlussError('INVALID_ARGUMENT', 'Only `fluss sim serve` takes more than one --hci-uart.', 'Give the one port of the controller to use.');
  }
  const hciUart = ports[0];
  const binding = chooseBinding({ ...(hciUart === undefined ? {} : { hciUart }), ...(options.hci === undefined ? {} : { hci: options.hci }), ...(options.binding === undefined ? {} : { binding: options.binding }) }, env);
  const source =
    hciUart !== undefined
      ? '--hci-uart'
      : options.binding !== undefined
        ? '--binding'
        : options.hci !== undefined
          ? '--hci'
          : env.FLUSS_HCI_UART
            ? 'FLUSS_HCI_UART'
            : env.FLUSS_BLE_BINDING
              ? 'FLUSS_BLE_BINDING'
              : env.FLUSS_HCI_DEVICE
                ? 'FLUSS_HCI_DEVICE'
                : `the default on ${process.platform}`;
  return { binding, source };
}

/** How long the adapter may take to power on (FLUSS_ADAPTER_TIMEOUT_MS, default 5 s). */
export function adapterTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.FLUSS_ADAPTER_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : 5_000;
}

export interface CliContext {
  commissioner: Commissioner;
  role: Role;
  out: Output;
  /** The device's time (the simulator's clock can run ahead of the wall clock). */
  now: () => number;
  /** The owner's labels for shared users (kept beside the key file; never sent to a device). */
  labels: UserLabels;
  /** Present with --sim: the simulated site (for `fluss sim ...`). */
  site?: SimSite;
  /** Each intercom's last test-fire (Site overview), read on first use; notices go to stderr as warnings. */
  testFireRecords(): TestFireRecordStore;
  close(): Promise<void>;
}

export function createContext(options: GlobalOptions, out: Output): CliContext {
  if (usesRealBluetooth(options)) return createRealContext(options, out);
  const site = loadSite(typeof options.sim === 'string' ? options.sim : undefined);
  const statePath = options.simState ?? defaultSimStatePath();
  const simSite = new SimSite({ site, statePath });
  for (const notice of simSite.notices) {
    out.warn(`The simulator's state file was unreadable (${notice.reason}); it was set aside at ${notice.path} and the site starts fresh.`);
  }
  // Keys from claims on the simulator live beside its state: they belong to those simulated devices. So
  // does what the client learnt of their GATT layouts (the simulator caches it as the noble path does).
  const gattCache = new GattCacheFile(options.simState ? `${statePath}.gatt-cache.json` : join(defaultDataDir(), 'sim-gatt-cache.json'));
  // The simulator has no HCI: its sessions are traced at the GATT level (diagnostics bundle).
  const transport = traceTransport(simSite.createTransport({ gattCache }), cliTrace());
  // --sim-keys: a second installation (another data folder) sharing the same simulated site.
  const keysPath = options.simKeys ?? (options.simState ? `${statePath}.keys.json` : join(defaultDataDir(), 'sim-keys.json'));
  const keyFile = new CredentialFile(keysPath);
  if (keyFile.notice) out.warn(keyFile.notice);
  const commissioner = new Commissioner(transport, chainCredentials(keyFile, siteCredentials(site)), SIMULATED_SITE_TRUST);
  return {
    commissioner,
    role: options.role,
    out,
    labels: fileUserLabels(labelsPathFor(keysPath)),
    now: () => simSite.clock.now(),
    site: simSite,
    // Beside the simulator's state, like its keys: those records are of the simulated devices.
    testFireRecords: lazyRecords(options.simState ? `${statePath}.test-fires.json` : join(defaultDataDir(), 'sim-test-fires.json'), out),
    close: () => transport.close(),
  };
}

/**
 * Real Bluetooth through noble. Keys come from the CLI's key file in the user data folder and, when a site
 * is named (--sim [site.json] or --site), from that site's demo users: that is how `fluss --hci-uart <port>
 * --sim ...` works against a bench site served by `fluss sim serve`.
 */
function createRealContext(options: GlobalOptions, out: Output): CliContext {
  const { binding } = bindingFor(options);
  out.progress(`Bluetooth: ${describeBinding(binding)}`);
  const keysPath = join(defaultDataDir(), 'keys.json');
  const keyFile = new CredentialFile(keysPath);
  if (keyFile.notice) out.warn(keyFile.notice);
  const simulatedSite = options.sim !== undefined && options.sim !== false;
  const sources = [keyFile, ...(simulatedSite ? [siteCredentials(loadSite(typeof options.sim === 'string' ? options.sim : undefined))] : [])];
  // noble loads on the first scan or connection, not before: a refused value costs no radio start-up.
  // The trace for `fluss diagnostics`: the H4 stream on the HCI bindings, a GATT-level log on the others.
  const trace = cliTrace();
  const noble = lazyNobleTransport({ binding, poweredOnTimeoutMs: adapterTimeoutMs(), h4Trace: (packet, direction) => trace.record(packet, direction) });
  const transport = carriesH4(binding) ? noble : traceTransport(noble, trace);
  return {
    // The test factory's certificates are believed only for a bench site the technician named with --sim.
    commissioner: new Commissioner(transport, chainCredentials(...sources), simulatedSite ? SIMULATED_SITE_TRUST : PRODUCTION_TRUST),
    role: options.role,
    out,
    labels: fileUserLabels(labelsPathFor(keysPath)),
    now: deviceClock(options),
    testFireRecords: lazyRecords(join(defaultDataDir(), 'test-fires.json'), out),
    close: () => transport.close(),
  };
}

/**
 * The devices' clock, for time left on codes. A bench site served by `fluss sim serve` (named with --sim or
 * --site) keeps simulated time: its clock runs ahead by the offset in its state file (`fluss sim advance`).
 */
function deviceClock(options: GlobalOptions): () => number {
  if (options.sim === undefined || options.sim === false) return Date.now;
  const offsetMs = readClockOffset(options.simState ?? defaultSimStatePath());
  return () => Date.now() + offsetMs;
}

/** Labels live beside the keys they describe: keys.json -> user-labels.json, sim-keys.json -> sim-user-labels.json. */
function labelsPathFor(keysPath: string): string {
  return keysPath.endsWith('keys.json') ? `${keysPath.slice(0, -'keys.json'.length)}user-labels.json` : `${keysPath}.user-labels.json`;
}

/** The test-fire record file, opened when a command first needs it. */
function lazyRecords(path: string, out: Output): () => TestFireRecordStore {
  let file: TestFireRecordFile | undefined;
  return () => {
    if (!file) {
      file = new TestFireRecordFile(path);
      if (file.notice) out.warn(file.notice);
    }
    const opened = file;
    return {
      get: (deviceId) => opened.get(deviceId),
      record: (deviceId, report, endedAt) => {
        opened.record(deviceId, report, endedAt);
        if (opened.notice) out.warn(opened.notice);
        opened.notice = undefined;
      },
    };
  };
}
