import type { StateCreator } from 'zustand';
import type { ErrorData } from '@protocol/errors';
import type { AccessSettings, SettingsSnapshot } from '@protocol/messages';
import type { Store } from './store';

export type SettingsState =
  | { status: 'idle' }
  | { status: 'loading'; deviceId: string }
  | { status: 'ready'; deviceId: string; snapshot: SettingsSnapshot; draft: AccessSettings; saving: boolean; error: ErrorData | null }
  | { status: 'failed'; deviceId: string; error: ErrorData };

/** One Time Access Settings: what the device holds (snapshot + revision) and the unsaved draft. */
export interface SettingsSlice {
  settings: SettingsState;
  setDraft: (change: Partial<AccessSettings>) => void;
}

export const createSettingsSlice: StateCreator<Store, [], [], SettingsSlice> = (set, get) => ({
  settings: { status: 'idle' },
  setDraft: (change) => {
    const s = get().settings;
    if (s.status !== 'ready' || s.saving) return;
    set({ settings: { ...s, draft: { ...s.draft, ...change }, error: null } });
  },
});

export function isDirty(s: SettingsState): boolean {
  if (s.status !== 'ready') return false;
  const a = s.snapshot.settings;
  const b = s.draft;
  return (
    a.entryDevice !== b.entryDevice ||
    a.exitDevice !== b.exitDevice ||
    a.maxUsers !== b.maxUsers ||
    a.inviteDurationHours !== b.inviteDurationHours
  );
}

/** Which parts of the draft differ from the device, for the impact note shown before saving. */
export function changedParts(s: SettingsState): { gates: boolean; limits: boolean } {
  if (s.status !== 'ready') return { gates: false, limits: false };
  const a = s.snapshot.settings;
  const b = s.draft;
  return {
    gates: a.entryDevice !== b.entryDevice || a.exitDevice !== b.exitDevice,
    limits: a.maxUsers !== b.maxUsers || a.inviteDurationHours !== b.inviteDurationHours,
  };
}
