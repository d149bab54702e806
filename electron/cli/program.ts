/**
 * The `fluss` command line: the same core sessions as the app, for technicians' scripts and for tests.
 */
import { Command, CommanderError, Option } from 'commander';
import { FlussError } from '../protocol/errors';
import { registerCodeCommands } from './commands/codes';
import { registerDeviceCommands } from './commands/devices';
import { registerSettingsCommands } from './commands/settings';
import { registerSetupCommands } from './commands/setup';
import { registerSimCommands } from './commands/sim';
import { registerTestFireCommand } from './commands/testFire';
import { createContext } from './context';
import { createOutput } from './output';
import { createRunner } from './runner';

interface RawGlobals {
  sim?: boolean;
  site?: string;
  simState?: string;
  role: 'owner' | 'shared';
  json?: boolean;
}

export function buildProgram(): Command {
  const program = new Command('fluss')
    .description('Commission Fluss+ intercoms and gates over Bluetooth LE')
    .version('0.1.0')
    // Declared as a flag: normaliseArgv turns `--sim site.json` into `--sim --site site.json`.
    .addOption(new Option('--sim', 'use a simulated site: the built-in demo site, or the site file that follows (--sim site.json)'))
    .addOption(new Option('--site <file>').hideHelp())
    .option('--sim-state <file>', "where the simulated devices keep their state (default: in the user's data folder)")
    .addOption(new Option('--role <role>', 'which of your identities to use on the device').choices(['owner', 'shared']).default('owner'))
    .option('--json', 'print one JSON document on stdout instead of text')
    .configureOutput({ outputError: (text, write) => write(`fluss: ${text.replace(/^error: /, '').trimEnd()} (see fluss --help)\n`) })
    .exitOverride();

  const run = createRunner(
    () => {
      const globals = program.opts<RawGlobals>();
      const out = createOutput(globals.json === true);
      const sim = globals.site ?? globals.sim;
      return createContext({ ...(sim === undefined ? {} : { sim }), ...(globals.simState ? { simState: globals.simState } : {}), role: globals.role, json: globals.json === true }, out);
    },
    (error, context) => (context?.out ?? createOutput(program.opts<RawGlobals>().json === true)).error(error.toData()),
  );

  registerDeviceCommands(program, run);
  registerSettingsCommands(program, run);
  registerCodeCommands(program, run);
  registerTestFireCommand(program, run);
  registerSetupCommands(program, run);
  registerSimCommands(program, run);
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
  const program = buildProgram();
  try {
    await program.parseAsync(normaliseArgv(argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors have already been printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof FlussError ? error.message : String(error);
    process.stderr.write(`fluss: ${message}\n`);
    return 1;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
