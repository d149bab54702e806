/** Test-fire from the UI: start, follow progress events, cancel. */
import { call } from '../api';
import type { TestFireReportView, TestFireStepView } from '@ipc/contract';
import { useStore } from '../store/store';
import { loadCodes } from './codes';
import { TEST_FIRE_STEPS } from '@protocol/testFireSteps';

/** The step list as soon as a run starts, before the first progress event. */
const PENDING_STEPS: TestFireStepView[] = TEST_FIRE_STEPS.map((s) => ({ id: s.id, label: s.label, status: 'pending' }));

/** Events that arrive before `testFire.start` has answered with the run id. */
const early = new Map<string, { steps?: TestFireStepView[]; report?: TestFireReportView }>();

export async function startTestFire(deviceId: string): Promise<void> {
  const s = useStore.getState().testFire;
  if (s.status === 'starting' || s.status === 'running') return;
  early.clear();
  useStore.setState({ testFire: { status: 'starting', deviceId } });
  const result = await call('testFire.start', { deviceId, mode: 'diagnostic' });
  if (!result.ok) {
    useStore.setState({ testFire: { status: 'failed', deviceId, error: result.error } });
    return;
  }
  const { runId } = result.value;
  const buffered = early.get(runId);
  early.clear();
  useStore.setState({ testFire: { status: 'running', deviceId, runId, steps: buffered?.steps ?? PENDING_STEPS, cancelling: false, startedAt: Date.now() } });
  if (buffered?.report) onTestFireDone({ runId, report: buffered.report });
}

export function onTestFireProgress(e: { runId: string; steps: TestFireStepView[] }): void {
  const s = useStore.getState().testFire;
  if (s.status === 'starting') early.set(e.runId, { ...early.get(e.runId), steps: e.steps });
  else if (s.status === 'running' && s.runId === e.runId) useStore.setState({ testFire: { ...s, steps: e.steps } });
}

export function onTestFireDone(e: { runId: string; report: TestFireReportView }): void {
  const s = useStore.getState().testFire;
  if (s.status === 'starting') early.set(e.runId, { ...early.get(e.runId), report: e.report });
  else if (s.status === 'running' && s.runId === e.runId) {
    useStore.setState({ testFire: { status: 'done', deviceId: s.deviceId, report: e.report } });
    void loadCodes(s.deviceId);
  }
}

export async function cancelTestFire(): Promise<void> {
  const s = useStore.getState().testFire;
  if (s.status !== 'running' || s.cancelling) return;
  useStore.setState({ testFire: { ...s, cancelling: true } });
  const result = await call('testFire.cancel', { runId: s.runId });
  const now = useStore.getState().testFire;
  if (!result.ok && now.status === 'running') {
    useStore.setState({ testFire: { ...now, cancelling: false } });
    useStore.getState().showNotice({ kind: 'error', text: result.error.message, ...(result.error.hint ? { hint: result.error.hint } : {}) });
  }
}

/** How long leaving waits for a cancelled run to revoke its test code and finish. */
export const STOP_WAIT_MS = 30_000;

const isActive = (status: string) => status === 'starting' || status === 'running';

/**
 * Cancels the run and resolves once it has ended (its test code revoked), or after `waitMs`: closing
 * the session under a running test-fire aborts it mid-step ("the link is down (closed by the app)")
 * and may leave its test code active (issue 10, bug 4.1). True when the run ended in time.
 */
export async function stopTestFire(waitMs = STOP_WAIT_MS): Promise<boolean> {
  if (!isActive(useStore.getState().testFire.status)) return true;
  const ended = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, waitMs);
    const off = useStore.subscribe((s) => {
      if (isActive(s.testFire.status)) return;
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });
  // A run still starting has no id to cancel yet: wait until it runs, then cancel it.
  if (useStore.getState().testFire.status === 'starting') {
    let off = () => undefined as unknown;
    const started = new Promise<void>((resolve) => {
      off = useStore.subscribe((s) => {
        if (s.testFire.status !== 'starting') resolve();
      });
    });
    const inTime = await Promise.race([started.then(() => true), ended.then(() => false)]);
    off();
    if (!inTime) return false;
  }
  await cancelTestFire();
  return ended;
}

export function resetTestFire(): void {
  early.clear();
  useStore.setState({ testFire: { status: 'idle' } });
}
