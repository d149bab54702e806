/**
 * What a technician reads when a request does not come back: the device's name and what the app was
 * doing, in the UI's words, never the wire names of ops ("codes.create") or channels.
 */
import { FlussError } from '../protocol/errors';
import { RADIO_STOPPED_REASON } from '../transport/linkReasons';

/** What each request does, as the end of "… on Front Door". Ops added later fall back to "a request". */
const DOING: Record<string, string> = {
  'info.get': 'reading the device information',
  'settings.get': 'reading the One Time Access Settings',
  'settings.set': 'saving the One Time Access Settings',
  'codes.list': 'reading the codes',
  'codes.create': 'creating a code',
  'codes.revoke': 'revoking a code',
  'keypad.enter': 'entering a code at the keypad',
  'keypad.clearLockout': 'clearing the keypad lockout',
  'users.list': 'reading the users',
  'users.add': 'adding a user',
  'users.remove': 'removing a user',
  claim: 'setting up the device',
  'audit.read': 'reading the audit log',
  'gate.identify': 'identifying the gate',
  'gate.testTrigger': 'firing the gate',
};

/** "creating a code on Front Door": the `what` of a bounded request (deadline.ts capitalises it). */
export function requestWords(deviceLabel: string, op: string): string {
  return `${DOING[op] ?? 'a request'} on ${deviceLabel}`;
}

/** Link losses whose device stopped answering (a supervision timeout): reconnecting at once is pointless. */
const silentPeers = new WeakSet<FlussError>();

/**
 * The error every operation in flight gets when the link to `deviceLabel` is lost (supervision timeout,
 * power loss), or when the app's own radio process stopped (radio/radioTransport.ts says so in `reason`).
 */
export function linkLostError(deviceLabel: string, how: { cause?: unknown; peerSilent?: boolean; reason?: string | undefined } = {}): FlussError {
  const cause = how.cause;
  if ((how.reason ?? '').includes(RADIO_STOPPED_REASON)) {
    return new FlussError(
      'DISCONNECTED',
      `The link to ${deviceLabel} ended: the Bluetooth service stopped and is restarting.`,
      'Wait a few seconds, then press Reconnect.',
      cause === undefined ? undefined : { cause },
    );
  }
  const error = new FlussError(
    'DISCONNECTED',
    `${deviceLabel} stopped answering (the Bluetooth link was lost).`,
    'Move closer and press Reconnect.',
    how.cause === undefined ? undefined : { cause: how.cause },
  );
  if (how.peerSilent) silentPeers.add(error);
  return error;
}

/**
 * Whether the device stopped answering (the link ended by supervision timeout): a retry waits for the
 * technician's Reconnect instead of reconnecting at once (idempotentRequest.ts).
 */
export function peerStoppedAnswering(error: unknown): boolean {
  return error instanceof FlussError && silentPeers.has(error);
}
