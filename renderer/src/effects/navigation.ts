/** Moving between screens, with the unsaved-changes guard of the settings page (../shared/seed/, step 8). */
import { useStore } from '../store/store';
import { isDirty } from '../store/settingsSlice';
import type { Route } from '../store/types';
import { closeIntercom } from './session';
import { discardDraft, saveSettings } from './settings';
import { stopTestFire } from './testFire';

function go(route: Route): void {
  const from = useStore.getState().route;
  const leavingDevice = 'deviceId' in from && !('deviceId' in route && route.deviceId === from.deviceId);
  useStore.setState({ route, leavePrompt: null });
  if (leavingDevice) void closeIntercom(from.deviceId);
}

/**
 * Goes to `route`, unless the settings page holds unsaved changes: then the prompt asks first.
 * Returns false when the prompt was raised.
 */
export function navigate(route: Route): boolean {
  const { route: from, settings, session, testFire } = useStore.getState();
  // Leaving closes the intercom's session, which would abort a test-fire mid-run: ask first (bug 4.1).
  if ((testFire.status === 'starting' || testFire.status === 'running') && !sameScreen(from, route)) {
    useStore.setState({ testFireLeave: route });
    return false;
  }
  const readOnly = session.status === 'open' && session.view.role === 'shared';
  if (from.screen === 'settings' && !readOnly && isDirty(settings)) {
    useStore.setState({ leavePrompt: route });
    return false;
  }
  go(route);
  return true;
}

function sameScreen(a: Route, b: Route): boolean {
  return a.screen === b.screen && ('deviceId' in a ? a.deviceId : '') === ('deviceId' in b ? b.deviceId : '');
}

/**
 * The test-fire prompt's answer: "stop" cancels the run, waits until it has revoked its test code, then
 * goes; "stay" keeps it running.
 */
export async function resolveTestFireLeave(answer: 'stop' | 'stay'): Promise<void> {
  const target = useStore.getState().testFireLeave;
  if (!target) return;
  useStore.setState({ testFireLeave: null });
  if (answer === 'stay') return;
  const ended = await stopTestFire();
  if (ended) {
    go(target);
    return;
  }
  useStore.getState().showNotice({
    kind: 'error',
    text: 'The test-fire did not stop in time, so the app stayed on this page.',
    hint: 'Wait for it to finish, then leave.',
  });
}

/** Navigates without asking (after a save, or once the prompt is answered). */
export function navigateNow(route: Route): void {
  go(route);
}

/** The prompt's answer: "Save" keeps the changes, "Cancel" discards them, "stay" keeps editing. */
export async function resolveLeave(answer: 'save' | 'discard' | 'stay'): Promise<void> {
  const target = useStore.getState().leavePrompt;
  if (!target) return;
  if (answer === 'stay') {
    useStore.setState({ leavePrompt: null });
    return;
  }
  if (answer === 'discard') {
    discardDraft();
    go(target);
    return;
  }
  useStore.setState({ leavePrompt: null });
  await saveAndLeave(target);
}

/**
 * Save in the top right: saves the draft and, once the device has it, goes to `then` (Device Details,
 * as the seed's step 8 says). A failed save stays on the page with its error.
 */
export async function saveAndLeave(then?: Route): Promise<boolean> {
  const s = useStore.getState().settings;
  if (s.status !== 'ready') return false;
  const saved = await saveSettings();
  if (saved) go(then ?? { screen: 'device', deviceId: s.deviceId });
  return saved;
}
