import type { Command } from 'commander';
import type { DoctorCheck } from '../../transport/noble/doctor';
import type { GlobalOptions } from '../context';
import { parseSeconds } from '../numberArgs';
import type { PlainRunner } from '../runner';

const MARK: Record<DoctorCheck['status'], string> = { pass: '✓', warn: '!', fail: '✗' };

export function registerDoctorCommand(program: Command, runPlain: PlainRunner, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description("check this computer's Bluetooth: the binding in use, adapter found and powered, services and permissions; prints the fix for each failed check")
    .option('--timeout <seconds>', 'how long to wait for the adapter to power on (default: FLUSS_ADAPTER_TIMEOUT_MS, else 5)')
    .action((opts: { timeout?: string }) =>
      runPlain(async (out) => {
        // noble loads here, for this command only.
        const [{ adapterTimeoutMs, bindingFor }, { doctorPassed, evaluateDoctor }, { gatherProbes }] = await Promise.all([
          import('../context'),
          import('../../transport/noble/doctor'),
          import('../../transport/noble/doctorProbes'),
        ]);
        const { binding, source } = bindingFor(globals());
        const timeoutMs = opts.timeout === undefined ? adapterTimeoutMs() : parseSeconds('--timeout', opts.timeout, 0.1, 60);
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
