/**
 * After an event gap (issue 8, item 5): the intercom sent events this app did not receive, and main read
 * again what they keep current. What it read replaces what this window shows of that intercom, and the
 * notice says so in the technician's words (a polite status: announced, never stealing focus).
 */
import type { DeviceResynced } from '@ipc/contract';
import { useStore } from '../store/store';
import { isDirty } from '../store/settingsSlice';
import { mergeEvents } from '../store/sessionSlice';
import { addLiveAudit } from './audit';
import { codeListOf } from './codes';

export function onDeviceResynced(payload: DeviceResynced): void {
  const state = useStore.getState();
  // Only the window showing this intercom (Device Details, its settings or its test-fire) has anything to refresh.
  if (state.session.status !== 'open' || state.session.deviceId !== payload.deviceId) return;
  const owner = state.session.view.role === 'owner';
  useStore.setState({
    ...(payload.codes ? { codes: { status: 'ready' as const, value: codeListOf(payload.codes) } } : {}),
    ...(payload.users && owner && state.users.status !== 'idle' ? { users: { status: 'ready' as const, value: payload.users } } : {}),
    ...(payload.events ? { events: mergeEvents(state.events, payload.events) } : {}),
    ...settingsUpdate(payload),
  });
  // The owner's Audit history takes the missed entries in their place, in words.
  if (payload.events) addLiveAudit(payload.deviceId, payload.events);
  state.showNotice({
    kind: payload.error ? 'error' : 'info',
    text: payload.message,
    ...(payload.error?.hint ? { hint: payload.error.hint } : {}),
  });
}

/**
 * The settings as read again, unless the technician is editing them: a changed draft keeps the revision it
 * was based on, so saving it is refused as changed by another session (STALE_REVISION) rather than
 * silently overwriting what changed.
 */
function settingsUpdate(payload: DeviceResynced) {
  const settings = useStore.getState().settings;
  if (!payload.settings || settings.status === 'idle' || settings.status === 'loading' || settings.deviceId !== payload.deviceId) return {};
  if (settings.status === 'ready' && (isDirty(settings) || settings.saving)) return {};
  const snapshot = payload.settings;
  return { settings: { status: 'ready' as const, deviceId: payload.deviceId, snapshot, draft: { ...snapshot.settings }, saving: false, error: null } };
}
