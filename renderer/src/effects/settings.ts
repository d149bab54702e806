/** One Time Access Settings: load, save (with the revision the draft was based on) and discard. */
import { call } from '../api';
import { useStore } from '../store/store';
import { isDirty } from '../store/settingsSlice';
import { loadCodes } from './codes';

export async function loadSettings(deviceId: string): Promise<void> {
  useStore.setState({ settings: { status: 'loading', deviceId } });
  const result = await call('settings.get', { deviceId });
  if (useStore.getState().settings.status !== 'loading') return;
  useStore.setState({
    settings: result.ok
      ? { status: 'ready', deviceId, snapshot: result.value, draft: { ...result.value.settings }, saving: false, error: null }
      : { status: 'failed', deviceId, error: result.error },
  });
}

export function discardDraft(): void {
  const s = useStore.getState().settings;
  if (s.status !== 'ready') return;
  useStore.setState({ settings: { ...s, draft: { ...s.snapshot.settings }, error: null } });
}

/**
 * Saves the draft and says so in a confirmation; where to go next is the caller's business
 * (navigation.ts `saveAndLeave`: Device Details, as the seed's step 8 says). On failure the draft stays
 * and the error says what to do. A draft equal to what the device holds is not sent at all (issue 10,
 * bug 4.3: a no-change save bumped the revision and wrote an audit entry), unless `confirm`: guided
 * commissioning's step saves what the technician confirmed, even when the intercom holds it already.
 */
export async function saveSettings(options: { confirm?: boolean } = {}): Promise<boolean> {
  const s = useStore.getState().settings;
  if (s.status !== 'ready' || s.saving || (!isDirty(s) && options.confirm !== true)) return false;
  useStore.setState({ settings: { ...s, saving: true, error: null } });
  const result = await call('settings.save', { deviceId: s.deviceId, settings: s.draft, baseRevision: s.snapshot.revision });
  const now = useStore.getState().settings;
  if (now.status !== 'ready') return false;
  if (!result.ok) {
    useStore.setState({ settings: { ...now, saving: false, error: result.error } });
    return false;
  }
  useStore.setState({
    settings: { ...now, saving: false, error: null, snapshot: result.value, draft: { ...result.value.settings } },
  });
  useStore.getState().showNotice({ kind: 'success', text: 'One Time Access Settings saved.' });
  void loadCodes(s.deviceId);
  return true;
}
