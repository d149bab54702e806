/**
 * The Electron app's stores, as logic over small interfaces so plain Node tests can run it: a key-value
 * store (electron-store in the app, its base library `conf` in tests) and a string cipher (Electron's
 * safeStorage in the app). Keys are encrypted before they reach the store: never plaintext on disk.
 */
import { chmodSync, existsSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { newestWithRole, type CredentialSource, type StoredCredential } from '../core/credentials';
import type { Role } from '../protocol/messages';
import { DEFAULT_PREFS, migratePrefs, PrefsModel, type PrefsStore } from '../services/prefsStore';

/** The part of electron-store (conf) the app uses. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly path: string;
}

/** Electron's safeStorage, or anything shaped like it. */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Why encryption is unavailable, in a technician's words (trustedCipher sets it). */
  readonly problem?: string | undefined;
  /** Whether keys sealed earlier can still be read back, though no new ones are sealed (basic_text). */
  canDecrypt?: () => boolean;
}

/** safeStorage with its Linux-only backend query (Electron >= 15). */
export interface SafeStorageLike extends StringCipher {
  getSelectedStorageBackend?: () => string;
}

/**
 * Whether safeStorage really protects keys (issue 9, finding 2). On Linux without a secret store
 * Electron falls back to `basic_text`, which "encrypts" with a password hard-coded in Chromium, so
 * isEncryptionAvailable() alone says yes while anyone who copies the file can decrypt it. `basic_text`,
 * and `unknown` (asked before the app is ready), count as unavailable: keys then stay in memory.
 */
export function safeStorageProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return "This computer's keychain cannot encrypt";
  if (platform !== 'linux') return undefined;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text') return 'No secret store (GNOME Keyring, KWallet) is running, and Electron would only obfuscate keys with a built-in password';
  if (backend === 'unknown') return 'The secret store could not be identified';
  return undefined;
}

/** safeStorage as a cipher whose "available" means safeStorageProblem() found none. */
export function trustedCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): StringCipher {
  const problem = safeStorageProblem(safeStorage, platform);
  return {
    problem,
    isEncryptionAvailable: () => problem === undefined,
    canDecrypt: () => safeStorage.isEncryptionAvailable(),
    encryptString: (plain) => safeStorage.encryptString(plain),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
  };
}

/** electron-store's file holds sealed keys and the technician's name: only its owner may read it (issue 9, finding 8). */
export const STORE_FILE_MODE = 0o600;

/** Narrows a store file an older version wrote with the default mode (0666 minus umask). */
export function tightenStoreFile(path: string): void {
  if (existsSync(path)) chmodSync(path, STORE_FILE_MODE);
}

/**
 * Opens a store; if its file cannot be read (bad JSON, or content the schema refuses) the file is
 * moved aside as `*.corrupt-<time>` and a fresh store is opened, so the app always starts.
 */
export function openSettingAside<S extends KeyValueStore>(path: string, open: () => S): { store: S; notice?: string } {
  try {
    return { store: open() };
  } catch (error) {
    if (!existsSync(path)) throw error;
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    const reason = error instanceof Error ? error.message.slice(0, 160) : 'unreadable';
    return { store: open(), notice: `The app's settings file was unreadable (${reason}); it was moved to ${aside} and the app started with defaults.` };
  }
}

/** Preferences under the store's "prefs" key, migrated on load; an unusable value starts from defaults. */
export function prefsOnStore(store: KeyValueStore, notices: string[] = []): PrefsStore {
  const raw = store.get('prefs');
  let initial = structuredClone(DEFAULT_PREFS);
  if (raw !== undefined) {
    try {
      initial = migratePrefs(raw);
    } catch {
      notices.push('The saved preferences were unreadable; defaults are in use.');
    }
  }
  store.set('prefs', initial);
  return new PrefsModel(initial, (prefs) => store.set('prefs', prefs), notices);
}

