/**
 * Who may send which op: the device's rule, not the app's (docs/protocol.md, "Operations"). The app
 * hides what a role cannot do, but only this table stops a modified app.
 */
import { fail, ok, type Result } from '../protocol/errors';
import type { Op, Role } from '../protocol/messages';

/** An authenticated caller, resolved against the device's current users (not the session's memory). */
export type Caller = { kind: 'user'; userId: string; role: Role } | { kind: 'setup' };

/** anyone: any authenticated session (setup included); members: owner or shared; setup: the setup key only. */
type Allowed = 'anyone' | 'members' | 'owner' | 'setup';
type Kind = 'intercom' | 'gate';

const INTERCOM_OPS: Partial<Record<Op, Allowed>> = {
  'info.get': 'anyone',
  claim: 'setup',
  'settings.get': 'members',
  'settings.set': 'owner',
  'codes.list': 'members',
  'codes.create': 'members',
  'codes.revoke': 'members',
  'keypad.enter': 'owner',
  'keypad.clearLockout': 'owner',
  'users.list': 'owner',
  'users.add': 'owner',
  'users.remove': 'owner',
  'audit.read': 'owner',
};

const GATE_OPS: Partial<Record<Op, Allowed>> = {
  'info.get': 'anyone',
  'gate.identify': 'members',
  'gate.testTrigger': 'owner',
};

/**
 * The intercom events (its audit entries, as they are appended) a shared user receives live: those about
 * what a shared user may read anyway (codes.list, settings.get). The rest (users, claim, keypad refusals
 * and lockouts) is the owner's, as audit.read is: the device, not the app, keeps it from shared users.
 */
const SHARED_INTERCOM_EVENTS: ReadonlySet<string> = new Set(['code.created', 'code.used', 'code.revoked', 'code.expired', 'settings.changed']);

/**
 * True when a session of `caller` (resolved against the device's current users; undefined when the user
 * is gone) may receive a live event of this type. A gate's events (relay fired, identify) go to any user
 * of the gate; nothing goes to a setup-key session.
 */
export function mayReceiveEvent(kind: Kind, type: string, caller: Caller | undefined): boolean {
  if (caller === undefined || caller.kind === 'setup') return false;
  if (kind === 'gate' || caller.role === 'owner') return true;
  return SHARED_INTERCOM_EVENTS.has(type);
}

/** What each op does, in the words of a refusal ("Only the owner … can <phrase>."). */
const PHRASES: Record<Op, string> = {
  'info.get': 'read its details',
  claim: 'claim it',
  'settings.get': 'read One Time Access Settings',
  'settings.set': 'change One Time Access Settings',
  'codes.list': 'list one-time codes',
  'codes.create': 'create one-time codes',
  'codes.revoke': 'revoke one-time codes',
  'keypad.enter': 'enter codes from the app',
  'keypad.clearLockout': 'clear the keypad lockout',
  'users.list': 'see its users',
  'users.add': 'add users',
  'users.remove': 'remove users',
  'audit.read': 'read the audit log',
  'gate.identify': 'identify it',
  'gate.testTrigger': 'test-fire it',
};

const NOUN: Record<Kind, string> = { intercom: 'Fluss+ Intercom', gate: 'Fluss+ Gate' };

function table(kind: Kind): Partial<Record<Op, Allowed>> {
  return kind === 'intercom' ? INTERCOM_OPS : GATE_OPS;
}

/** True when `op` is one of this device kind's operations. */
export function isOpOf(kind: Kind, op: unknown): op is Op {
  return typeof op === 'string' && Object.hasOwn(table(kind), op);
}

/** INVALID_ARGUMENT for an op this kind of device does not have (the other kind's, or none at all). */
export function wrongKind(kind: Kind, op: unknown): Result<never> {
  const other: Kind = kind === 'intercom' ? 'gate' : 'intercom';
  const name = typeof op === 'string' ? op.slice(0, 40) : 'this request';
  return isOpOf(other, op)
    ? fail('INVALID_ARGUMENT', `${name} is a ${NOUN[other]} operation; this device is a ${NOUN[kind]}.`, `Connect to a ${NOUN[other]} for this.`)
    : fail('INVALID_ARGUMENT', `A ${NOUN[kind]} has no operation "${name}".`, 'Update the app.');
}

/** ok when `caller` may send `op` to a device of this kind; NOT_AUTHORIZED otherwise. */
export function authorize(kind: Kind, op: Op, caller: Caller): Result<void> {
  const allowed = table(kind)[op];
  const device = kind === 'intercom' ? 'intercom' : 'gate';
  const phrase = PHRASES[op];
  if (allowed === undefined) return wrongKind(kind, op);
  if (allowed === 'anyone') return ok(undefined);
  if (allowed === 'setup') {
    return caller.kind === 'setup'
      ? ok(undefined)
      : fail('NOT_AUTHORIZED', `Only the setup key of an unclaimed ${device} can ${phrase}.`, 'Use the setup key printed on its label.');
  }
  if (caller.kind === 'setup') {
    return fail('NOT_AUTHORIZED', `The setup key can only read this ${device}'s details and claim it.`, 'Claim it first, then connect as its owner.');
  }
  if (allowed === 'owner' && caller.role !== 'owner') {
    return fail('NOT_AUTHORIZED', `Only the owner of this ${device} can ${phrase}.`, 'Ask the owner to do this, or connect with the owner’s key.');
  }
  return ok(undefined);
}
