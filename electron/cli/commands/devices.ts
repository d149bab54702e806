import type { Command } from 'commander';
import type { ScannedDevice } from '../../core/scanner';
import { parsePositiveInt } from '../args';
import type { CliRunner } from '../runner';
import { table } from '../output';

export function registerDeviceCommands(program: Command, run: CliRunner): void {
  program
    .command('scan')
    .description('list the Fluss+ intercoms and gates advertising nearby')
    .option('--seconds <n>', 'how long to listen', '2')
    .option('--all', 'also list unrelated Bluetooth devices (phones, beacons, TVs)')
    .action((opts: { seconds: string; all?: boolean }) =>
      run(async ({ commissioner, out }) => {
        const seconds = parsePositiveInt('--seconds', opts.seconds, 60);
        out.progress(`Scanning for ${seconds} s…`);
        const devices = await commissioner.scan(seconds * 1000);
        const shown = opts.all ? devices : devices.filter((d) => d.kind !== 'other');
        out.result({ devices: devices.map(scanEntry) }, () => humanScan(shown, devices.length - shown.length));
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

function scanEntry(d: ScannedDevice) {
  return {
    kind: d.kind,
    name: d.name,
    address: d.address,
    rssi: Math.round(d.rssi),
    ...(d.deviceId === undefined ? {} : { deviceId: d.deviceId, claimed: d.claimed, model: d.model, firmware: d.firmware }),
  };
}

function humanScan(devices: ScannedDevice[], hidden: number): string {
  if (devices.length === 0) return 'No Fluss+ devices heard. Check they have power and move closer.';
  const rows = [['KIND', 'NAME', 'ID', 'SIGNAL', 'STATE']];
  for (const d of devices) {
    rows.push([d.kind, d.name, d.deviceId ?? d.address, `${Math.round(d.rssi)} dBm`, d.kind === 'intercom' ? (d.claimed ? 'claimed' : 'unclaimed') : '']);
  }
  return table(rows) + (hidden > 0 ? `\n(${hidden} other Bluetooth devices hidden; --all shows them)` : '');
}
