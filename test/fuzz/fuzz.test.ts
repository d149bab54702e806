/**
 * CI's share of `npm run fuzz` (issue 8, item 10): 50,000 mutated inputs over every decoder, with zero
 * escaped exceptions and zero hangs. The run's seed is fixed so a failure here reproduces with
 * `npm run fuzz -- --n 50000 --seed <seed>`; the runner itself is checked to catch what it counts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzz } from './runner';
import type { FuzzTarget } from './target';
import { allTargets } from './targets';

const SEED = Number(process.env.FLUSS_FUZZ_SEED ?? 20_261_202);
const targets = allTargets();
afterAll(() => {
  for (const target of targets) target.close?.();
});

describe('fuzzing every decoder', () => {
  it('50,000 inputs: no escaped exception, no hang', async () => {
    const report = await runFuzz(targets, { n: 50_000, seed: SEED });
    const reproducers = report.findings.map((f) => `${f.kind} in ${f.target} (seed ${f.seed}, index ${f.index}): ${f.detail.split('\n')[0]} input ${f.hex}`);
    expect(reproducers).toEqual([]);
    expect(report).toMatchObject({ inputs: 50_000, escapes: 0, hangs: 0 });
    expect(report.targets.map((t) => t.name)).toEqual(expect.arrayContaining(['framing.reassembly', 'codec.response+results', 'session.client', 'session.device', 'sealed.open', 'identity.certificate', 'advertising.manufacturerData', 'ipc.envelope', 'ipc.dispatch', 'radio.h4', 'radio.h4Forwarder', 'invite.qrPicture', 'invite.text', 'file.site', 'file.simState', 'file.gattCache', 'hci.h4', 'hci.controller']));
    expect(report.targets.every((t) => t.inputs >= 100)).toBe(true);
  }, 120_000);

  it('counts what escapes and what hangs, with the input that did it', async () => {
    const seeds = [Uint8Array.of(1, 2, 3)];
    const throwing: FuzzTarget = { name: 'throws', seeds, run: (input) => (input.length > 3 ? undefined : (() => { throw new RangeError('out of bounds'); })()) };
    const hanging: FuzzTarget = { name: 'hangs', seeds, run: () => new Promise<undefined>(() => undefined) };
    const lying: FuzzTarget = { name: 'malformed result', seeds, run: () => 'decode returned a Result without ok' };
    const report = await runFuzz([throwing, hanging, lying], { n: 6, seed: 1, hangMs: 50 });
    expect(report.targets.find((t) => t.name === 'hangs')).toMatchObject({ inputs: 2, hangs: 2, escapes: 0 });
    expect(report.targets.find((t) => t.name === 'malformed result')).toMatchObject({ escapes: 2 });
    expect(report.targets.find((t) => t.name === 'throws')?.escapes).toBeGreaterThanOrEqual(1);
    expect(report.findings[0]).toMatchObject({ kind: 'escape', target: 'throws', seed: 1, index: 0, hex: '010203', detail: expect.stringContaining('RangeError') as unknown });
  });
});
