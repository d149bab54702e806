/**
 * Guided commissioning (issue 11, item 2). The steps are done by the usual effects (claim, settings,
 * test-fire, report); the services record each one in the progress `fluss commission` keeps too, so
 * these effects only start or resume the flow, send the gates chosen, and read the flow back after each
 * step to move on (or to show where it stopped and why).
 */
import { call } from '../api';
import type { CommissionFlowView } from '@ipc/contract';
import { useStore } from '../store/store';
import { openIntercom, reconnect } from './session';

/** Reads the flow back (after a step ended, or on opening the page). */
export async function loadFlow(deviceId: string): Promise<void> {
  const before = useStore.getState().commission;
  if (before.status !== 'ready' || before.deviceId !== deviceId) useStore.setState({ commission: { status: 'loading', deviceId } });
  const result = await call('commission.get', { deviceId });
  const now = useStore.getState().commission;
  if (now.status === 'idle' || now.deviceId !== deviceId) return;
  if (!result.ok) {
    useStore.setState({ commission: { status: 'failed', deviceId, error: result.error } });
    return;
  }
  // No flow yet (or a finished one while none is on screen): start one; a finished one on screen stays shown.
  if (result.value === null || (result.value.next === null && now.status !== 'ready')) {
    await startFlow(deviceId);
    return;
  }
  setFlow(deviceId, result.value);
}

/** Starts a flow, or resumes the unfinished one (the services say which). */
export async function startFlow(deviceId: string): Promise<void> {
  useStore.setState({ commission: { status: 'loading', deviceId } });
  const result = await call('commission.start', { deviceId });
  if (useStore.getState().commission.status === 'idle') return;
  if (result.ok) setFlow(deviceId, result.value);
  else useStore.setState({ commission: { status: 'failed', deviceId, error: result.error } });
}

function setFlow(deviceId: string, flow: CommissionFlowView): void {
  const now = useStore.getState().commission;
  const retried = now.status === 'ready' && now.deviceId === deviceId ? now.retried : null;
  useStore.setState({ commission: { status: 'ready', deviceId, flow, busy: false, error: null, retried } });
}

/** The Entry and Exit Device step: the gates are kept with the flow until One Time Access Settings saves them. */
export async function chooseGates(deviceId: string, entryDevice: string, exitDevice: string): Promise<void> {
  const s = useStore.getState().commission;
  if (s.status !== 'ready' || s.busy) return;
  useStore.setState({ commission: { ...s, busy: true, error: null } });
  const result = await call('commission.gates', { deviceId, entryDevice, exitDevice });
  const now = useStore.getState().commission;
  if (now.status !== 'ready' || now.deviceId !== deviceId) return;
  useStore.setState({ commission: result.ok ? { ...now, flow: result.value, busy: false } : { ...now, busy: false, error: result.error } });
}

/**
 * Try again after a step stopped (the intercom vanished, a test-fire failed): the session is opened
 * again where the step needs one, and the step is shown to be done again. Resumes where it stopped.
 */
export async function retryStep(deviceId: string): Promise<void> {
  const s = useStore.getState().commission;
  if (s.status === 'ready') useStore.setState({ commission: { ...s, retried: s.flow.updatedAt, error: null } });
  const { session, connection } = useStore.getState();
  const needsSession = s.status === 'ready' && s.flow.next !== 'claim' && s.flow.next !== 'gates';
  if (needsSession) {
    if (session.status === 'failed' || (session.status === 'open' && connection?.state === 'lost')) await reconnect();
    else await openIntercom(deviceId, 'owner');
  }
  if (s.status !== 'ready') await loadFlow(deviceId);
}

/** Leaving the page forgets the flow on screen (it stays recorded: opening the intercom offers to resume). */
export function leaveFlow(): void {
  useStore.setState({ commission: { status: 'idle' } });
}

/** Whether `deviceId` has an unfinished flow (for "Resume commissioning"); null when none or unreadable. */
export async function unfinishedFlow(deviceId: string): Promise<CommissionFlowView | null> {
  const result = await call('commission.get', { deviceId });
  return result.ok && result.value !== null && result.value.next !== null ? result.value : null;
}
