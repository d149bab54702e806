/**
 * Persistence: the Electron store's logic run on `conf` (electron-store's base library, plain Node)
 * with a safeStorage-like cipher, and the browser host's file stores. Keys never reach disk in
 * plaintext; an unreadable store is set aside and the app starts.
 */
import { randomBytes, createCipheriv, createDecipheriv } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import {
  openSettingAside,
  prefsOnStore,
  SafeCredentialStore,
  safeStorageProblem,
  STORE_OPTIONS,
  tightenStoreFile,
  trustedCipher,
  type SafeStorageLike,
  type StringCipher,
} from '../../electron/main/persistence';
import { fileCredentials, filePrefs } from '../../electron/services/nodeStores';
import { memoryKeychain } from '../../electron/storage/keychain';
import { keychainProtection, memoryProtection } from '../../electron/storage/keyProtection';
import { writeLegacySealedFile } from '../helpers/legacySealed';
import { migratePrefs, PREFS_SCHEMA_VERSION } from '../../electron/services/prefsStore';
import { tempDir } from '../helpers/demo';

/** Stands in for safeStorage: AES-GCM under a key the test holds (the OS keychain's, in the app). */
function fakeSafeStorage(available = true): StringCipher & { calls: number } {
  const key = randomBytes(32);
  const cipher = {
    calls: 0,
    isEncryptionAvailable: () => available,
    encryptString(plain: string) {
      cipher.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, body, c.getAuthTag()]);
    },
    decryptString(blob: Buffer) {
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(blob.length - 16));
      return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]).toString('utf8');
    },
  };
  return cipher;
}

const openConf = (dir: string) => () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'fluss-app', ...STORE_OPTIONS });

/** safeStorage as Electron reports it on a platform, with the fake cipher underneath. */
function fakeElectronSafeStorage(backend: string | undefined, available = true): SafeStorageLike {
  const cipher = fakeSafeStorage(available);
  return backend === undefined ? cipher : Object.assign(cipher, { getSelectedStorageBackend: () => backend });
}
const KEY = new Uint8Array(randomBytes(32));
const keyTexts = () => [Buffer.from(KEY).toString('base64'), Buffer.from(KEY).toString('hex')];

describe('Electron store (logic on conf)', () => {
  it('keeps keys encrypted on disk and reads them back', () => {
    const dir = tempDir();
    const cipher = fakeSafeStorage();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    new SafeCredentialStore(store, cipher).remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    expect(cipher.calls).toBe(1);
    const onDisk = readFileSync(join(dir, 'fluss-app.json'), 'utf8');
    for (const text of keyTexts()) expect(onDisk).not.toContain(text);
    const again = new SafeCredentialStore(openConf(dir)(), cipher);
    expect(again.lookup('f1a000000001', 'owner')).toEqual({ userId: 'ana', role: 'owner', key: KEY });
    expect(again.lookup('f1a000000001', 'shared')).toBeUndefined();
  });

  it('without encryption keeps keys in memory only, never plaintext on disk, and says so', () => {
    const dir = tempDir();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    const credentials = new SafeCredentialStore(store, fakeSafeStorage(false));
    credentials.remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    expect(credentials.lookup('f1a000000001')?.key).toEqual(KEY);
    expect(credentials.notices.join(' ')).toContain('keychain cannot encrypt');
    const onDisk = existsSync(join(dir, 'fluss-app.json')) ? readFileSync(join(dir, 'fluss-app.json'), 'utf8') : '';
    for (const text of keyTexts()) expect(onDisk).not.toContain(text);
  });

  it('writes the store file 0600 and narrows one an older version left wider', () => {
    const dir = tempDir();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    store.set('prefs', { technicianName: 'Ana' });
    expect(statSync(join(dir, 'fluss-app.json')).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, 'fluss-app.json'), 0o644);
    tightenStoreFile(join(dir, 'fluss-app.json'));
    expect(statSync(join(dir, 'fluss-app.json')).mode & 0o777).toBe(0o600);
  });

  it('sets a corrupt store file aside with a notice and starts with defaults', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fluss-app.json'), '{"prefs": {"technicianName": tru');
    const opened = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    expect(opened.notice).toContain('was moved to');
    expect(readdirSync(dir).some((f) => f.startsWith('fluss-app.json.corrupt-'))).toBe(true);
    const prefs = prefsOnStore(opened.store);
    expect(prefs.read()).toEqual({ technicianName: '', showOtherDevices: false });
    expect(prefs.update({ technicianName: 'Ana' })).toEqual({ technicianName: 'Ana', showOtherDevices: false });
    expect(prefsOnStore(openConf(dir)()).read().technicianName).toBe('Ana');
  });

  it('sets aside a file the schema refuses', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fluss-app.json'), JSON.stringify({ prefs: { technicianName: 42 } }));
    expect(openSettingAside(join(dir, 'fluss-app.json'), openConf(dir)).notice).toContain('unreadable');
  });

  it('migrates version-1 preferences and remembers sites and devices seen', () => {
    const dir = tempDir();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    store.set('prefs', { technician: 'Old Name', showAll: true });
    const prefs = prefsOnStore(store);
    expect(prefs.read()).toEqual({ technicianName: 'Old Name', showOtherDevices: true });
    prefs.noteDevicesSeen([{ deviceId: 'f1a000000001', kind: 'intercom', name: 'Front Door', lastSeen: 1000 }], 'Demo site');
    const stored = openConf(dir)().get('prefs') as { schemaVersion: number; sitesSeen: string[]; devicesSeen: Record<string, { site: string }> };
    expect(stored.schemaVersion).toBe(PREFS_SCHEMA_VERSION);
    expect(stored.sitesSeen).toEqual(['Demo site']);
    expect(stored.devicesSeen.f1a000000001?.site).toBe('Demo site');
  });

  it('refuses preferences of an unknown shape', () => {
    expect(() => migratePrefs({ schemaVersion: 99 })).toThrow();
  });
});

