import type { StateCreator } from 'zustand';
import type { ErrorData } from '../../../electron/protocol/errors';
import type { Store } from './store';

export type ClaimState = { status: 'idle' } | { status: 'claiming' } | { status: 'failed'; error: ErrorData };

/** First-time setup of an unclaimed intercom. */
export interface SetupSlice {
  claim: ClaimState;
}

export const createSetupSlice: StateCreator<Store, [], [], SetupSlice> = () => ({
  claim: { status: 'idle' },
});

/** A setup key as printed on the label: 32 hex digits, dashes (and spaces) allowed. */
export function normalizeSetupKey(text: string): string | null {
  const key = text.replace(/[-\s]/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(key) ? key : null;
}

/** The device's user id rule (electron/protocol/messages.ts userIdSchema). */
export function isUserId(text: string): boolean {
  return text.length >= 1 && text.length <= 32 && /^[a-z0-9][a-z0-9._-]*$/.test(text);
}
