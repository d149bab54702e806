/**
 * `npm run soak -- --cycles N`: the soak over the real stacks (needs socat). Prints each cycle's failures
 * as they happen, then the totals: failures, live codes left behind, memory growth after the warm-up
 * (heap and RSS after forced collections, medians of the first and last samples: memorySamples.ts).
 * Exits 1 on any failure or live code, or memory growth of 10 % or more.
 */
import { socatAvailable } from '../../electron/hci/ptyBridge';
import { runSoak } from './soak';

const MAX_GROWTH_PCT = 10;

function cyclesOption(): number {
  const at = process.argv.indexOf('--cycles');
  const raw = at === -1 ? '20' : (process.argv[at + 1] ?? '');
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--cycles must be a whole number of at least 1, not "${raw}".`);
    process.exit(2);
  }
  return value;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  if (!socatAvailable()) {
    console.error('The soak runs over the virtual HCI controller and needs socat: apt-get install -y socat.');
    process.exit(2);
  }
  const cycles = cyclesOption();
  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  console.log(`soak: ${cycles} cycles over noble and bleno on virtual controllers${gc ? '' : ' (no --expose-gc: memory figures include garbage)'}`);
  const report = await runSoak({
    cycles,
    onCycle: (cycle, failed) => {
      for (const f of failed) console.log(`cycle ${cycle}: ${f.step} failed: ${f.message}`);
      if (cycle % 10 === 0 || cycle === cycles) console.log(`cycle ${cycle}/${cycles} done`);
    },
  });
  console.log(`\n${report.cycles} cycles in ${(report.ms / 1000).toFixed(1)} s (${(report.ms / report.cycles).toFixed(0)} ms a cycle)`);
  console.log(`failures: ${report.failures.length}`);
  console.log(`live codes left: ${report.liveCodes} on the intercom's flash, ${report.liveCodesListed ?? `? (listing failed: ${report.listingError ?? ''})`} listed over the air`);
  console.log(`the intercom's flash was filled to its retention caps first (${report.prefilledCodes} codes created and revoked in process)`);
  console.log(`memory, median of the first ${report.sampleWindow} samples after warm-up -> of the last ${report.sampleWindow}: RSS ${mb(report.warm.rss)} -> ${mb(report.end.rss)} (${report.rssGrowthPct.toFixed(1)} %), heap ${mb(report.warm.heapUsed)} -> ${mb(report.end.heapUsed)} (${report.heapGrowthPct.toFixed(1)} %)`);
  const ok = report.failures.length === 0 && report.liveCodes === 0 && (report.liveCodesListed ?? 0) === 0 && report.rssGrowthPct < MAX_GROWTH_PCT && report.heapGrowthPct < MAX_GROWTH_PCT;
  process.exitCode = ok ? 0 : 1;
}

void main();
