/**
 * The CLI's and browser host's key store: device id -> the user keys this computer holds for it. Keys
 * are sealed (sealedJsonFile.ts: under the OS keychain's key or a passphrase, or kept in memory only);
 * the plain part only lists which identities exist, so support can see what a laptop holds without
 * seeing any key.
 */
import { z } from 'zod';
import { newestWithRole, type CredentialSource, type StoredCredential } from '../core/credentials';
import type { Role } from '../protocol/messages';
import { defaultKeyProtection, memoryOnlyStatement, type KeyProtection } from './keyProtection';
import { SealedJsonFile } from './sealedJsonFile';

const plainSchema = z.strictObject({
  version: z.literal(1),
  devices: z.record(
    z.string(),
    // identityKey: the device's public identity key, pinned when the key was filed (not a secret).
    z.array(z.strictObject({ userId: z.string(), role: z.enum(['owner', 'shared']), identityKey: z.string().regex(/^[0-9a-f]{64}$/).optional() })),
  ),
});
const secretSchema = z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/));

type Entry = { userId: string; role: Role; key: string; identityKey?: string | undefined };

export class CredentialFile implements CredentialSource {
  private readonly file: SealedJsonFile;
  private entries = new Map<string, Entry[]>();
  /**
   * One line for the technician, when there is something to say: the file was unreadable and has been
   * set aside, and/or keys are kept in memory only (no keychain, no passphrase).
   */
  readonly notice: string | undefined;

  constructor(path: string, protection: KeyProtection = defaultKeyProtection()) {
    this.file = new SealedJsonFile(path, protection);
    const loaded = this.file.load(({ plain, secret }) => {
      const p = plainSchema.parse(plain);
      const s = secretSchema.parse(secret);
      const entries = new Map<string, Entry[]>();
      for (const [deviceId, users] of Object.entries(p.devices)) {
        entries.set(deviceId, users.map((u) => ({ ...u, key: s[`${deviceId}/${u.userId}`] ?? '' })).filter((u) => u.key !== ''));
      }
      return entries;
    });
    if (loaded.status === 'loaded') this.entries = loaded.value;
    const setAside = loaded.status === 'set-aside' ? `The key store was unreadable (${loaded.reason}); it was moved to ${loaded.setAsidePath}.` : undefined;
    const parts = [setAside, memoryOnlyStatement(protection)].filter((p) => p !== undefined);
    this.notice = parts.length === 0 ? undefined : parts.join(' ');
  }

  lookup(deviceId: string, role?: Role): StoredCredential | undefined {
    const entry = newestWithRole(this.entries.get(deviceId), role);
    return (
      entry && {
        userId: entry.userId,
        role: entry.role,
        key: new Uint8Array(Buffer.from(entry.key, 'base64')),
        identityKey: entry.identityKey === undefined ? undefined : new Uint8Array(Buffer.from(entry.identityKey, 'hex')),
      }
    );
  }

  holds(deviceId: string): boolean {
    return (this.entries.get(deviceId)?.length ?? 0) > 0;
  }

  remember(deviceId: string, credential: StoredCredential): void {
    const others = (this.entries.get(deviceId) ?? []).filter((e) => e.userId !== credential.userId);
    const identityKey = credential.identityKey && Buffer.from(credential.identityKey).toString('hex');
    this.entries.set(deviceId, [...others, { userId: credential.userId, role: credential.role, key: Buffer.from(credential.key).toString('base64'), identityKey }]);
    const devices: Record<string, { userId: string; role: Role; identityKey?: string }[]> = {};
    const secret: Record<string, string> = {};
    for (const [id, list] of this.entries) {
      devices[id] = list.map(({ userId, role: r, identityKey: pin }) => (pin === undefined ? { userId, role: r } : { userId, role: r, identityKey: pin }));
      for (const e of list) secret[`${id}/${e.userId}`] = e.key;
    }
    this.file.save({ plain: { version: 1, devices }, secret });
  }
}
