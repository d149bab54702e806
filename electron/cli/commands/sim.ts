import type { Command } from 'commander';
import { FlussError } from '../../protocol/errors';
import { parseDuration } from '../args';
import type { CliRunner } from '../runner';

export function registerSimCommands(program: Command, run: CliRunner): void {
  const sim = program.command('sim').description('the simulated site (with --sim)');
  sim
    .command('advance <duration>')
    .description('move the simulated clock forward, e.g. 13h, to watch codes expire')
    .action((durationText: string) =>
      run(async ({ site, out }) => {
        if (!site) throw new FlussError('INVALID_ARGUMENT', '`fluss sim advance` needs --sim.', 'Add --sim.');
        const ms = parseDuration(durationText);
        site.advanceClock(ms);
        out.result({ clockOffsetMs: site.clock.offset, now: site.clock.now() }, () => `Simulated time is now ${new Date(site.clock.now()).toLocaleString()}.`);
        return Promise.resolve();
      }),
    );
}
