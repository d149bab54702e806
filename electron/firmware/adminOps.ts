/**
 * The owner's operations on an intercom: One Time Access Settings, users, claim, audit log and the
 * keypad lockout. Requests reach these already authorised and validated (intercom.ts, requestGuard.ts).
 */
import { fail, ok, type Result } from '../protocol/errors';
import type { ArgsOf, ResultOf } from '../protocol/messages';
import { initialLockout } from './keypadLockout';
import type { OpContext } from './opContext';
import { MAX_DEVICE_USERS } from './persistedSchemas';
import { changedSettings, checkSettings } from './settingsRules';
import { copyKey } from './users';

export function getSettings(ctx: OpContext): ResultOf<'settings.get'> {
  return { settings: { ...ctx.live.settings }, revision: ctx.live.revision };
}

/**
 * Applies all four settings or none. Only a write based on the current revision applies, so two
 * technicians cannot silently overwrite each other. Every applied write is a new revision.
 */
export function setSettings(ctx: OpContext, args: ArgsOf<'settings.set'>, actor: string): Result<ResultOf<'settings.set'>> {
  const checked = checkSettings(args.settings);
  if (!checked.ok) return checked;
  const { live } = ctx;
  if (args.baseRevision !== live.revision) {
    return fail(
      'STALE_REVISION',
      `Another technician changed these settings since you read them (now revision ${live.revision}).`,
      'Reload the settings, check them, and save again.',
    );
  }
  const changed = changedSettings(live.settings, checked.value);
  live.settings = checked.value;
  live.revision += 1;
  live.audit.append(ctx.now, 'settings.changed', actor, { revision: live.revision, ...changed });
  ctx.touch();
  return ok(getSettings(ctx));
}

export function listUsers(ctx: OpContext): ResultOf<'users.list'> {
  return { users: ctx.live.users.map((u) => ({ userId: u.userId, role: u.role })) };
}

export function addUser(ctx: OpContext, args: ArgsOf<'users.add'>, actor: string): Result<ResultOf<'users.add'>> {
  const { live } = ctx;
  if (live.users.some((u) => u.userId === args.userId)) {
    return fail('USER_EXISTS', `This intercom already has a user "${args.userId}".`, 'Choose another user id, or remove the existing user first.');
  }
  if (live.users.length >= MAX_DEVICE_USERS) {
    return fail('INVALID_VALUE', `This intercom already has ${MAX_DEVICE_USERS} users, the most it holds.`, 'Remove a user who no longer needs access first.');
  }
  live.users = [...live.users, { userId: args.userId, role: 'shared', key: copyKey(args.key) }];
  live.audit.append(ctx.now, 'user.added', actor, { userId: args.userId, role: 'shared' });
  ctx.touch();
  return ok({});
}

/** Removes a shared user; their key stops working at once, open sessions included. */
export function removeUser(ctx: OpContext, args: ArgsOf<'users.remove'>, actor: string): Result<ResultOf<'users.remove'>> {
  const { live } = ctx;
  const user = live.users.find((u) => u.userId === args.userId);
  if (user === undefined) {
    return fail('USER_NOT_FOUND', `This intercom has no user "${args.userId}".`, 'Reload the list of users.');
  }
  if (user.role === 'owner') {
    return fail('INVALID_ARGUMENT', 'The owner cannot be removed from their intercom.', 'Remove shared users only; the owner stays until the intercom is reset.');
  }
  live.users = live.users.filter((u) => u.userId !== args.userId);
  live.audit.append(ctx.now, 'user.removed', actor, { userId: args.userId });
  ctx.touch();
  return ok({});
}

/** Gives an unclaimed intercom its owner; from now on the setup key is no longer accepted. */
export function claim(ctx: OpContext, args: ArgsOf<'claim'>): Result<ResultOf<'claim'>> {
  const { live } = ctx;
  live.users = [{ userId: args.ownerUserId, role: 'owner', key: copyKey(args.ownerKey) }];
  live.audit.append(ctx.now, 'claimed', args.ownerUserId, { ownerUserId: args.ownerUserId });
  ctx.touch();
  return ok({});
}

export function readAudit(ctx: OpContext, args: ArgsOf<'audit.read'>): ResultOf<'audit.read'> {
  return ctx.live.audit.read(args);
}

/** Resets every keypad counter, the hard budget included: only the owner can refill it. */
export function clearLockout(ctx: OpContext, actor: string): ResultOf<'keypad.clearLockout'> {
  const { live } = ctx;
  const { totalFailures, consecutiveFailures, hardLocked } = live.lockout;
  live.lockout = initialLockout();
  live.audit.append(ctx.now, 'keypad.cleared', actor, { totalFailures, consecutiveFailures, wasHardLocked: hardLocked });
  ctx.touch();
  return {};
}
