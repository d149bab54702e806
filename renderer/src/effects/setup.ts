/** First-time setup: claim an unclaimed intercom with the setup key from its label. */
import { call } from '../api';
import { useStore } from '../store/store';
import { claimWaitMs, normalizeSetupKey } from '../store/setupSlice';
import { navigateNow } from './navigation';
import { openIntercom } from './session';

/** Where a successful claim goes: Device Details (First-time setup), or nowhere (guided commissioning moves on itself). */
export type AfterClaim = 'details' | 'stay';

export async function claimIntercom(deviceId: string, setupKeyText: string, then: AfterClaim = 'details'): Promise<boolean> {
  const setupKey = normalizeSetupKey(setupKeyText);
  if (setupKey === null) {
    useStore.setState({
      claim: {
        status: 'failed',
        error: { code: 'INVALID_VALUE', message: 'A setup key is 32 hex digits.', hint: 'Copy it from the label inside the intercom; dashes are fine.' },
      },
    });
    return false;
  }
  const backoff = useStore.getState().claimBackoff[deviceId];
  const waitS = backoff ? Math.ceil((backoff.retryAt - Date.now()) / 1000) : 0;
  if (backoff && waitS > 0) {
    useStore.setState({
      claim: {
        status: 'failed',
        error: {
          code: 'AUTH_FAILED',
          message: `${backoff.failures} wrong setup keys in a row, so the next try waits ${waitS} s.`,
          hint: 'Check the key against the label inside the intercom’s cover in the meantime.',
        },
      },
    });
    return false;
  }
  useStore.setState({ claim: { status: 'claiming' } });
  const result = await call('setup.claim', { deviceId, setupKey });
  if (!result.ok) {
    // Only a key the intercom refused counts; a dropped link or a timeout is no evidence of guessing.
    if (result.error.code === 'AUTH_FAILED') recordWrongKey(deviceId);
    useStore.setState({ claim: { status: 'failed', error: result.error } });
    return false;
  }
  const others = Object.fromEntries(Object.entries(useStore.getState().claimBackoff).filter(([id]) => id !== deviceId));
  useStore.setState({ claim: { status: 'idle' }, claimBackoff: others });
  useStore.getState().showNotice({ kind: 'success', text: `${result.value.name} is set up. You are its owner.` });
  if (then === 'details') navigateNow({ screen: 'device', deviceId });
  await openIntercom(deviceId, 'owner');
  return true;
}

function recordWrongKey(deviceId: string): void {
  const failures = (useStore.getState().claimBackoff[deviceId]?.failures ?? 0) + 1;
  useStore.setState((s) => ({ claimBackoff: { ...s.claimBackoff, [deviceId]: { failures, retryAt: Date.now() + claimWaitMs(failures) } } }));
}
