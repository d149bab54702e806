/**
 * Sealed files (issue 9, finding 2): the key-encryption key is never beside the data. Every test copies
 * or inspects the data folder the way a thief would: grep it for the secrets and the KEK, and open it
 * somewhere without the keychain entry or passphrase.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlussError } from '../../electron/protocol/errors';
import { accountForFolder, KEYCHAIN_SERVICE, memoryKeychain, type Keychain } from '../../electron/storage/keychain';
import { keychainProtection, memoryProtection, passphraseProtection } from '../../electron/storage/keyProtection';
import { SealedJsonFile } from '../../electron/storage/sealedJsonFile';
import { tempDir } from '../helpers/demo';
import { readFolderText, spellings } from '../helpers/folderText';
import { writeLegacySealedFile } from '../helpers/legacySealed';

const SECRET = 'c0ffee-secret-value-1234';
const DIGITS = '"48213"';
const identity = (c: { plain: unknown; secret: unknown }) => c;
const content = { plain: { visible: 'yes' }, secret: { key: SECRET, digits: '48213' } };

function expectNoSecretsIn(dir: string, extra: string[] = []): void {
  for (const file of readFolderText(dir)) {
    for (const secret of [SECRET, DIGITS, ...extra]) expect(file.text, `${file.name} holds a secret`).not.toContain(secret);
  }
}

function thrown(call: () => unknown): FlussError {
  try {
    call();
  } catch (error) {
    if (error instanceof FlussError) return error;
    throw error;
  }
  throw new Error('expected a FlussError');
}

describe('SealedJsonFile under the OS keychain', () => {
  it('round-trips, writes one 0600 file and keeps the KEK in the keychain under the documented name', () => {
    const dir = tempDir();
    const keychain = memoryKeychain();
    const file = new SealedJsonFile(join(dir, 'state.json'), keychainProtection(keychain));
    file.save(content);
    expect(new SealedJsonFile(join(dir, 'state.json'), keychainProtection(keychain)).load(identity)).toEqual({ status: 'loaded', value: content });
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    const account = accountForFolder(dir);
    expect(account).toMatch(/^folder-[0-9a-f]{32}$/);
    expect([...keychain.entries.keys()]).toEqual([account]);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ format: 'fluss-sealed-v2', kek: { kind: 'keychain', service: KEYCHAIN_SERVICE, account } });
    const kek = Buffer.from(keychain.entries.get(account) ?? '', 'base64');
    expect(kek).toHaveLength(32);
    expectNoSecretsIn(dir, spellings(kek));
  });

  it('a copy of the folder on a computer without the keychain entry reveals nothing and is set aside', () => {
    const dir = tempDir();
    new SealedJsonFile(join(dir, 'state.json'), keychainProtection(memoryKeychain())).save(content);
    const copy = join(tempDir(), 'copied');
    cpSync(dir, copy, { recursive: true });
    expectNoSecretsIn(copy);
    const loaded = new SealedJsonFile(join(copy, 'state.json'), keychainProtection(memoryKeychain())).load(identity);
    expect(loaded).toMatchObject({ status: 'set-aside', reason: expect.stringMatching(/not in a test keychain/) as unknown });
    expect(readdirSync(copy).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
  });

  it('gives two folders two KEKs, so two state files never share one by accident', () => {
    const keychain = memoryKeychain();
    const [a, b] = [tempDir(), tempDir()];
    new SealedJsonFile(join(a, 'state.json'), keychainProtection(keychain)).save(content);
    new SealedJsonFile(join(b, 'state.json'), keychainProtection(keychain)).save(content);
    expect(new Set(keychain.entries.keys())).toEqual(new Set([accountForFolder(a), accountForFolder(b)]));
    expect(keychain.entries.get(accountForFolder(a))).not.toBe(keychain.entries.get(accountForFolder(b)));
  });

  it('leaves the file alone when the keychain cannot be reached now', () => {
    const dir = tempDir();
    const keychain = memoryKeychain();
    new SealedJsonFile(join(dir, 'state.json'), keychainProtection(keychain)).save(content);
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const locked: Keychain = { ...keychain, get: () => { throw new Error('collection is locked'); } };
    const error = thrown(() => new SealedJsonFile(join(dir, 'state.json'), keychainProtection(locked)).load(identity));
    expect(error.code).toBe('NO_CREDENTIALS');
    expect(error.hint).toMatch(/Unlock the keychain/);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
  });

  it('sets a corrupt file, or one whose content has the wrong structure, aside', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeFileSync(path, '{ not json');
    const loaded = new SealedJsonFile(path, keychainProtection(memoryKeychain())).load(identity);
    expect(loaded.status).toBe('set-aside');
    if (loaded.status === 'set-aside') expect(readFileSync(loaded.setAsidePath, 'utf8')).toBe('{ not json');
    expect(existsSync(path)).toBe(false);

    const keychain = memoryKeychain();
    new SealedJsonFile(path, keychainProtection(keychain)).save({ plain: { version: 99 }, secret: {} });
    const refused = new SealedJsonFile(path, keychainProtection(keychain)).load(() => {
      throw new Error('wrong version');
    });
    expect(refused).toMatchObject({ status: 'set-aside', reason: 'wrong version' });
  });
});

describe('SealedJsonFile under a passphrase (FLUSS_PASSPHRASE)', () => {
  it('round-trips; the file holds a salt, never the passphrase or the secrets', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    new SealedJsonFile(path, passphraseProtection('correct horse battery')).save(content);
    expect(new SealedJsonFile(path, passphraseProtection('correct horse battery')).load(identity)).toEqual({ status: 'loaded', value: content });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ kek: { kind: 'passphrase', kdf: 'scrypt', N: 2 ** 15 } });
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expectNoSecretsIn(dir, ['correct horse battery']);
  });

  it('refuses a wrong or missing passphrase clearly and leaves the file as it was', () => {
    const path = join(tempDir(), 'state.json');
    new SealedJsonFile(path, passphraseProtection('correct horse battery')).save(content);
    const before = readFileSync(path, 'utf8');
    expect(thrown(() => new SealedJsonFile(path, passphraseProtection('wrong horse battery')).load(identity)).code).toBe('DECRYPT_FAILED');
    const missing = thrown(() => new SealedJsonFile(path, keychainProtection(memoryKeychain())).load(identity));
    expect(missing.code).toBe('NO_CREDENTIALS');
    expect(missing.hint).toMatch(/FLUSS_PASSPHRASE/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses a passphrase too short to be one', () => {
    expect(thrown(() => passphraseProtection('1234')).code).toBe('INVALID_ARGUMENT');
  });
});

describe('SealedJsonFile with neither keychain nor passphrase', () => {
  it('writes nothing, keeps the content for this process only, and never opens a sealed file it cannot', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    const file = new SealedJsonFile(path, memoryProtection('no keychain'));
    file.save(content);
    expect(readdirSync(dir)).toEqual([]);
    expect(new SealedJsonFile(path, memoryProtection('no keychain')).load(identity)).toEqual({ status: 'loaded', value: content });

    const other = join(tempDir(), 'state.json');
    new SealedJsonFile(other, keychainProtection(memoryKeychain())).save(content);
    const error = thrown(() => new SealedJsonFile(other, memoryProtection('no keychain')).load(identity));
    expect(error.code).toBe('NO_CREDENTIALS');
    expect(existsSync(other)).toBe(true);
  });
});

describe('migration from the old beside-the-file key', () => {
  it('re-seals under the keychain on first open, removes the .key file and loses nothing', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    const oldKey = writeLegacySealedFile(path, content);
    const keychain = memoryKeychain();
    expect(new SealedJsonFile(path, keychainProtection(keychain)).load(identity)).toEqual({ status: 'loaded', value: content });
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'fluss-sealed-v2', kek: { kind: 'keychain', account: accountForFolder(dir) } });
    expectNoSecretsIn(dir, spellings(oldKey));
    expect(new SealedJsonFile(path, keychainProtection(keychain)).load(identity)).toEqual({ status: 'loaded', value: content });
  });

  it('re-seals under a passphrase the same way', () => {
    const dir = tempDir();
    const path = join(dir, 'keys.json');
    writeLegacySealedFile(path, content);
    expect(new SealedJsonFile(path, passphraseProtection('correct horse battery')).load(identity)).toEqual({ status: 'loaded', value: content });
    expect(readdirSync(dir)).toEqual(['keys.json']);
    expect(new SealedJsonFile(path, passphraseProtection('correct horse battery')).load(identity)).toEqual({ status: 'loaded', value: content });
  });

  it('without a keychain or passphrase reads the old file but leaves it and its key untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeLegacySealedFile(path, content);
    const before = readFileSync(path, 'utf8');
    expect(new SealedJsonFile(path, memoryProtection('no keychain')).load(identity)).toEqual({ status: 'loaded', value: content });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(existsSync(`${path}.key`)).toBe(true);
  });

  it('sets an old file aside when its key file is gone, as before', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeLegacySealedFile(path, content);
    writeFileSync(`${path}.key`, '');
    expect(new SealedJsonFile(path, keychainProtection(memoryKeychain())).load(identity)).toMatchObject({ status: 'set-aside', reason: 'its key file is damaged' });
  });
});
