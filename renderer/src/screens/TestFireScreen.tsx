import { useEffect, useRef, useState } from 'react';
import type { TestFireStepView } from '@ipc/contract';
import { useStore } from '../store/store';
import { firstFailure } from '../store/testFireSlice';
import { cancelTestFire, resetTestFire, startTestFire } from '../effects/testFire';
import { navigate, resolveTestFireLeave } from '../effects/navigation';
import { openIntercom } from '../effects/session';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { SaveReportPanel } from './SaveReportPanel';
import { Modal } from '../components/Modal';

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
          {s.error && s.status === 'failed' ? (
            <span className="step-detail">
              {s.error.message}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** Leaving during a run asks first: the run needs its session to finish and revoke its test code. */
function LeavePrompt() {
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

export function TestFireScreen({ deviceId }: { deviceId: string }) {
  const run = useStore((s) => s.testFire);
  const session = useStore((s) => s.session);
  const [elapsed, setElapsed] = useState(0);
  const action = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void openIntercom(deviceId);
  }, [deviceId]);
  useEffect(() => {
    if (run.status !== 'running') return;
    const t = setInterval(() => setElapsed(Date.now() - run.startedAt), 250);
    return () => clearInterval(t);
  }, [run]);

  const sessionOpen = session.status === 'open' && session.deviceId === deviceId ? session : null;
  const shared = sessionOpen?.view.role === 'shared';
  const mine = run.status !== 'idle' && run.deviceId === deviceId ? run : null;
  const busy = mine?.status === 'starting' || mine?.status === 'running';
  const steps = mine?.status === 'running' ? mine.steps : mine?.status === 'done' ? mine.report.steps : [];
  const failure = mine?.status === 'done' ? firstFailure(mine.report.steps) : undefined;

  // The header's action button changes (Run test-fire, Cancel, Run test-fire again) under the keyboard:
  // when the one that had focus goes, focus moves to the new one (Cancel while a run is on), never the body.
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) action.current?.focus();
  }, [busy]);

  return (
    <section className="screen" aria-labelledby="tf-title">
      <header className="screen-header">
        <button type="button" className="back" onClick={() => navigate({ screen: 'device', deviceId })}>
          ‹ Device Details
        </button>
        <h1 id="tf-title">Test-fire</h1>
        <div className="screen-actions">
          {busy ? (
            // aria-disabled, not disabled, while it starts: a disabled button would drop the focus it has.
            <button
              ref={action}
              type="button"
              className="danger"
              aria-disabled={mine.status !== 'running' || mine.cancelling || undefined}
              onClick={() => void cancelTestFire()}
            >
              {mine.status === 'running' && mine.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button
              ref={action}
              type="button"
              className="primary"
              disabled={!sessionOpen || shared}
              onClick={() => {
                resetTestFire();
                void startTestFire(deviceId);
              }}
            >
              {mine ? 'Run test-fire again' : 'Run test-fire'}
            </button>
          )}
        </div>
      </header>
      <p className="lead">
        Test-fire proves the site end to end: it creates a real one-time code, enters it at the intercom, checks that the Entry Device and then
        the Exit Device open, checks that a third use is refused, and leaves no test code active.
      </p>
      {shared ? (
        <p className="readonly-reason" role="note">
          Only the owner can run test-fire. Choose “Owner” under Connect as on the Device Details page.
        </p>
      ) : null}
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
          error={
            failure?.error ?? {
              code: 'TEST_FIRE_FAILED',
              message: failure ? `The step “${failure.label}” failed.` : 'Test-fire stopped before every step passed.',
            }
          }
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
      {mine?.status === 'done' ? <SaveReportPanel deviceId={deviceId} /> : null}
      <LeavePrompt />
    </section>
  );
}
