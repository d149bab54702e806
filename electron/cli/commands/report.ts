/**
 * `fluss report <intercom> --out <dir>`: runs a test-fire now (a report states what was proven in this
 * run, never an older result), reads the intercom's identity and settings back, and writes a signed
 * report.json and its report.pdf. `fluss report verify <report.json>` checks a report; `fluss report key`
 * prints this installation's signing-key fingerprint. pdf-lib and the report modules load only here.
 */
import type { Command } from 'commander';
import { FlussError } from '../../protocol/errors';
import type { CliRunner, PlainRunner } from '../runner';

interface ReportOptions {
  out: string;
  technician?: string;
  siteName?: string;
  manual?: boolean;
  replace?: boolean;
}

export function registerReportCommands(program: Command, run: CliRunner, runPlain: PlainRunner): void {
  const report = program
    .command('report')
    .description('commissioning report: `fluss report <intercom> --out <dir>` runs a test-fire and writes a signed report.json and report.pdf')
    .argument('[intercom]', 'the intercom to test and report on (name or id)')
    .option('--out <dir>', 'the folder for report.pdf and report.json (made if missing; must not hold a report already)')
    .option('--technician <name>', 'your name, printed on the report (default: env FLUSS_TECHNICIAN)')
    .option('--site-name <name>', 'the site, printed on the report (default: env FLUSS_SITE_NAME, or the simulated site\'s name)')
    .option('--manual', 'show the test code and wait for a person to type it on the keypad')
    .option('--replace', 'overwrite a report already in the --out folder')
    .addHelpText(
      'after',
      '\nThe report states a test-fire run by this command: it is run first, then the settings are read back.\n' +
        'A failed test-fire is reported too (exit code 6). Verify a report with `fluss report verify <report.json>`.',
    )
    .action((intercom: string | undefined, opts: ReportOptions) =>
      run(async (context) => {
        if (intercom === undefined) throw new FlussError('INVALID_ARGUMENT', 'Name the intercom to report on.', 'Run `fluss report <intercom> --out <dir>`.');
        const { createCliReport } = await import('../reportRun');
        await createCliReport(context, intercom, opts);
      }),
    );

  report
    .command('verify <file>')
    .description('check a report.json: exit 0 if intact, 1 if changed (naming what changed), 2 if it is not a report')
    .option('--fingerprint <hex>', "also require the signing key's fingerprint (from the technician's Preferences)")
    .action((file: string, opts: { fingerprint?: string }) =>
      runPlain(async (out) => {
        const { verifyReportFile } = await import('../reportRun');
        verifyReportFile(file, opts.fingerprint, out);
      }),
    );

  report
    .command('key')
    .description("print this installation's report-signing key fingerprint (made on first use)")
    .action(() =>
      runPlain(async (out) => {
        const { printSigningKey } = await import('../reportRun');
        printSigningKey(out);
      }),
    );
}
