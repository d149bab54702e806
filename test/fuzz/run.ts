/**
 * `npm run fuzz -- --n N [--seed S] [--target NAME]`: mutates valid inputs of every decoder (frames, CBOR
 * messages, handshake, sealed channel, certificates, advertisements, IPC envelopes and payloads, site,
 * state and cache files, H4 and the virtual controller) and counts escaped exceptions and hangs.
 * Prints the seed first (pass it back with --seed to reproduce a run), per-target figures, and for each
 * finding its reproducer. Exits 1 on any escape or hang.
 */
import { randomInt } from 'node:crypto';
import { runFuzz, type FuzzReport, type TargetFigures } from './runner';
import { allTargets } from './targets';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

function positiveInteger(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, not "${raw}".`);
    process.exit(2);
  }
  return value;
}

const line = (f: TargetFigures) =>
  `${f.name.padEnd(30)} ${String(f.inputs).padStart(9)} inputs  ${String(f.escapes).padStart(3)} escaped  ${String(f.hangs).padStart(3)} hangs  ${Math.round(f.inputs / (f.ms / 1000 || 1)).toLocaleString('en').padStart(9)}/s`;

export function printReport(report: FuzzReport): void {
  console.log(`\n${report.inputs.toLocaleString('en')} inputs in ${(report.ms / 1000).toFixed(1)} s (${Math.round(report.inputs / (report.ms / 1000)).toLocaleString('en')}/s), seed ${report.seed}`);
  console.log(`escaped exceptions: ${report.escapes}, hangs: ${report.hangs}`);
  for (const finding of report.findings) {
    console.log(`\n${finding.kind.toUpperCase()} in ${finding.target}: seed ${finding.seed}, index ${finding.index}\n  ${finding.detail.replaceAll('\n', '\n  ')}\n  input: ${finding.hex}`);
  }
}

async function main(): Promise<void> {
  const n = positiveInteger('n', 50_000);
  const seed = positiveInteger('seed', randomInt(0, 2 ** 31));
  const only = option('target');
  const targets = allTargets();
  const chosen = only === undefined ? targets : targets.filter((t) => t.name === only);
  if (chosen.length === 0) {
    console.error(`No fuzz target "${only}". Targets: ${targets.map((t) => t.name).join(', ')}.`);
    process.exit(2);
  }
  console.log(`fuzz: ${n.toLocaleString('en')} inputs over ${chosen.length} targets, seed ${seed}`);
  try {
    const report = await runFuzz(chosen, { n, seed, onTarget: (f) => console.log(line(f)) });
    printReport(report);
    process.exitCode = report.escapes + report.hangs === 0 ? 0 : 1;
  } finally {
    for (const target of targets) target.close?.();
  }
}

void main();