describe("Electron's safeStorage, trusted only with a real secret store", () => {
  it("treats Linux's basic_text backend (a hard-coded password) and an unknown one as unavailable", () => {
    expect(safeStorageProblem(fakeElectronSafeStorage('basic_text'), 'linux')).toMatch(/built-in password/);
    expect(safeStorageProblem(fakeElectronSafeStorage('unknown'), 'linux')).toMatch(/could not be identified/);
    expect(safeStorageProblem(fakeElectronSafeStorage(undefined), 'linux')).toMatch(/could not be identified/);
    expect(safeStorageProblem(fakeElectronSafeStorage('gnome_libsecret'), 'linux')).toBeUndefined();
    expect(safeStorageProblem(fakeElectronSafeStorage('kwallet6'), 'linux')).toBeUndefined();
  });

  it('trusts macOS and Windows when encryption is available, and nothing when it is not', () => {
    expect(safeStorageProblem(fakeElectronSafeStorage(undefined), 'darwin')).toBeUndefined();
    expect(safeStorageProblem(fakeElectronSafeStorage(undefined), 'win32')).toBeUndefined();
    expect(safeStorageProblem(fakeElectronSafeStorage('gnome_libsecret', false), 'linux')).toMatch(/cannot encrypt/);
  });

  it('with basic_text keeps keys in memory only, writes none of them and says why', () => {
    const dir = tempDir();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    const credentials = new SafeCredentialStore(store, trustedCipher(fakeElectronSafeStorage('basic_text'), 'linux'));
    credentials.remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    expect(credentials.lookup('f1a000000001')?.key).toEqual(KEY);
    expect(store.get('credentials')).toBeUndefined();
    expect(credentials.notices.join(' ')).toMatch(/built-in password, so device keys are kept in memory only/);
    const onDisk = existsSync(join(dir, 'fluss-app.json')) ? readFileSync(join(dir, 'fluss-app.json'), 'utf8') : '';
    for (const text of keyTexts()) expect(onDisk).not.toContain(text);
  });

  it('still reads keys an older version sealed under basic_text, so nothing is lost', () => {
    const dir = tempDir();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    const basicText = fakeElectronSafeStorage('basic_text');
    new SafeCredentialStore(store, basicText).remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    const now = new SafeCredentialStore(openConf(dir)(), trustedCipher(basicText, 'linux'));
    expect(now.lookup('f1a000000001')?.key).toEqual(KEY);
  });

  it('with a real secret store seals keys through safeStorage', () => {
    const dir = tempDir();
    const { store } = openSettingAside(join(dir, 'fluss-app.json'), openConf(dir));
    const credentials = new SafeCredentialStore(store, trustedCipher(fakeElectronSafeStorage('gnome_libsecret'), 'linux'));
    credentials.remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    expect(store.get('credentials')).toMatchObject({ f1a000000001: [{ userId: 'ana', role: 'owner' }] });
    expect(credentials.notices).toEqual([]);
  });
});

describe('Node stores (browser host)', () => {
  it('sets a corrupt preferences file aside and starts with defaults', () => {
    const dir = tempDir();
    const path = join(dir, 'prefs.json');
    filePrefs(path).update({ technicianName: 'Ana' });
    expect(filePrefs(path).read().technicianName).toBe('Ana');
    writeFileSync(path, 'garbage');
    const fresh = filePrefs(path);
    expect(fresh.read().technicianName).toBe('');
    expect(fresh.notices[0]).toContain('moved to');
    expect(readdirSync(dir).some((f) => f.startsWith('prefs.json.corrupt-'))).toBe(true);
  });

  it('keeps preferences in a 0600 file, and moves an old sealed one off its .key file', () => {
    const dir = tempDir();
    const path = join(dir, 'prefs.json');
    writeLegacySealedFile(path, { plain: { technician: 'Old Name', showAll: true }, secret: {} });
    expect(filePrefs(path).read()).toEqual({ technicianName: 'Old Name', showOtherDevices: true });
    expect(readdirSync(dir)).toEqual(['prefs.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(filePrefs(path).read().technicianName).toBe('Old Name');
  });

  it('keeps keys sealed in the key file, its KEK in the keychain', () => {
    const dir = tempDir();
    const path = join(dir, 'keys.json');
    const keychain = memoryKeychain();
    const keys = fileCredentials(path, keychainProtection(keychain));
    expect(keys.notice).toBeUndefined();
    keys.remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    for (const text of keyTexts()) expect(readFileSync(path, 'utf8')).not.toContain(text);
    expect(readdirSync(dir)).toEqual(['keys.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(fileCredentials(path, keychainProtection(keychain)).lookup('f1a000000001')?.key).toEqual(KEY);
  });

  it('without a keychain keeps keys in memory only, writes no file, and its notice says so', () => {
    const dir = tempDir();
    const keys = fileCredentials(join(dir, 'keys.json'), memoryProtection('the Secret Service is not reachable'));
    keys.remember('f1a000000001', { userId: 'ana', role: 'owner', key: KEY });
    expect(keys.lookup('f1a000000001')?.key).toEqual(KEY);
    expect(readdirSync(dir)).toEqual([]);
    expect(keys.notice).toMatch(/^Keys and code digits are kept in memory only .*the Secret Service is not reachable/);
  });
});
