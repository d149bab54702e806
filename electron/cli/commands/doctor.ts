import type { Command } from 'commander';
import { doctorPassed, evaluateDoctor, type DoctorCheck } from '../../transport/noble/doctor';
import { gatherProbes } from '../../transport/noble/doctorProbes';
import { adapterTimeoutMs, bindingFor, type GlobalOptions } from '../context';
import type { PlainRunner } from '../runner';

const MARK: Record<DoctorCheck['status'], string> = { pass: '✓', warn: '!', fail: '✗' };

export function registerDoctorCommand(program: Command, runPlain: PlainRunner, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description("check this computer's Bluetooth: the binding in use, adapter found and powered, services and permissions; prints the fix for each failed check")
    .option('--timeout <seconds>', 'how long to wait for the adapter to power on', String(adapterTimeoutMs() / 1000))
    .action((opts: { timeout: string }) =>
      runPlain(async (out) => {
        const { binding, source } = bindingFor(globals());
        const timeoutMs = Math.max(100, Math.min(60_000, Math.round(Number(opts.timeout) * 1000) || 5_000));
        out.progress(`Checking Bluetooth (${source})…`);
        const checks = evaluateDoctor(await gatherProbes(binding, source, timeoutMs));
        const passed = doctorPassed(checks);
        out.result({ passed, checks }, () =>
          [
            ...checks.map((c) => `${MARK[c.status]} ${c.title}: ${c.detail}${c.fix ? `\n    Fix: ${c.fix}` : ''}`),
            passed ? 'Ready: Bluetooth is usable.' : 'Not ready: fix the checks marked ✗, then run fluss doctor again.',
          ].join('\n'),
        );
        if (!passed) process.exitCode = 1;
      }),
    );
}
