/** First-time setup: claim an unclaimed intercom with the setup key from its label. */
import { call } from '../api';
import { useStore } from '../store/store';
import { normalizeSetupKey } from '../store/setupSlice';
import { navigateNow } from './navigation';
import { openIntercom } from './session';

export async function claimIntercom(deviceId: string, setupKeyText: string): Promise<boolean> {
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
  useStore.setState({ claim: { status: 'claiming' } });
  const result = await call('setup.claim', { deviceId, setupKey });
  if (!result.ok) {
    useStore.setState({ claim: { status: 'failed', error: result.error } });
    return false;
  }
  useStore.setState({ claim: { status: 'idle' } });
  useStore.getState().showNotice({ kind: 'success', text: `${result.value.name} is set up. You are its owner.` });
  navigateNow({ screen: 'device', deviceId });
  await openIntercom(deviceId, 'owner');
  return true;
}
