import type { StateCreator } from 'zustand';
import type { SessionView } from '@ipc/contract';
import type { ErrorData } from '@protocol/errors';
import type { DeviceEvent, Role } from '@protocol/messages';
import type { Loadable } from './types';
import type { Store } from './store';

export type SessionState =
  | { status: 'idle' }
  | { status: 'opening'; deviceId: string; role: Role | undefined }
  | { status: 'open'; deviceId: string; view: SessionView }
  | { status: 'failed'; deviceId: string; role: Role | undefined; error: ErrorData };

export type ConnectionState = { state: 'connected' | 'lost' | 'closed'; reason?: string };

export interface SharedUser {
  userId: string;
  role: Role;
  /** This computer's name for the user (the device knows only the random id). */
  label?: string;
}

/** The open intercom session, its link state, its live events and (for the owner) its users. */
export interface SessionSlice {
  session: SessionState;
  connection: ConnectionState | null;
  events: DeviceEvent[];
  users: Loadable<SharedUser[]>;
  usersBusy: boolean;
  usersError: ErrorData | null;
}

export const MAX_EVENTS = 50;

/**
 * The Live events list after `arrived` (any order): newest first, each seq once (entries read again
 * after an event gap may repeat ones already shown), at most MAX_EVENTS.
 */
export function mergeEvents(shown: readonly DeviceEvent[], arrived: readonly DeviceEvent[]): DeviceEvent[] {
  const bySeq = new Map<number, DeviceEvent>();
  for (const event of [...shown, ...arrived]) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, MAX_EVENTS);
}

export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = () => ({
  session: { status: 'idle' },
  connection: null,
  events: [],
  users: { status: 'idle' },
  usersBusy: false,
  usersError: null,
});
