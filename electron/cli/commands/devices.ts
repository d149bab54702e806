import type { Command } from 'commander';
import { isStable } from '../../core/findDevice';
import type { ScannedDevice } from '../../core/scanner';
import { parsePositiveInt } from '../numberArgs';
import type { CliRunner } from '../runner';
import { table } from '../output';
import { humanScan, scanEntry } from './scanView';
import { watchScan } from './scanWatch';

/** `fluss scan` listens at most this long; it returns sooner once what it heard is stable. */
const SCAN_SECONDS = 5;

export function registerDeviceCommands(program: Command, run: CliRunner): void {
  program
    .command('scan')
    .description('list the Fluss+ intercoms and gates advertising nearby; returns as soon as no new device turns up')
    .option('--seconds <n>', `listen at most this long (default ${SCAN_SECONDS}; with --watch, stop after this long)`)
    .option('--all', 'also list unrelated Bluetooth devices (phones, beacons, TVs)')
    .option('--watch', 'keep listening and show changes live until Ctrl+C (with --json: one JSON line per change)')
    .action((opts: { seconds?: string; all?: boolean; watch?: boolean }) =>
      run(async ({ commissioner, out }) => {
        // A watch may run all day; a one-off scan needs a minute at most.
        const maxMs = opts.seconds === undefined ? undefined : parsePositiveInt('--seconds', opts.seconds, opts.watch ? 86_400 : 60) * 1000;
        const shown = (d: ScannedDevice) => opts.all === true || d.kind !== 'other';
        if (opts.watch) return watchScan(commissioner.transport, out, { shown, ...(maxMs === undefined ? {} : { maxMs }) });
        out.progress(`Scanning (at most ${(maxMs ?? SCAN_SECONDS * 1000) / 1000} s)…`);
        // Done when every device heard has been heard again since the last new one: a round with nobody new.
        const devices = await commissioner.scan(maxMs ?? SCAN_SECONDS * 1000, { until: (heard) => isStable(heard.filter(shown)) });
        const listed = devices.filter(shown);
        out.result({ devices: listed.map(scanEntry) }, () => humanScan(listed, devices.length - listed.length));
      }),
    );

  program
    .command('info <device>')
    .description("read a device's model, firmware, serial and whether it is claimed (no key needed)")
    .action((device: string) =>
      run(async ({ commissioner, out }) => {
        const info = await commissioner.readInfo(device);
        out.result(info, () =>
          table([
            ['Name', info.name],
            ['Kind', info.kind],
            ['Device id', info.deviceId],
            ['Model', info.model],
            ['Firmware', info.firmware],
            ['Hardware', info.hardware],
            ['Serial', info.serial],
            ['Protocol', `v${info.protocolVersion}`],
            ['Claimed', info.claimed ? 'yes' : 'no (ready for first-time setup)'],
          ]),
        );
      }),
    );

  program
    .command('identify <gate>')
    .description('make a gate blink and click, to tell which physical gate it is')
    .action((gate: string) =>
      run(async ({ commissioner, out, role }) => {
        const label = await commissioner.withGate(gate, { role }, async (session) => {
          await session.identify();
          return session.label;
        });
        out.result({ identified: label }, () => `${label} is blinking and clicking.`);
      }),
    );
}
