import type { StateCreator } from 'zustand';
import type { AppStatus, Prefs } from '@ipc/contract';
import type { BridgeStatus } from '../api';
import type { Loadable, Notice, Route } from './types';
import type { Store } from './store';

/** Navigation, app status, the bridge's connection and the confirmation notice. */
export interface AppSlice {
  route: Route;
  /** Set while the unsaved-changes prompt asks whether to save before going to this route. */
  leavePrompt: Route | null;
  /** Set while the test-fire prompt asks whether to stop the run before going to this route. */
  testFireLeave: Route | null;
  notice: Notice | null;
  appStatus: Loadable<AppStatus>;
  bridge: BridgeStatus;
  prefs: Prefs | null;
  showNotice: (notice: Omit<Notice, 'id'>) => void;
  dismissNotice: () => void;
}

let noticeId = 0;

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = (set) => ({
  route: { screen: 'devices' },
  leavePrompt: null,
  testFireLeave: null,
  notice: null,
  appStatus: { status: 'idle' },
  bridge: { status: 'open' },
  prefs: null,
  showNotice: (notice) => set({ notice: { ...notice, id: ++noticeId } }),
  dismissNotice: () => set({ notice: null }),
});
