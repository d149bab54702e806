/**
 * Adding a shared user (issue 9, finding 10; issue 11, item 6): the device learns a fresh random user id
 * (HELLO carries it in clear, so it must not be the name the owner typed) and a fresh random key; the
 * owner's label for that person stays on the owner's computer, and travels only inside the invite.
 */
import { randomBytes } from 'node:crypto';
import { randomUserId } from '../core/credentials';
import { confirmedChange } from '../core/confirmedChange';
import type { IntercomSession } from '../core/deviceSession';
import { newRequestId } from '../core/idempotentRequest';
import type { SessionKeeper } from '../core/sessionKeeper';
import type { OperationOptions } from '../core/deadline';
import { FlussError } from '../protocol/errors';
import { userLabelSchema } from './inviteFormat';
import { newInvitePassphrase } from './passphrase';
import { sealInvite, type InviteContent } from './sealInvite';
import type { Invite } from './inviteFormat';

/** Checks a label as typed; refused with the rule it broke. */
export function parseUserLabel(text: string): string {
  const parsed = userLabelSchema.safeParse(text);
  if (!parsed.success) {
    throw new FlussError('INVALID_VALUE', `"${text.slice(0, 40)}" is not a usable label: ${parsed.error.issues[0]?.message ?? 'invalid'}.`, 'Give a short name, such as "Ben, caretaker" (up to 32 characters).');
  }
  return parsed.data;
}

/**
 * Adds a shared user with a random id and key on the keeper's device; returns what an invite needs. A lost
 * reply is retried with the same request id, and read back when every retry is lost (confirmedChange.ts).
 */
export async function addSharedUser(keeper: SessionKeeper<IntercomSession>, label: string, options: OperationOptions = {}): Promise<InviteContent> {
  const userId = randomUserId();
  const key = new Uint8Array(randomBytes(32));
  await confirmedChange(keeper, 'users.add', { requestId: newRequestId(), userId, role: 'shared', key }, options);
  const peer = keeper.session.peer;
  return { deviceId: peer.deviceId, deviceName: peer.info.name, identityKey: peer.identityKey, userId, label, key };
}

/** A sealed invite and the one-time passphrase that opens it (show it once; never store it). */
export async function makeInvite(content: InviteContent): Promise<{ invite: Invite; text: string; passphrase: string }> {
  const passphrase = newInvitePassphrase();
  const invite = await sealInvite(content, passphrase);
  return { invite, text: `${JSON.stringify(invite, null, 2)}\n`, passphrase };
}
