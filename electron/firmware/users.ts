/**
 * A device's users and their keys, shared by the intercom and the gate. The user id "setup" is reserved
 * for the setup key (docs/protocol.md, "Credentials"), so no user may ever have it.
 */
import type { Role } from '../protocol/messages';
import { toBase64 } from './base64';
import type { Caller } from './roles';
import type { SessionIdentity } from './types';

export const SETUP_USER_ID = 'setup';

export interface UserRecord {
  userId: string;
  role: Role;
  key: Uint8Array;
}

/** Why a user list cannot belong to a device, or undefined when it can. */
export function usersProblem(users: readonly { userId: string; role: Role }[], keyIds: readonly string[]): string | undefined {
  const ids = users.map((u) => u.userId);
  if (new Set(ids).size !== ids.length) return 'a user id appears twice';
  if (ids.includes(SETUP_USER_ID)) return 'the user id "setup" is reserved';
  if (users.filter((u) => u.role === 'owner').length > 1) return 'more than one owner';
  if (keyIds.length !== ids.length || !keyIds.every((id) => ids.includes(id))) return 'user keys do not match the users';
  return undefined;
}

/** Users with their keys, from the persisted list and the decoded key map. */
export function joinUsers(list: readonly { userId: string; role: Role }[], keys: Readonly<Record<string, Uint8Array>>): UserRecord[] {
  return list.map((u) => ({ userId: u.userId, role: u.role, key: keys[u.userId] ?? new Uint8Array() }));
}

/** The persisted halves: ids and roles are plain state, keys are secrets. */
export function splitUsers(users: readonly UserRecord[]): { list: { userId: string; role: Role }[]; keys: Record<string, string> } {
  return {
    list: users.map((u) => ({ userId: u.userId, role: u.role })),
    keys: Object.fromEntries(users.map((u) => [u.userId, toBase64(u.key)])),
  };
}

/** KeyRing.lookup over a user list: the key and the identity a session authenticates as. */
export function lookupUser(users: readonly UserRecord[], userId: string): { key: Uint8Array; identity: SessionIdentity } | undefined {
  const user = users.find((u) => u.userId === userId);
  return user && { key: user.key.slice(), identity: { kind: 'user', userId: user.userId, role: user.role } };
}

/**
 * The caller a session's identity stands for now. A session outlives changes to the users: a removed
 * user's open session must stop working, and a role is the device's current one, not the session's.
 */
export function resolveCaller(users: readonly UserRecord[], identity: SessionIdentity): Caller | undefined {
  if (identity.kind === 'setup') return { kind: 'setup' };
  const user = users.find((u) => u.userId === identity.userId);
  return user && { kind: 'user', userId: user.userId, role: user.role };
}

/** A copy of a key, so that nobody outside the model can change the one it holds. */
export const copyKey = (key: Uint8Array): Uint8Array => Uint8Array.from(key);
