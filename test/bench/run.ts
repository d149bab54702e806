/**
 * `npm run bench` (add `-- --json` for one JSON document on standard output): what the engine's operations
 * cost. Each operation's ATT PDUs and exchanges in the simulator and on the air of the real stacks, side by
 * side; connect-to-settings exchanges of the CLI run as separate processes, and the gate's own exchanges
 * during the CLI's test-fire; wall times at 7.5, 15 and 30 ms connection intervals (median, min, max of
 * several runs); our session against noble used directly; the codec; the CLI's cold start. Numbers only:
 * tests assert behaviour, not speed.
 */
import { performance } from 'node:perf_hooks';
import { decodeRequest, encodeRequest } from '../../electron/protocol/codec';
import { Reassembler, segment } from '../../electron/protocol/framing';
import { socatAvailable } from '../../electron/hci/ptyBridge';
import { cliBench } from './cliStartup';
import { cliExchangesBench, countsBench, wallTimesBench } from './radioBench';
import { BenchReport } from './report';
import { uiBench } from './uiFigures';

const MAIN_GATE = 'f16000000001';
const report = new BenchReport(process.argv.includes('--json'));
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = Math.max(1, Number(runsArg?.slice('--runs='.length) ?? 5) || 5);

function codecBench(): void {
  report.section('codec');
  const request = encodeRequest({ id: 1, op: 'settings.set', args: { requestId: 'ab'.repeat(16), baseRevision: 3, settings: { entryDevice: MAIN_GATE, exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 } } });
  const n = 20_000;
  let start = performance.now();
  for (let i = 0; i < n; i++) decodeRequest(request);
  report.row('codec: decode+validate settings.set', { usPerOp: ((performance.now() - start) * 1000) / n });
  const big = new Uint8Array(4000);
  start = performance.now();
  for (let i = 0; i < 2000; i++) {
    const r = new Reassembler();
    for (const p of segment(big, 23)) r.push(p);
  }
  report.row('framing: 4 kB at MTU 23 round trip', { usPerOp: ((performance.now() - start) * 1000) / 2000 });
}

codecBench();
if (socatAvailable()) {
  await countsBench(report);
  await cliExchangesBench(report);
  await wallTimesBench(report, [7.5, 15, 30], runs);
} else {
  report.section('real stacks over the virtual controller');
  report.row('skipped', { reason: 'socat is not installed (apt-get install -y socat)' });
}
cliBench(report);
await uiBench(report);
if (report.json) process.stdout.write(`${JSON.stringify(report.document(), null, 2)}\n`);
process.exit(0);
