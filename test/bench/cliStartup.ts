/**
 * The CLI's own costs, as a technician feels them: `fluss --help` against a bare `node -e 0` (cold
 * start), and `--sim settings get` by name against by id (what finding by name adds). Medians of runs
 * interleaved so that load on the machine hits both sides alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FLUSS_BIN } from '../helpers/cli';
import type { BenchReport } from './report';

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status ?? result.signal ?? '?'}`);
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median wall time of each command, run `rounds` times in turn. */
function compare(commands: Record<string, string[]>, rounds: number, env: NodeJS.ProcessEnv): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) for (const [name, args] of Object.entries(commands)) times[name]?.push(wallMs(args, env));
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

export function cliBench(report: BenchReport): void {
  const row = report.row.bind(report);
  const dataDir = mkdtempSync(join(tmpdir(), 'fluss-bench-'));
  const env = { ...process.env, FLUSS_DATA_DIR: dataDir };
  report.section('the fluss command (medians of interleaved runs)');
  const start = compare({ node: ['-e', '0'], help: [FLUSS_BIN, '--help'] }, 15, env);
  row('cold start: fluss --help / node -e 0', { ratio: (start.help ?? 0) / (start.node ?? 1), helpMs: start.help ?? 0, nodeMs: start.node ?? 0 });
  const sim = [FLUSS_BIN, '--sim', '--sim-state', join(dataDir, 'state.json'), 'settings', 'get'];
  const find = compare({ id: [...sim, 'f1a000000001'], name: [...sim, 'Front Door'] }, 9, env);
  row('--sim settings get: by name / by id', { ratio: (find.name ?? 0) / (find.id ?? 1), nameMs: find.name ?? 0, idMs: find.id ?? 0 });
}
