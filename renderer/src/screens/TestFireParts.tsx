import { useEffect, useRef, useState } from 'react';
import type { TestFireStepView } from '@ipc/contract';
import { useStore } from '../store/store';
import { firstFailure } from '../store/testFireSlice';
import { cancelTestFire, resetTestFire, startTestFire } from '../effects/testFire';
import { resolveTestFireLeave } from '../effects/navigation';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { Modal } from '../components/Modal';

/**
 * Test-fire's parts, shared by the Test-fire page and guided commissioning's Test-fire step: the
 * Run / Cancel button, what the run shows (progress, result, steps), and the prompt when leaving mid-run.
 */

const STATUS_TEXT: Record<TestFireStepView['status'], string> = {
  pending: 'Waiting',
  running: 'Running…',
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Skipped',
};
const STATUS_ICON: Record<TestFireStepView['status'], string> = { pending: '○', running: '◔', passed: '✓', failed: '✕', skipped: '–' };

function StepList({ steps }: { steps: TestFireStepView[] }) {
  return (
    <ol className="steps" aria-label="Test-fire steps">
      {steps.map((s) => (
        <li key={s.id} className={`step step-${s.status}`} aria-current={s.status === 'running' ? 'step' : undefined}>
          <span className="step-icon" aria-hidden="true">
            {STATUS_ICON[s.status]}
          </span>
          <span className="step-label">{s.label}</span>
          <span className="step-status">{STATUS_TEXT[s.status]}</span>
          <span className="step-time">{s.durationMs === undefined ? '' : `${(s.durationMs / 1000).toFixed(1)} s`}</span>
          {s.detail ? <span className="step-detail">{s.detail}</span> : null}
          {s.error && s.status === 'failed' ? <span className="step-detail">{s.error.message}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** This intercom's run, if the store holds one. */
export function useTestFireRun(deviceId: string) {
  const run = useStore((s) => s.testFire);
  return run.status !== 'idle' && run.deviceId === deviceId ? run : null;
}

/** Run test-fire, Cancel while it runs, Run test-fire again once it ended. */
export function TestFireAction({ deviceId }: { deviceId: string }) {
  const session = useStore((s) => s.session);
  const mine = useTestFireRun(deviceId);
  const action = useRef<HTMLButtonElement>(null);
  const sessionOpen = session.status === 'open' && session.deviceId === deviceId ? session : null;
  const busy = mine?.status === 'starting' || mine?.status === 'running';

  // The action button changes (Run test-fire, Cancel, Run test-fire again) under the keyboard: when the
  // one that had focus goes, focus moves to the new one (Cancel while a run is on), never the body.
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) action.current?.focus();
  }, [busy]);

  return busy ? (
    // aria-disabled, not disabled, while it starts: a disabled button would drop the focus it has.
    <button ref={action} type="button" className="danger" aria-disabled={mine.status !== 'running' || mine.cancelling || undefined} onClick={() => void cancelTestFire()}>
      {mine.status === 'running' && mine.cancelling ? 'Cancelling…' : 'Cancel'}
    </button>
  ) : (
    <button
      ref={action}
      type="button"
      className="primary"
      disabled={!sessionOpen || sessionOpen.view.role === 'shared'}
      onClick={() => {
        resetTestFire();
        void startTestFire(deviceId);
      }}
    >
      {mine ? 'Run test-fire again' : 'Run test-fire'}
    </button>
  );
}

/** What a run shows: connecting, running with its time, passed or failed and why, and every step. */
export function TestFireRunView({ deviceId }: { deviceId: string }) {
  const session = useStore((s) => s.session);
  const mine = useTestFireRun(deviceId);
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (mine?.status !== 'running') return;
    const startedAt = mine.startedAt;
    const t = setInterval(() => setElapsed(Date.now() - startedAt), 250);
    return () => clearInterval(t);
  }, [mine]);
  const steps = mine?.status === 'running' ? mine.steps : mine?.status === 'done' ? mine.report.steps : [];
  const failure = mine?.status === 'done' ? firstFailure(mine.report.steps) : undefined;

  return (
    <>
      {session.status === 'opening' ? <Busy label="Connecting to the intercom…" /> : null}
      {session.status === 'failed' ? <ErrorNotice error={session.error} title="Could not connect to the intercom." /> : null}
      {mine?.status === 'starting' ? <Busy label="Starting test-fire…" /> : null}
      {mine?.status === 'running' ? <Busy label={`Test-fire running · ${(elapsed / 1000).toFixed(0)} s`} /> : null}
      {mine?.status === 'failed' ? <ErrorNotice error={mine.error} title="Test-fire could not start." /> : null}
      {mine?.status === 'done' && mine.report.passed ? (
        <div className="result result-pass" role="status">
          <strong>Test-fire passed</strong> in {(mine.report.totalMs / 1000).toFixed(1)} s. The Entry and Exit Devices open with a one-time code, and a
          used code is refused.
        </div>
      ) : null}
      {mine?.status === 'done' && !mine.report.passed ? (
        <ErrorNotice
          title="Test-fire failed"
          error={failure?.error ?? { code: 'TEST_FIRE_FAILED', message: failure ? `The step “${failure.label}” failed.` : 'Test-fire stopped before every step passed.' }}
        >
          {failure ? <span>Failed at: {failure.label}</span> : null}
        </ErrorNotice>
      ) : null}
      {mine?.status === 'done' && mine.report.codeLeftActive ? (
        <p className="warning" role="alert">
          The test code could not be removed. Revoke it by hand under Active codes on the Device Details page.
        </p>
      ) : null}
      {steps.length > 0 ? <StepList steps={steps} /> : null}
    </>
  );
}

/** Leaving during a run asks first: the run needs its session to finish and revoke its test code. */
export function TestFireLeavePrompt() {
  const target = useStore((s) => s.testFireLeave);
  if (!target) return null;
  return (
    <Modal
      title="Stop the test-fire?"
      role="alertdialog"
      onClose={() => void resolveTestFireLeave('stay')}
      description="A test-fire is running. Leaving stops it; the app waits until it has revoked its test code."
    >
      <div className="modal-actions">
        <button type="button" className="secondary" data-autofocus onClick={() => void resolveTestFireLeave('stay')}>
          Keep running
        </button>
        <button type="button" className="danger" onClick={() => void resolveTestFireLeave('stop')}>
          Stop test-fire and leave
        </button>
      </div>
    </Modal>
  );
}
