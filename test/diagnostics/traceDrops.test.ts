/**
 * Packets the radio process left out (its channel to the app was backed up) are counted in the trace
 * file, as btsnoop's cumulative drops, and said in words in the bundle's README (tshark does not show the
 * field). Packets stamped in the radio process keep that time in the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BleTraceFile } from '../../electron/diagnostics/bleTrace';
import { decodeBtsnoop } from '../../electron/diagnostics/btsnoop';
import { buildBundle } from '../../electron/diagnostics/bundle';
import { tempDir } from '../helpers/demo';

const reset = new Uint8Array([0x01, 0x03, 0x0c, 0x00]);
const sources = (logs: string) => ({ logDirs: [logs], doctor: () => Promise.resolve({ text: 'checks', data: [] }), versions: { app: '0.0.0-test' } });

describe('dropped trace packets', () => {
  it('are counted in the records that follow, with the times the radio took', () => {
    const path = join(tempDir(), 'logs', 'ble-trace.btsnoop');
    const trace = new BleTraceFile(path);
    trace.record(reset, 'sent', 1_780_000_000_000_000n);
    trace.dropped(7);
    trace.record(reset, 'sent', 1_780_000_000_050_000n);
    trace.dropped(3);
    trace.record(reset, 'sent', 1_780_000_000_100_000n);
    const records = decodeBtsnoop(new Uint8Array(readFileSync(path))) ?? [];
    expect(records.map((r) => [r.drops, r.atUs])).toEqual([
      [0, 1_780_000_000_000_000n],
      [7, 1_780_000_000_050_000n],
      [10, 1_780_000_000_100_000n],
    ]);
  });

  it("are said in the bundle's README, and a trace without drops says nothing", async () => {
    const dir = tempDir();
    const busy = new BleTraceFile(join(dir, 'logs', 'ble-trace.btsnoop'));
    busy.record(reset, 'sent');
    busy.dropped(42);
    busy.record(reset, 'sent');
    new BleTraceFile(join(dir, 'logs', 'cli-ble-trace.btsnoop')).record(reset, 'sent');
    const bundle = await buildBundle(sources(join(dir, 'logs')));
    const readme = strFromU8(unzipSync(bundle.zip)['README.txt'] ?? new Uint8Array());
    expect(readme).toContain('traces/ble-trace.btsnoop: 42 packets were left out');
    expect(readme).not.toContain('traces/cli-ble-trace.btsnoop:');
  });
});
