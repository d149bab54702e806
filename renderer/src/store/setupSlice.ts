import type { StateCreator } from 'zustand';
import type { ErrorData } from '@protocol/errors';
import type { Store } from './store';

export type ClaimState = { status: 'idle' } | { status: 'claiming' } | { status: 'failed'; error: ErrorData };

/** Wrong setup keys in a row for one intercom, and when the next try is allowed. */
export interface ClaimBackoff {
  failures: number;
  retryAt: number;
}

/** First-time setup of an unclaimed intercom. */
export interface SetupSlice {
  claim: ClaimState;
  /** Per intercom (device id): wrong setup keys in a row. Cleared by a successful claim. */
  claimBackoff: Record<string, ClaimBackoff>;
}

export const createSetupSlice: StateCreator<Store, [], [], SetupSlice> = () => ({
  claim: { status: 'idle' },
  claimBackoff: {},
});

/** Wrong keys allowed before the app makes the technician wait: typos happen. */
export const FREE_CLAIM_TRIES = 3;
const FIRST_WAIT_MS = 10_000;
const MAX_WAIT_MS = 5 * 60_000;

/**
 * The wait after `failures` wrong setup keys in a row: none for the first two, then 10 s from the
 * third, doubling to at most 5 minutes (issue 10, bug 4.11). It slows a guesser at this app; the
 * intercom itself should enforce a limit too, as it does for keypad codes.
 */
export function claimWaitMs(failures: number): number {
  if (failures < FREE_CLAIM_TRIES) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_CLAIM_TRIES));
}

/** A setup key as printed on the label: 32 hex digits, dashes (and spaces) allowed. */
export function normalizeSetupKey(text: string): string | null {
  const key = text.replace(/[-\s]/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(key) ? key : null;
}

/** The device's user id rule (electron/protocol/messages.ts userIdSchema). */
export function isUserId(text: string): boolean {
  return text.length >= 1 && text.length <= 32 && /^[a-z0-9][a-z0-9._-]*$/.test(text);
}
