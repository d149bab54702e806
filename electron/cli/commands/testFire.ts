import type { Command } from 'commander';
import type { TestFireStep } from '../../core/testFire';
import { FlussError } from '../../protocol/errors';
import type { Output } from '../output';
import type { CliRunner } from '../runner';

const MARK: Record<TestFireStep['status'], string> = { pending: ' ', running: '…', passed: '✓', failed: '✗', skipped: '-' };

/** Prints each step once, as it passes, fails or is skipped (on stderr: progress, not the result). */
export function printStepProgress(steps: TestFireStep[], printed: Set<string>, out: Output): void {
  for (const step of steps) {
    const key = `${step.id}:${step.status}`;
    if (step.status === 'pending' || step.status === 'running' || printed.has(key)) continue;
    printed.add(key);
    out.progress(`${MARK[step.status]} ${step.label}${step.durationMs === undefined ? '' : ` (${step.durationMs} ms)`}${step.error ? `: ${step.error.message}` : ''}`);
  }
}

export function registerTestFireCommand(program: Command, run: CliRunner): void {
  program
    .command('test-fire <device>')
    .description('prove the site end to end: a test code opens the entry gate, then the exit gate, then is refused')
    .option('--manual', 'show the code and wait for a person to type it on the keypad, instead of the diagnostic keypad entry')
    .action((device: string, opts: { manual?: boolean }) =>
      run(async (context) => {
        const { commissioner, out } = context;
        const printed = new Set<string>();
        const controller = new AbortController();
        // Ctrl+C cancels cleanly: the test code is revoked before the process exits.
        const onInterrupt = () => controller.abort();
        process.once('SIGINT', onInterrupt);
        try {
          // Found first so the record below is filed under the intercom's id, whatever name was typed.
          const intercom = await commissioner.find(device, 'intercom', { signal: controller.signal });
          const report = await commissioner.testFire(intercom.deviceId ?? device, {
            mode: opts.manual ? 'manual' : 'diagnostic',
            signal: controller.signal,
            onCodeReady: (digits) => {
              if (opts.manual) out.progress(`Type ${digits} on the intercom's keypad now, then again to leave.`);
            },
            onProgress: (steps) => printStepProgress(steps, printed, out),
          });
          if (intercom.deviceId !== undefined) context.testFireRecords().record(intercom.deviceId, report, new Date(context.now()));
          out.result(report, () =>
            report.passed ? `Test-fire passed in ${report.totalMs} ms.` : `Test-fire failed. ${report.codeLeftActive ? 'The test code may still be active: revoke it with `fluss codes revoke`.' : 'No test code was left active.'}`,
          );
          if (!report.passed) {
            const failed = report.steps.find((s) => s.status === 'failed');
            throw new FlussError('TEST_FIRE_FAILED', `Test-fire failed at "${failed?.label ?? 'unknown step'}": ${failed?.error?.message ?? 'no detail'}`, failed?.error?.hint);
          }
        } finally {
          process.off('SIGINT', onInterrupt);
        }
      }),
    );
}
