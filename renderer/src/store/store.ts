/** One zustand store made of typed slices (../shared/STYLE.md); side effects live in ../effects/. */
import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './appSlice';
import { createAuditSlice, type AuditSlice } from './auditSlice';
import { createCodesSlice, type CodesSlice } from './codesSlice';
import { createScanSlice, type ScanSlice } from './scanSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createSetupSlice, type SetupSlice } from './setupSlice';
import { createTestFireSlice, type TestFireSlice } from './testFireSlice';
import { createCommissionSlice, type CommissionSlice } from './commissionSlice';

export type Store = AppSlice & AuditSlice & ScanSlice & SessionSlice & SettingsSlice & CodesSlice & TestFireSlice & SetupSlice & CommissionSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createAuditSlice(...a),
  ...createScanSlice(...a),
  ...createSessionSlice(...a),
  ...createSettingsSlice(...a),
  ...createCodesSlice(...a),
  ...createTestFireSlice(...a),
  ...createSetupSlice(...a),
  ...createCommissionSlice(...a),
}));

/** Back to the initial state (tests). */
export function resetStore(): void {
  useStore.setState(useStore.getInitialState(), true);
}
