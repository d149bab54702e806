/**
 * The Users panel's and "Import access"'s services (issue 11, item 6; issue 9, finding 10): shared users
 * get random ids on the device and labels on this computer; adding one returns an invite sealed under a
 * one-time passphrase, and the shared user's key leaves this computer only inside that invite.
 */
import { confirmedChange } from '../core/confirmedChange';
import type { IntercomSession } from '../core/deviceSession';
import { newRequestId } from '../core/idempotentRequest';
import type { SessionKeeper } from '../core/sessionKeeper';
import type { CredentialSource } from '../core/credentials';
import type { ResultTypes } from '../ipc/contract';
import { importInvite } from '../invite/importInvite';
import { inspectInvite, type InviteSource } from '../invite/inspectInvite';
import { inviteQrDataUrl } from '../invite/inviteQr';
import { addSharedUser, makeInvite, parseUserLabel } from '../invite/shareAccess';
import type { UserLabels } from '../invite/userLabels';

export async function listUsersWithLabels(session: IntercomSession, labels: UserLabels): Promise<ResultTypes['users.list']> {
  const users = await session.listUsers();
  return users.map((u) => {
    const label = labels.labelOf(session.info.deviceId, u.userId);
    return label === undefined ? u : { ...u, label };
  });
}

export async function addUserWithInvite(keeper: SessionKeeper<IntercomSession>, labels: UserLabels, labelText: string): Promise<ResultTypes['users.add']> {
  const label = parseUserLabel(labelText);
  const content = await addSharedUser(keeper, label);
  labels.set(content.deviceId, content.userId, label);
  const { text, passphrase } = await makeInvite(content);
  const fileName = `${content.deviceName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || content.deviceId}-${label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'user'}.fluss-invite.json`;
  return { userId: content.userId, label, invite: { text, fileName, qrDataUrl: await inviteQrDataUrl(text), passphrase } };
}

/**
 * Removes a user named by this computer's label or by id; the label is forgotten with them. A lost reply is
 * retried with the same request id, and read back when every retry is lost (confirmedChange.ts).
 */
export async function removeUserByLabelOrId(keeper: SessionKeeper<IntercomSession>, labels: UserLabels, userId: string): Promise<void> {
  const deviceId = keeper.session.info.deviceId;
  const id = labels.userIdFor(deviceId, userId) ?? userId;
  await confirmedChange(keeper, 'users.remove', { requestId: newRequestId(), userId: id });
  labels.forget(deviceId, id);
}

export async function importAccess(credentials: CredentialSource, inviteText: string, passphrase: string, replaceExisting: boolean): Promise<ResultTypes['access.import']> {
  const imported = await importInvite(credentials, inviteText, passphrase, { replaceExisting });
  return { deviceId: imported.deviceId, deviceName: imported.deviceName, userId: imported.userId, role: imported.role };
}

/** What an invite is for, before its passphrase: refused at once when the text (a file's, a QR code's) is not an invite. */
export function inspectAccess(inviteText: string, source: InviteSource): ResultTypes['access.inspect'] {
  return inspectInvite(inviteText, source);
}
