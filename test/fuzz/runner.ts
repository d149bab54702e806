/**
 * Runs the fuzz targets: n inputs in all, shared between the targets by weight, each input derived from
 * (seed, target, index) and run under a watchdog. A synchronous call cannot be interrupted, so one that
 * returns after more than `hangMs` counts as a hang; an async call loses a race against a timer of the
 * same length. Anything thrown that the target does not allow is an escape. Both are kept with a
 * reproducer (target, seed, index, input as hex).
 */
import { performance } from 'node:perf_hooks';
import { inputPrng, mutate, toHex } from './mutate';
import type { FuzzTarget } from './target';

export interface Finding {
  kind: 'escape' | 'hang';
  target: string;
  seed: number;
  index: number;
  hex: string;
  detail: string;
}

export interface TargetFigures {
  name: string;
  inputs: number;
  escapes: number;
  hangs: number;
  ms: number;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  escapes: number;
  hangs: number;
  ms: number;
  targets: TargetFigures[];
  /** The first findings (at most 20), each with what rebuilds its input. */
  findings: Finding[];
}

export interface FuzzOptions {
  n: number;
  seed: number;
  /** A call longer than this is a hang (default 1 s). */
  hangMs?: number;
  /** Called once per target with its figures, as soon as it is done. */
  onTarget?: (figures: TargetFigures) => void;
}

const MAX_FINDINGS = 20;

/** The input a run gave `target` at `index`: what a reproducer rebuilds. */
export function inputFor(target: FuzzTarget, seed: number, index: number): Uint8Array {
  return mutate(inputPrng(seed, target.name, index), target.seeds);
}

export async function runFuzz(targets: readonly FuzzTarget[], options: FuzzOptions): Promise<FuzzReport> {
  const hangMs = options.hangMs ?? 1_000;
  const findings: Finding[] = [];
  const figures: TargetFigures[] = [];
  const started = performance.now();
  const counts = shares(targets, options.n);
  for (const [t, target] of targets.entries()) {
    const count = counts[t] ?? 0;
    const own: TargetFigures = { name: target.name, inputs: 0, escapes: 0, hangs: 0, ms: 0 };
    const targetStart = performance.now();
    // Every seed runs first, as itself: a seed that fails is a broken target, not a finding to hunt for.
    for (let index = 0; index < count; index++) {
      const input = index < target.seeds.length ? (target.seeds[index] as Uint8Array) : inputFor(target, options.seed, index);
      const outcome = await runOne(target, input, hangMs);
      own.inputs++;
      if (outcome === undefined) continue;
      if (outcome.kind === 'hang') own.hangs++;
      else own.escapes++;
      if (findings.length < MAX_FINDINGS) findings.push({ ...outcome, target: target.name, seed: options.seed, index, hex: toHex(input) });
    }
    own.ms = performance.now() - targetStart;
    figures.push(own);
    options.onTarget?.(own);
  }
  return {
    seed: options.seed,
    inputs: figures.reduce((n, f) => n + f.inputs, 0),
    escapes: figures.reduce((n, f) => n + f.escapes, 0),
    hangs: figures.reduce((n, f) => n + f.hangs, 0),
    ms: performance.now() - started,
    targets: figures,
    findings,
  };
}

/** n split by weight; what rounding leaves over goes to the first targets, one each. */
export function shares(targets: readonly FuzzTarget[], n: number): number[] {
  const total = targets.reduce((sum, t) => sum + (t.weight ?? 1), 0);
  const counts = targets.map((t) => Math.floor((n * (t.weight ?? 1)) / total));
  let left = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/** One input through one target: undefined when the decoder kept its promise. */
export async function runOne(target: FuzzTarget, input: Uint8Array, hangMs: number): Promise<{ kind: 'escape' | 'hang'; detail: string } | undefined> {
  const start = performance.now();
  let problem: string | undefined;
  try {
    const answer = target.run(input);
    if (answer instanceof Promise) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'hang'>((resolve) => {
        timer = setTimeout(() => resolve('hang'), hangMs);
      });
      const settled = await Promise.race([answer, late]).finally(() => clearTimeout(timer));
      if (settled === 'hang') return { kind: 'hang', detail: `no answer within ${hangMs} ms` };
      problem = settled;
    } else {
      problem = answer;
    }
  } catch (thrown) {
    if (!target.allowed?.(thrown)) return { kind: 'escape', detail: describe(thrown) };
  }
  const ms = performance.now() - start;
  if (ms > hangMs) return { kind: 'hang', detail: `took ${Math.round(ms)} ms` };
  return problem === undefined ? undefined : { kind: 'escape', detail: problem };
}

function describe(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}\n${thrown.stack?.split('\n').slice(1, 4).join('\n') ?? ''}`;
  return `thrown ${typeof thrown}: ${String(thrown)}`;
}
