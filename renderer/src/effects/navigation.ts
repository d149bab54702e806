/** Moving between screens, with the unsaved-changes guard of the settings page (../shared/seed/, step 8). */
import { useStore } from '../store/store';
import { isDirty } from '../store/settingsSlice';
import type { Route } from '../store/types';
import { closeIntercom } from './session';
import { discardDraft, saveSettings } from './settings';

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
  const { route: from, settings, session } = useStore.getState();
  const readOnly = session.status === 'open' && session.view.role === 'shared';
  if (from.screen === 'settings' && !readOnly && isDirty(settings)) {
    useStore.setState({ leavePrompt: route });
    return false;
  }
  go(route);
  return true;
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
  await saveSettings(target);
}
