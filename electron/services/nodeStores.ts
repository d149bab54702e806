/**
 * Node implementations of the app's stores, for the browser host and tests: preferences in a private
 * JSON file (0600, written atomically; an unreadable one is set aside and the app starts fresh) and keys
 * in the sealed CredentialFile (the OS keychain's or a passphrase's key; never plaintext on disk).
 */
import { newestWithRole, type CredentialSource, type StoredCredential } from '../core/credentials';
import { CredentialFile } from '../storage/credentialFile';
import type { KeyProtection } from '../storage/keyProtection';
import { PlainJsonFile } from '../storage/plainJsonFile';
import { DEFAULT_PREFS, migratePrefs, PrefsModel, type PrefsStore } from './prefsStore';

export function filePrefs(path: string): PrefsStore {
  const file = new PlainJsonFile(path);
  const loaded = file.load(migratePrefs);
  const notices =
    loaded.status === 'set-aside' ? [`The preferences file was unreadable (${loaded.reason}); it was moved to ${loaded.setAsidePath} and defaults are in use.`] : [];
  const initial = loaded.status === 'loaded' ? loaded.value : structuredClone(DEFAULT_PREFS);
  return new PrefsModel(initial, (prefs) => file.save(prefs), notices);
}

/** Keys sealed in a file; `protection` defaults to this process's (keyProtection.ts). */
export function fileCredentials(path: string, protection?: KeyProtection): CredentialFile {
  return new CredentialFile(path, protection);
}

/** Keys held in memory only: tests, or a computer whose keychain cannot encrypt. */
export function memoryCredentials(): CredentialSource {
  const saved = new Map<string, StoredCredential[]>();
  return {
    lookup: (deviceId, role) => newestWithRole(saved.get(deviceId), role),
    holds: (deviceId) => (saved.get(deviceId)?.length ?? 0) > 0,
    remember: (deviceId, credential) => saved.set(deviceId, [...(saved.get(deviceId) ?? []).filter((c) => c.userId !== credential.userId), credential]),
  };
}
