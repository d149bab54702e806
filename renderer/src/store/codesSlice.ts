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
  /** Labels given on this computer, by code id (never sent to the device). */
  labels: Record<string, string>;
  /** The intercom's Max Users: how many codes may be active at once, when it could be read. */
  maxActive?: number;
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

/** When a code expires by this computer's clock: the device's clock may run ahead (a simulated site). */
export function localExpiry(expiresAt: number, list: Pick<CodeList, 'deviceNow' | 'fetchedAt'> | undefined): number {
  return list ? expiresAt - list.deviceNow + list.fetchedAt : expiresAt;
}

/**
 * The message a technician pastes to a guest (issue 11, item 7): "Your code for Front Door is 1234. It
 * works once to enter and once to leave, until 21:00 today."
 */
export function guestMessage(intercom: string, digits: string, expiresAtLocal: number, now: number): string {
  const end = new Date(expiresAtLocal);
  const time = end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(end) - day(new Date(now))) / 86_400_000);
  const when = days <= 0 ? `${time} today` : days === 1 ? `${time} tomorrow` : `${time} on ${end.toLocaleDateString([], { day: 'numeric', month: 'long' })}`;
  return `Your code for ${intercom} is ${digits}. It works once to enter and once to leave, until ${when}.`;
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
