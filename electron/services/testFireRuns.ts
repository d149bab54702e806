/**
 * Test-fire runs started from the UI: each gets a run id, reports its steps as 'testFire.progress' and
 * its report as 'testFire.done', and can be cancelled (the core still revokes the test code).
 */
import { randomBytes } from 'node:crypto';
import type { EventTypes, TestFireStepView } from '../ipc/contract';
import type { GateSession, IntercomSession } from '../core/deviceSession';
import type { SessionKeeper } from '../core/sessionKeeper';
import { testFire, type TestFireReport, type TestFireStep } from '../core/testFire';
import { toFlussError } from '../protocol/errors';

export interface TestFireRunDeps {
  emitProgress: (payload: EventTypes['testFire.progress']) => void;
  emitDone: (payload: EventTypes['testFire.done']) => void;
  /** Keeps the outcome for the Site overview's "Last test-fire" (testFireRecords.ts). */
  record?: (deviceId: string, report: TestFireReport, endedAt: Date) => void;
}

export interface StartRun {
  intercom: SessionKeeper<IntercomSession>;
  connectGate: (deviceId: string, signal: AbortSignal) => Promise<GateSession>;
  mode: 'diagnostic' | 'manual';
}

export interface FinishedRun {
  report: TestFireReport;
  startedAt: Date;
  mode: 'diagnostic' | 'manual';
}

export class TestFireRuns {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly finished = new Set<string>();
  /** The last finished run of each intercom in this process: what a report states. */
  private readonly lastRuns = new Map<string, FinishedRun>();

  constructor(private readonly deps: TestFireRunDeps) {}

  /** Starts a run in the background and returns its id at once. */
  start(run: StartRun): string {
    const runId = randomBytes(8).toString('hex');
    const controller = new AbortController();
    let digits: string | undefined;
    const startedAt = new Date();
    const deviceId = run.intercom.session.info.deviceId;
    const view = (steps: TestFireStep[]): TestFireStepView[] =>
      steps.map((s) =>
        // In manual mode a person types the code: the step waiting for them says which digits.
        digits !== undefined && run.mode === 'manual' && s.status === 'running' && (s.id === 'entry' || s.id === 'exit')
          ? { ...s, detail: `Type ${digits} on the intercom's keypad${s.id === 'exit' ? ' again to leave' : ''}.` }
          : { ...s },
      );
    const done = testFire({
      intercom: run.intercom,
      connectGate: run.connectGate,
      mode: run.mode,
      signal: controller.signal,
      onCodeReady: (d) => {
        digits = d;
      },
      onProgress: (steps) => this.deps.emitProgress({ runId, steps: view(steps) }),
    })
      .then(
        (report) => {
          // The core's report, not the view: in manual mode the view's steps name the digits.
          this.lastRuns.set(deviceId, { report, startedAt, mode: run.mode });
          this.deps.record?.(deviceId, report, new Date());
          this.deps.emitDone({ runId, report: { ...report, steps: report.steps.map((s) => ({ ...s })) } });
        },
        (error: unknown) =>
          this.deps.emitDone({
            runId,
            report: { passed: false, steps: [{ id: 'settings', label: 'Test-fire', status: 'failed', error: toFlussError(error).toData() }], totalMs: 0, codeLeftActive: false },
          }),
      )
      .finally(() => {
        this.running.delete(runId);
        this.finished.add(runId);
      });
    this.running.set(runId, { controller, done });
    return runId;
  }

  /** The intercom's last finished test-fire in this process, if any. */
  lastRun(deviceId: string): FinishedRun | undefined {
    return this.lastRuns.get(deviceId);
  }

  /** Cancels a run; false if no such run was ever started. */
  cancel(runId: string): boolean {
    const run = this.running.get(runId);
    if (run) run.controller.abort();
    return run !== undefined || this.finished.has(runId);
  }

  /** Cancels every run and waits for their cleanup (the test codes are revoked). */
  async close(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((r) => r.done));
  }
}
