/** The intercom session behind Device Details, and its users (owner only). */
import { addLiveAudit, clearAudit } from './audit';
import { call } from '../api';
import type { DeviceEvent, Role } from '@protocol/messages';
import { useStore } from '../store/store';
import { mergeEvents } from '../store/sessionSlice';
import type { InviteView } from '@ipc/contract';

/** Opens (or reuses) a session; a different role closes the current one first. */
export async function openIntercom(deviceId: string, role?: Role): Promise<void> {
  const current = useStore.getState().session;
  if (current.status === 'open' && current.deviceId === deviceId && (role === undefined || current.view.role === role)) return;
  if (current.status === 'opening' && current.deviceId === deviceId && current.role === role) return;
  // Main switches roles itself (it closes the other role's session first), so no close is needed here.
  // A finished test-fire's result belongs to the session that ran it: a new session (another role,
  // another device) starts without it (issue 10, bug 4.7). A run still going is left alone.
  const run = useStore.getState().testFire.status;
  useStore.setState({
    ...(run === 'starting' || run === 'running' ? {} : { testFire: { status: 'idle' } }),
    session: { status: 'opening', deviceId, role },
    connection: null,
    users: { status: 'idle' },
    usersError: null,
    codes: { status: 'idle' },
    newCode: null,
    settings: { status: 'idle' },
    ...(current.status !== 'idle' && current.deviceId === deviceId ? {} : { events: [] }),
  });
  const result = await call('intercom.open', role === undefined ? { deviceId } : { deviceId, role });
  const now = useStore.getState().session;
  if (now.status !== 'opening' || now.deviceId !== deviceId || now.role !== role) return;
  if (!result.ok) {
    useStore.setState({ session: { status: 'failed', deviceId, role, error: result.error } });
    return;
  }
  useStore.setState({ session: { status: 'open', deviceId, view: result.value }, connection: { state: 'connected' } });
  if (result.value.role === 'owner') void loadUsers(deviceId);
}

export async function closeIntercom(deviceId: string): Promise<void> {
  const s = useStore.getState().session;
  if (s.status === 'idle' || s.deviceId !== deviceId) return;
  useStore.setState({ session: { status: 'idle' }, connection: null, events: [], users: { status: 'idle' } });
  clearAudit();
  await call('intercom.close', { deviceId });
}

export function onConnectionState(e: { deviceId: string; state: 'connected' | 'lost' | 'closed'; reason?: string }): void {
  const s = useStore.getState().session;
  if (s.status !== 'open' || s.deviceId !== e.deviceId) return;
  useStore.setState({ connection: e.reason === undefined ? { state: e.state } : { state: e.state, reason: e.reason } });
}

/** Re-opens a session whose link dropped. */
export async function reconnect(): Promise<void> {
  const s = useStore.getState().session;
  if (s.status === 'idle' || s.status === 'opening') return;
  const role = s.status === 'open' ? s.view.role : s.role;
  useStore.setState({ session: { status: 'idle' } });
  await openIntercom(s.deviceId, role);
}

export function onDeviceEvents(batch: { deviceId: string; event: DeviceEvent }[]): void {
  const s = useStore.getState().session;
  if (s.status === 'idle') return;
  const mine = batch.filter((b) => b.deviceId === s.deviceId).map((b) => b.event);
  if (mine.length === 0) return;
  useStore.setState({ events: mergeEvents(useStore.getState().events, mine) });
  addLiveAudit(s.deviceId, mine);
}

export async function loadUsers(deviceId: string): Promise<void> {
  useStore.setState({ users: { status: 'loading' } });
  const result = await call('users.list', { deviceId });
  useStore.setState({ users: result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error } });
}

/** Adds a shared user by the owner's label; returns the invite to hand over (shown once), or null. */
export async function addUser(deviceId: string, label: string): Promise<InviteView | null> {
  useStore.setState({ usersBusy: true, usersError: null });
  const result = await call('users.add', { deviceId, label });
  useStore.setState({ usersBusy: false, usersError: result.ok ? null : result.error });
  if (!result.ok) return null;
  useStore.getState().showNotice({ kind: 'success', text: `${result.value.label} can now use this intercom as a shared user, once they import the invite.` });
  await loadUsers(deviceId);
  return result.value.invite;
}

/** Removes a shared user (by id); `name` is what the notice calls them (their label, else the id). */
export async function removeUser(deviceId: string, userId: string, name = userId): Promise<void> {
  useStore.setState({ usersBusy: true, usersError: null });
  const result = await call('users.remove', { deviceId, userId });
  useStore.setState({ usersBusy: false, usersError: result.ok ? null : result.error });
  if (result.ok) {
    useStore.getState().showNotice({ kind: 'success', text: `${name} was removed. Their invite no longer works.` });
    await loadUsers(deviceId);
  }
}
