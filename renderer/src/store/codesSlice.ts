import type { StateCreator } from 'zustand';
import type { ErrorData } from '@protocol/errors';
import type { CodeSummary } from '@protocol/messages';
import type { Loadable } from './types';
import type { Store } from './store';

export interface CodeList {
  codes: CodeSummary[];
  /** The device's clock at `fetchedAt` (local ms): time left = expiresAt − (deviceNow + elapsed). */
  deviceNow: number;
  fetchedAt: number;
}

/** One-time codes of the open intercom. The digits of a new code live here only until dismissed. */
export interface CodesSlice {
  codes: Loadable<CodeList>;
  codesBusy: boolean;
  codesError: ErrorData | null;
  newCode: { digits: string; code: CodeSummary } | null;
  revokeTarget: string | null;
}

export const createCodesSlice: StateCreator<Store, [], [], CodesSlice> = () => ({
  codes: { status: 'idle' },
  codesBusy: false,
  codesError: null,
  newCode: null,
  revokeTarget: null,
});

/** Codes that can still open a gate: active (unused) or entered (exit leg pending). */
export function liveCodes(codes: readonly CodeSummary[]): CodeSummary[] {
  return codes.filter((c) => c.state === 'active' || c.state === 'entered');
}

/** "3 h 12 min left", "45 min left", "Expired". */
export function timeLeft(expiresAt: number, list: Pick<CodeList, 'deviceNow' | 'fetchedAt'>, now: number): string {
  // The screen's clock ticks coarsely and may read earlier than the fetch: time never runs backwards here.
  const ms = expiresAt - (list.deviceNow + Math.max(0, now - list.fetchedAt));
  if (ms <= 0) return 'Expired';
  const totalMin = Math.ceil(ms / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m} min left`;
  return m === 0 ? `${h} h left` : `${h} h ${m} min left`;
}