const sealedEntrySchema = z.strictObject({
  userId: z.string(),
  role: z.enum(['owner', 'shared']),
  sealed: z.string(),
  /** The device's public identity key, pinned when the key was filed (not a secret). */
  identityKey: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
const sealedCredentialsSchema = z.record(z.string(), z.array(sealedEntrySchema));
type SealedEntry = z.infer<typeof sealedEntrySchema>;

/**
 * Owner and shared-user keys, each encrypted with the cipher (safeStorage: the OS keychain's key) before
 * it is written under the store's "credentials" key. Without encryption the keys are kept for this run
 * only and the technician is told, rather than written in plaintext.
 */
export class SafeCredentialStore implements CredentialSource {
  private readonly memory = new Map<string, StoredCredential[]>();
  private sealed: Record<string, SealedEntry[]>;
  readonly notices: string[] = [];

  constructor(
    private readonly store: KeyValueStore,
    private readonly cipher: StringCipher,
  ) {
    const parsed = sealedCredentialsSchema.safeParse(store.get('credentials') ?? {});
    this.sealed = parsed.success ? parsed.data : {};
    if (!parsed.success) this.notices.push('The saved keys were unreadable and have been dropped; claim or be shared the devices again.');
    if (!cipher.isEncryptionAvailable()) {
      this.notices.push(`${cipher.problem ?? "This computer's keychain cannot encrypt"}, so device keys are kept in memory only, until the app closes.`);
    }
  }

  lookup(deviceId: string, role?: Role): StoredCredential | undefined {
    const inMemory = newestWithRole(this.memory.get(deviceId), role);
    if (inMemory) return inMemory;
    const entry = newestWithRole(this.sealed[deviceId], role);
    // Keys an older version sealed under basic_text are still read, so nothing is lost; new ones are not written.
    const readable = this.cipher.canDecrypt ? this.cipher.canDecrypt() : this.cipher.isEncryptionAvailable();
    if (!entry || !readable) return undefined;
    try {
      const key = new Uint8Array(Buffer.from(this.cipher.decryptString(Buffer.from(entry.sealed, 'base64')), 'base64'));
      const identityKey = entry.identityKey === undefined ? undefined : new Uint8Array(Buffer.from(entry.identityKey, 'hex'));
      return key.length === 32 ? { userId: entry.userId, role: entry.role, key, identityKey } : undefined;
    } catch {
      return undefined; // sealed under another keychain (a copied profile): as if absent
    }
  }

  holds(deviceId: string): boolean {
    return (this.memory.get(deviceId)?.length ?? 0) + (this.sealed[deviceId]?.length ?? 0) > 0;
  }

  remember(deviceId: string, credential: StoredCredential): void {
    if (!this.cipher.isEncryptionAvailable()) {
      this.memory.set(deviceId, [...(this.memory.get(deviceId) ?? []).filter((c) => c.userId !== credential.userId), credential]);
      return;
    }
    const sealed = this.cipher.encryptString(Buffer.from(credential.key).toString('base64')).toString('base64');
    const others = (this.sealed[deviceId] ?? []).filter((e) => e.userId !== credential.userId);
    const pin = credential.identityKey ? { identityKey: Buffer.from(credential.identityKey).toString('hex') } : {};
    this.sealed = { ...this.sealed, [deviceId]: [...others, { userId: credential.userId, role: credential.role, sealed, ...pin }] };
    this.store.set('credentials', this.sealed);
  }
}

/** The JSON schema electron-store checks the file against on load (zod checks the details). */
export const STORE_SCHEMA = {
  prefs: {
    type: 'object',
    properties: {
      schemaVersion: { type: 'number' },
      technicianName: { type: 'string', maxLength: 64 },
      showOtherDevices: { type: 'boolean' },
      sitesSeen: { type: 'array', items: { type: 'string' } },
      devicesSeen: { type: 'object' },
    },
  },
  credentials: {
    type: 'object',
    additionalProperties: {
      type: 'array',
      items: {
        type: 'object',
        properties: { userId: { type: 'string' }, role: { type: 'string' }, sealed: { type: 'string' }, identityKey: { type: 'string' } },
        required: ['userId', 'role', 'sealed'],
      },
    },
  },
} as const;

/** The options the app opens electron-store with (conf, its base, takes the same ones in tests). */
export const STORE_OPTIONS = { schema: STORE_SCHEMA, clearInvalidConfig: false, configFileMode: STORE_FILE_MODE } as const;
