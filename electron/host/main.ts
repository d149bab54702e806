/**
 * `npm run web -- [--port N] [--sim [site.json]] [--sim-state <file>] [--sim-keys <file>] [--hci-uart <port>]`:
 * the browser host. `--sim-keys` gives this host its own keys for a simulated site another host or the CLI
 * also uses (`--sim-state`), as a second computer near the same intercoms would have. Runs the same main-process services as the Electron app, serves the built renderer and carries
 * the IPC contract over a WebSocket on 127.0.0.1; prints the URL to open (with its token).
 * For development and UI tests; not part of the packaged app.
 */
import { TestFireRecordFile } from '../services/testFireRecordFile';
import { CommissionProgressFile, commissionProgressPath } from '../services/commissionProgressFile';
import { defaultSimStatePath } from '../sim/simState';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { FlussError, toFlussError } from '../protocol/errors';
import { ADAPTER_UNAVAILABLE } from '../services/adapterProblem';
import { createAppServices, type AppServices } from '../services/appServices';
import { filePrefs } from '../services/nodeStores';
import { createSimEnvironment } from '../services/simEnvironment';
import { defaultDataDir } from '../storage/dataDir';
import { fileUserLabels } from '../invite/userLabels';
import { createBluetoothEnvironment } from './bluetoothEnvironment';
import { startBrowserHost } from './server';
import { attachSimConsole } from './simConsole';
import { SimTransport } from '../sim/simTransport';
import { fileOperationLog } from '../services/operationLog';
import { PRODUCTION_TRUST, SIMULATED_SITE_TRUST } from '../protocol/trustAnchors';
import { BleTraceFile, type BleTraceSink } from '../diagnostics/bleTrace';
import { fileAuditReadLog } from '../diagnostics/auditReads';
import { reportKeyFile } from '../report/reportKeyFile';
import { appDoctor } from '../services/appDoctor';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface HostOptions {
  port: number;
  sim?: string | boolean;
  simState?: string;
  simKeys?: string;
  hciUart?: string;
  simConsole?: boolean;
  static: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  return port;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('npm run web --')
    .description('Serve the Fluss+ Commissioner UI to a browser on this computer')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', parsePort, 0)
    .option('--sim [site]', 'use the simulated site (the built-in demo site, or a site file)')
    .option('--sim-state <file>', 'where the simulated devices keep their state')
    .option('--sim-keys <file>', "this host's keys for the simulated devices (default: beside --sim-state)")
    .option('--hci-uart <port>', 'real Bluetooth through an HCI controller on a serial port')
    .option('--sim-console', 'read fault commands for the simulated site from standard input (vanish <device>, reappear <device>)')
    .option('--static <dir>', 'the built renderer', join(root, 'out/renderer'))
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv, { from: 'user' });
  const options = program.opts<HostOptions>();

  if (!existsSync(join(options.static, 'index.html'))) {
    throw new FlussError('IO_ERROR', `The built UI is missing (${join(options.static, 'index.html')}).`, 'Run `npm run build` first.');
  }

  const logsDir = join(defaultDataDir(), 'logs');
  // Beside a --sim-state file, as the operations log is; else in the data folder's logs.
  const logPath = (name: string) => (options.simState === undefined ? join(logsDir, `browser-host-${name}`) : `${options.simState}.${name}`);
  const trace = new BleTraceFile(logPath('ble-trace.btsnoop'));
  const environment = openEnvironment(options, trace);
  if (options.simConsole === true) {
    if (!('site' in environment) || !(environment.transport instanceof SimTransport)) {
      throw new FlussError('INVALID_ARGUMENT', '--sim-console works only with the in-process simulated site.', 'Leave out --hci-uart to use it.');
    }
    attachSimConsole(process.stdin, environment.site, environment.transport, (line) => process.stdout.write(`${line}\n`));
  }
  const prefs = filePrefs(options.simState === undefined ? join(defaultDataDir(), 'browser-host-prefs.json') : `${options.simState}.prefs.json`);
  // Guided commissioning's progress where `fluss --sim --sim-state <file> commission` keeps it, so each resumes the other's.
  const commissionProgress = new CommissionProgressFile(
    commissionProgressPath(defaultDataDir(), options.simState ?? (environment.simulated ? defaultSimStatePath() : undefined)),
  );
  for (const notice of [...environment.notices, ...prefs.notices, ...(commissionProgress.notice ? [commissionProgress.notice] : [])]) process.stderr.write(`warning: ${notice}\n`);

  const ref: { services?: AppServices } = {};
  const host = await startBrowserHost({
    port: options.port,
    staticDir: options.static,
    invoke: (channel, payload) =>
      ref.services ? ref.services.invoke(channel, payload) : Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'The host is still starting; try again.' } }),
  });
  const services = createAppServices({
    transport: environment.transport,
    credentials: environment.credentials,
    prefs,
    emit: host.emit,
    version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    simulated: environment.simulated,
    // The test factory's certificates are believed only for the simulated site (in process, or a bench site with --sim).
    trust: environment.simulated || options.sim !== undefined ? SIMULATED_SITE_TRUST : PRODUCTION_TRUST,
    // Without --sim or --hci-uart the simulator stands in for an adapter, and says so.
    ...(environment.simulated && options.sim === undefined ? { adapterProblem: ADAPTER_UNAVAILABLE } : {}),
    ...(environment.siteName === undefined ? {} : { siteName: environment.siteName }),
    now: environment.now,
    // Beside the prefs: the Site overview's "Last test-fire".
    testFireRecords: new TestFireRecordFile(options.simState === undefined ? join(defaultDataDir(), 'browser-host-test-fires.json') : `${options.simState}.test-fires.json`),
    commissionProgress,
    log: fileOperationLog(logPath('operations.log')),
    trace,
    // --hci-uart: noble's H4 stream, forwarded by the radio process (electron/radio/); the simulator: a GATT-level log.
    transportTracesH4: environment.tracesH4,
    auditReads: fileAuditReadLog(logPath('audit-read.jsonl')),
    // The owner's labels for shared users, beside the preferences.
    userLabels: fileUserLabels(options.simState === undefined ? join(defaultDataDir(), 'browser-host-user-labels.json') : `${options.simState}.user-labels.json`),
    // With --sim-state, beside that file (as the preferences are): a test's host never writes to the user's folders.
    reports: {
      signingKey: reportKeyFile(options.simState === undefined ? join(defaultDataDir(), 'report-signing-key.json') : `${options.simState}.report-signing-key.json`),
      reportsDir: options.simState === undefined ? join(defaultDataDir(), 'reports') : join(dirname(options.simState), 'reports'),
      diagnosticsDir: options.simState === undefined ? join(defaultDataDir(), 'diagnostics') : join(dirname(options.simState), 'diagnostics'),
      logDirs: [logsDir],
      logFiles: options.simState === undefined ? [] : ['operations.log', 'ble-trace.btsnoop', 'audit-read.jsonl'].map(logPath),
      doctor: appDoctor({ simulated: environment.simulated, bluetooth: environment.transport.name }),
    },
  });

  const what = environment.simulated ? `the simulated site "${environment.siteName ?? ''}"` : `real Bluetooth (${environment.transport.name})`;
  process.stdout.write(`Fluss+ Commissioner is serving ${what}. Open this address in a browser:\n${host.url}\n`);

  ref.services = services;
  const running = services;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping…\n`);
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    void (async () => {
      await running.close().catch(() => undefined);
      await environment.close().catch(() => undefined);
      await host.close();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The radio: real Bluetooth with --hci-uart, else the simulated site. */
function openEnvironment(options: HostOptions, trace: BleTraceSink) {
  if (options.hciUart !== undefined) {
    const real = createBluetoothEnvironment({
      hciUart: options.hciUart,
      trace,
      keysPath: options.simState === undefined ? join(defaultDataDir(), 'keys.json') : `${options.simState}.keys.json`,
      ...(options.sim === undefined ? {} : { sim: options.sim }),
      // The page hears of it through its sessions (lost, with the reason); the console says it too.
      onRadioStatus: (status) => {
        if (status.state === 'restarting') process.stderr.write(`${status.message}\n`);
      },
    });
    return { ...real, simulated: false, now: () => Date.now() };
  }
  const statePath = options.simState ?? defaultSimStatePath();
  const sim = createSimEnvironment({ ...(typeof options.sim === 'string' ? { sitePath: options.sim } : {}), statePath, ...(options.simKeys === undefined ? {} : { keysPath: options.simKeys }) });
  // The simulator has no HCI: its links are traced at the GATT level.
  return { ...sim, simulated: true, tracesH4: () => false };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof Error && 'exitCode' in error && error.name === 'CommanderError') {
    process.exit((error as { exitCode: number }).exitCode === 0 ? 0 : 2);
  }
  const data = toFlussError(error).toData();
  process.stderr.write(`error: ${data.message}${data.hint ? `\nhint: ${data.hint}` : ''}\n`);
  process.exit(data.code === 'INTERNAL' ? 1 : 2);
});
