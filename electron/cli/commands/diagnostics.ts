import type { Command } from 'commander';
import type { GlobalOptions } from '../context';
import type { PlainRunner } from '../runner';

export function registerDiagnosticsCommand(program: Command, runPlain: PlainRunner, globals: () => GlobalOptions): void {
  program
    .command('diagnostics')
    .description('save a zip for support: operations logs, BLE traces of recent sessions (btsnoop), audit logs read, doctor checks, versions; no digits or keys')
    .requiredOption('--out <file.zip>', 'where to save the zip')
    .option('--replace', 'overwrite the file if it exists')
    .action((opts: { out: string; replace?: boolean }) =>
      runPlain(async (out) => {
        const { saveDiagnostics } = await import('../diagnosticsRun');
        await saveDiagnostics(opts.out, { replace: opts.replace === true }, globals(), out);
      }),
    );
}
