/**
 * "Import access": files the shared user's key an invite carries in this computer's key store, with the
 * device's identity key pinned (a device that cannot prove that identity is refused at connection). Like
 * a claim, it never replaces a key this computer already holds for the device without the person's
 * explicit confirmation, and even then the old key stays filed (CredentialSource.remember).
 */
import type { CredentialSource } from '../core/credentials';
import { FlussError } from '../protocol/errors';
import { openInvite } from './sealInvite';

export interface ImportedAccess {
  deviceId: string;
  deviceName: string;
  userId: string;
  label: string;
  role: 'shared';
}

/**
 * Opens `inviteText` with `passphrase` and files its key. Nothing is written unless the invite opens.
 * @throws FlussError INVALID_VALUE (malformed, wrong passphrase, changed), CREDENTIAL_EXISTS.
 */
export async function importInvite(credentials: CredentialSource, inviteText: string, passphrase: string, options: { replaceExisting?: boolean } = {}): Promise<ImportedAccess> {
  const opened = await openInvite(inviteText, passphrase);
  if (credentials.holds(opened.deviceId) && options.replaceExisting !== true) {
    throw new FlussError(
      'CREDENTIAL_EXISTS',
      `This computer already holds a key for ${opened.deviceName} (${opened.deviceId}).`,
      "To use the invite's key from now on, confirm replacing the key (the old one is kept).",
    );
  }
  credentials.remember(opened.deviceId, { userId: opened.userId, key: opened.key, role: 'shared', identityKey: opened.identityKey });
  return { deviceId: opened.deviceId, deviceName: opened.deviceName, userId: opened.userId, label: opened.label, role: 'shared' };
}
