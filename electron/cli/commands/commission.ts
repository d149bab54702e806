/**
 * `fluss commission <intercom> --setup-key K --entry G [--exit G|same] [--max-users N] [--duration H]
 * --report <dir>`: guided commissioning in one command, for scripted site rollouts. Every argument is
 * checked before any radio work; a run that stops (the intercom vanished, a test-fire failed) resumes
 * where it stopped when the same command is run again.
 */
import type { Command } from 'commander';
import type { CliRunner } from '../runner';

export interface CommissionCliOptions {
  setupKey?: string;
  entry?: string;
  exit?: string;
  maxUsers?: string;
  duration?: string;
  report?: string;
  technician?: string;
  siteName?: string;
  replace?: boolean;
}

export function registerCommissionCommand(program: Command, run: CliRunner): void {
  program
    .command('commission <intercom>')
    .description('guided commissioning in one go: claim, set the gates and One Time Access Settings, test-fire, write the signed report')
    .option('--setup-key <key>', 'the setup key on its label (needed while it is not claimed)')
    .option('--entry <gate>', 'Entry Device: a gate name or id (required)')
    .option('--exit <gate>', 'Exit Device: a gate name or id, or "same" for Same as entry', 'same')
    .option('--max-users <n>', 'Max Users: 1, 2, 5, 10, 25 or 50')
    .option('--duration <hours>', 'Invite Duration in hours: 1 to 24')
    .option('--report <dir>', 'the folder for report.pdf and report.json (required)')
    .option('--technician <name>', 'your name, printed on the report (default: env FLUSS_TECHNICIAN)')
    .option('--site-name <name>', "the site, printed on the report (default: env FLUSS_SITE_NAME, or the simulated site's name)")
    .option('--replace', 'overwrite a report already in the --report folder')
    .addHelpText(
      'after',
      '\nExit codes as the other commands: 0 done, 2 a refused value, 3 not found, 4 not yours / no key, 5 timeout, 6 test-fire failed.\n' +
        'If it stops part-way (the intercom vanished), run the same command again: it resumes at the step that had not finished.',
    )
    .action((intercom: string, opts: CommissionCliOptions) =>
      run(async (context) => {
        const { runCommission } = await import('../commissionRun');
        await runCommission(context, intercom, opts);
      }),
    );
}
