/**
 * The `fluss` command line: the same core sessions as the app, for technicians' scripts and for tests.
 * Declaring the commands loads only commander and a few small modules; the engine (schemas, crypto, the
 * simulator, noble) is imported when a command runs, so `fluss --help` starts about as fast as node.
 */
import { Command, CommanderError, Option } from 'commander';
import { FlussError, toFlussError } from '../protocol/errors';
import { registerCodeCommands } from './commands/codes';
import { registerDeviceCommands } from './commands/devices';
import { registerSettingsCommands } from './commands/settings';
import { registerSetupCommands } from './commands/setup';
import { registerAuditCommand } from './commands/audit';
import { registerSimCommands } from './commands/sim';
import { registerTestFireCommand } from './commands/testFire';
import { parseAdapterNumber } from './numberArgs';
import { registerDoctorCommand } from './commands/doctor';
import { registerReportCommands } from './commands/report';
import { registerDiagnosticsCommand } from './commands/diagnostics';
import { registerSiteCommands } from './commands/site';
import { registerCommissionCommand } from './commands/commission';
import type { GlobalOptions } from './context';
import { createOutput } from './output';
import { registerInviteCommands } from './commands/invite';
import { createPlainRunner, createRunner, exitCodeFor } from './runner';

interface RawGlobals {
  sim?: boolean;
  site?: string;
  simState?: string;
  simKeys?: string;
  hciUart?: string[];
  hci?: string;
  binding?: string;
  role: 'owner' | 'shared';
  json?: boolean;
}

export function buildProgram(): Command {
  const program = new Command('fluss')
    .description('Commission Fluss+ intercoms and gates over Bluetooth LE')
    .version('0.1.0')
    // Declared as a flag: normaliseArgv turns `--sim site.json` into `--sim --site site.json`.
    .addOption(new Option('--sim', 'use a simulated site: the built-in demo site, or the site file that follows (--sim site.json)'))
    .addOption(new Option('--site <file>', "a site file: the simulated site (as --sim site.json), or with --hci-uart the site whose demo users' keys to use"))
    .option('--sim-state <file>', "where the simulated devices keep their state (default: in the user's data folder)")
    .option('--sim-keys <file>', 'where this computer keeps its keys for the simulated devices (default: beside --sim-state)')
    .addOption(
      new Option('--hci-uart <port>', 'use real Bluetooth through the HCI UART controller on <port> (an HCI UART board, or `fluss sim hci`)').argParser(
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      ),
    )
    .option('--hci <n>', 'use the raw HCI socket on adapter hci<n> (Linux; needs CAP_NET_RAW and CAP_NET_ADMIN)')
    .addOption(new Option('--binding <name>', 'the Bluetooth binding (default: dbus on Linux, mac, win; env FLUSS_BLE_BINDING)').choices(['dbus', 'hci', 'mac', 'win']))
    .addOption(new Option('--role <role>', 'which of your identities to use on the device').choices(['owner', 'shared']).default('owner'))
    .option('--json', 'print one JSON document on stdout instead of text')
    .configureOutput({ outputError: (text, write) => write(`fluss: ${text.replace(/^error: /, '').trimEnd()} (see fluss --help)\n`) })
    .exitOverride();

  const globals = (): GlobalOptions => {
    const raw = program.opts<RawGlobals>();
    const sim = raw.site ?? raw.sim;
    return {
      ...(sim === undefined ? {} : { sim }),
      ...(raw.simState ? { simState: raw.simState } : {}),
      ...(raw.simKeys ? { simKeys: raw.simKeys } : {}),
      ...(raw.hciUart ? { hciUart: raw.hciUart } : {}),
      ...(raw.hci === undefined ? {} : { hci: parseAdapterNumber(raw.hci) }),
      ...(raw.binding === undefined ? {} : { binding: raw.binding }),
      role: raw.role,
      json: raw.json === true,
    };
  };
  const output = () => createOutput(program.opts<RawGlobals>().json === true);
  const run = createRunner(
    async () => (await import('./context')).createContext(globals(), output()),
    (error, context) => (context?.out ?? output()).error(error.toData()),
  );
  const runPlain = createPlainRunner(output);

  registerDeviceCommands(program, run);
  registerSettingsCommands(program, run);
  registerCodeCommands(program, run);
  registerTestFireCommand(program, run);
  registerSetupCommands(program, run);
  registerAuditCommand(program, run);
  registerInviteCommands(program, run);
  registerSimCommands(program, run, runPlain, globals);
  registerDoctorCommand(program, runPlain, globals);
  registerReportCommands(program, run, runPlain);
  registerDiagnosticsCommand(program, runPlain, globals);
  registerSiteCommands(program, run);
  registerCommissionCommand(program, run);
  return program;
}

/**
 * `--sim` takes an optional site file, but `fluss --sim scan` must not read "scan" as that file: only
 * an argument that names a .json file is taken as the site.
 */
export function normaliseArgv(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (arg === '--sim' && next !== undefined && next.toLowerCase().endsWith('.json')) {
      out.push('--sim', '--site', next);
      i++;
    } else if (arg.startsWith('--sim=')) {
      out.push('--sim', '--site', arg.slice('--sim='.length));
    } else out.push(arg);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const args = normaliseArgv(argv);
  const program = buildProgram();
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (thrown) {
    // Help and version exit 0; usage errors have already been printed on stderr by commander.
    if (thrown instanceof CommanderError && thrown.exitCode === 0) return 0;
    const error = thrown instanceof CommanderError ? usageError(thrown) : toFlussError(thrown);
    // --json promises a JSON document on stdout, for a usage error as for a refused value.
    if (wantsJson(args)) process.stdout.write(`${JSON.stringify({ error: error.toData() }, null, 2)}\n`);
    if (!(thrown instanceof CommanderError)) process.stderr.write(`fluss: ${error.message}\n`);
    return exitCodeFor(error.code);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

/** commander's message ("error: unknown command 'bogus'") as the CLI's error data. */
function usageError(error: CommanderError): FlussError {
  const text = error.message.replace(/^error: /, '').trim();
  return new FlussError('INVALID_ARGUMENT', `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`, 'See `fluss --help`.');
}

/** Whether --json was given (before a `--`): known even when commander stopped before reading options. */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
