/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) through
 * @napi-rs/keyring, holding one key-encryption key (KEK) per data folder. Naming scheme, kept stable
 * because files name their entry: service `fluss-commissioner`, account `folder-<hash>` where the hash
 * is the first 32 hex digits of SHA-256 over the folder's absolute path when its first file was sealed.
 * Two folders (two --sim-state files in different places) therefore never share a KEK by accident.
 */
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Entry } from '@napi-rs/keyring';

export const KEYCHAIN_SERVICE = 'fluss-commissioner';

/** The part of a keychain the stores use; `memoryKeychain()` stands in for it in tests. */
export interface Keychain {
  /** Where the entries live, for messages ("the Secret Service"). */
  readonly name: string;
  get(account: string): string | undefined;
  set(account: string, secret: string): void;
  delete(account: string): void;
}

export function accountForFolder(folder: string): string {
  return `folder-${createHash('sha256').update(resolve(folder)).digest('hex').slice(0, 32)}`;
}

const KEYCHAIN_NAMES: Partial<Record<NodeJS.Platform, string>> = { darwin: 'the macOS Keychain', win32: 'Windows Credential Manager', linux: 'the Secret Service' };

/** The real keychain. On Linux the entry is pinned to the Secret Service: keyring's other fallback, the
 * kernel keyring, forgets everything at reboot, which would make every sealed file unreadable. */
export function osKeychain(platform: NodeJS.Platform = process.platform): Keychain {
  const entry = (account: string) => new Entry(KEYCHAIN_SERVICE, account, platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  return {
    name: KEYCHAIN_NAMES[platform] ?? 'the OS keychain',
    get: (account) => entry(account).getPassword() ?? undefined,
    set: (account, secret) => entry(account).setPassword(secret),
    delete: (account) => void entry(account).deletePassword(),
  };
}

/** A keychain in this process's memory: for tests, and to show what the stores ask of a keychain. */
export function memoryKeychain(): Keychain & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    name: 'a test keychain',
    entries,
    get: (account) => entries.get(account),
    set: (account, secret) => void entries.set(account, secret),
    delete: (account) => void entries.delete(account),
  };
}

/**
 * Whether the keychain can really store a secret: a probe entry is written, read back and deleted. A
 * read alone is not enough: a Secret Service without an unlocked collection answers reads and refuses
 * writes. Returns why not, in one short phrase, or undefined when it works.
 */
export function keychainProblem(keychain: Keychain): string | undefined {
  const probe = `probe-${process.pid}`;
  const value = randomBytes(8).toString('hex');
  try {
    keychain.set(probe, value);
    const back = keychain.get(probe);
    keychain.delete(probe);
    return back === value ? undefined : `${keychain.name} did not return what was stored`;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return `${keychain.name} is not reachable (${text.split('\n')[0]?.slice(0, 160) ?? 'unknown error'})`;
  }
}
