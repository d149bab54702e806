/**
 * `fluss site status [--csv] [--sort <column>]`: the Site overview in the terminal. It scans, then opens
 * each intercom this computer holds a key for, one at a time, to read its gates, settings and active
 * codes (progress on stderr). An intercom that stops answering gets its own error; the rest are read.
 */
import type { Command } from 'commander';
import type { CliRunner } from '../runner';

export interface SiteStatusOptions {
  csv?: boolean;
  sort?: string;
  desc?: boolean;
  seconds?: string;
  check?: boolean;
}

export function registerSiteCommands(program: Command, run: CliRunner): void {
  const site = program.command('site').description('every Fluss+ intercom on the site at once');
  site
    .command('status')
    .description('list every intercom heard: who you are to it, its gates and settings, active codes, last test-fire, firmware, signal')
    .option('--csv', 'print CSV (for a spreadsheet) instead of a table')
    .option('--sort <column>', 'sort by: name, deviceId, relationship, entryDevice, exitDevice, maxUsers, inviteDuration, activeCodes, lastTestFire, firmware, signal, check', 'name')
    .option('--desc', 'sort in descending order')
    .option('--seconds <n>', 'listen for intercoms at most this long (default 5)')
    .option('--no-check', 'do not connect: list only what the scan and this computer know')
    .addHelpText('after', '\nExit code 0 when every intercom you hold a key for was read; 1 when any of them could not be (each row says why).')
    .action((opts: SiteStatusOptions) =>
      run(async (context) => {
        const { siteStatus } = await import('../siteRun');
        await siteStatus(context, opts);
      }),
    );
}
