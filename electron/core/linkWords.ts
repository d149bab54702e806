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

/** What a state-changing request did, as the technician says it ("The code was not revoked"). */
const CHANGE: Record<string, { thing: string; done: string }> = {
  'settings.set': { thing: 'The One Time Access Settings', done: 'saved' },
  'codes.create': { thing: 'The code', done: 'created' },
  'codes.revoke': { thing: 'The code', done: 'revoked' },
  'users.add': { thing: 'The user', done: 'added' },
  'users.remove': { thing: 'The user', done: 'removed' },
  claim: { thing: 'The device', done: 'set up' },
};

/**
 * Every retry's link was lost, and reading back showed the change did not happen: says so, and what the
 * device holds (`holds`, a sentence such as "Front Door still has the code as active.").
 */
export function notDoneError(deviceLabel: string, op: string, holds: string, cause?: unknown): FlussError {
  const change = CHANGE[op] ?? { thing: 'The change', done: 'made' };
  return new FlussError(
    'DISCONNECTED',
    `${change.thing} ${change.thing.endsWith('Settings') ? 'were' : 'was'} not ${change.done}: the Bluetooth link to ${deviceLabel} kept dropping. ${holds}`,
    'Move closer, then try again.',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Every retry's link was lost and the device could not be reached again to read back what it holds: the
 * outcome is unknown, and the technician is told how to find out. `extra` names a risk (a code that may
 * be live unseen).
 */
export function outcomeUnknownError(deviceLabel: string, op: string, extra = '', cause?: unknown): FlussError {
  return new FlussError(
    'DISCONNECTED',
    `${deviceLabel} stopped answering while ${DOING[op] ?? 'making a change'}, and could not be reached again to check whether it was done.${extra === '' ? '' : ` ${extra}`}`,
    'Move closer, press Reconnect, and check before trying again.',
    cause === undefined ? undefined : { cause },
  );
}
