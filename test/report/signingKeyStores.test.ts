/** The report-signing key is made once per installation and kept sealed, like the device keys. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportKeyFile } from '../../electron/report/reportKeyFile';
import { safeReportKey } from '../../electron/main/reportKeyStore';
import type { KeyValueStore, StringCipher } from '../../electron/main/persistence';
import { memoryProtection, passphraseProtection } from '../../electron/storage/keyProtection';
import { tempDir } from '../helpers/demo';

describe('reportKeyFile (CLI and browser host)', () => {
  it('keeps one key across runs, sealed in a 0600 file that holds the public key but not the private one', () => {
    const path = join(tempDir(), 'report-signing-key.json');
    const first = reportKeyFile(path, passphraseProtection('a passphrase for tests')).get();
    const again = reportKeyFile(path, passphraseProtection('a passphrase for tests')).get();
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(first.fingerprint);
    const pkcs8 = first.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(text).not.toContain(pkcs8);
  });

  it('says so when the key can only live in memory', () => {
    const keys = reportKeyFile(join(tempDir(), 'k.json'), memoryProtection('no keychain'));
    expect(keys.get().fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    expect(keys.notices.join()).toMatch(/memory only/);
  });
});

describe('safeReportKey (the desktop app)', () => {
  const store = (): KeyValueStore & { data: Map<string, unknown> } => {
    const data = new Map<string, unknown>();
    return { data, path: 'fake', get: (k) => data.get(k), set: (k, v) => data.set(k, v) };
  };
  const xorCipher = (available: boolean): StringCipher => ({
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
    decryptString: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString(),
    ...(available ? {} : { problem: 'No secret store is running' }),
  });

  it('seals the key with safeStorage and finds the same key at the next start', () => {
    const s = store();
    const first = safeReportKey(s, xorCipher(true)).get();
    const stored = s.data.get('reportSigningKey') as { sealed: string; fingerprint: string };
    expect(stored.fingerprint).toBe(first.fingerprint);
    expect(stored.sealed).not.toContain(first.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    expect(safeReportKey(s, xorCipher(true)).get().fingerprint).toBe(first.fingerprint);
  });

  it('keeps the key in memory, never in plaintext, where safeStorage cannot encrypt', () => {
    const s = store();
    const keys = safeReportKey(s, xorCipher(false));
    keys.get();
    expect(s.data.has('reportSigningKey')).toBe(false);
    expect(keys.notices.join()).toMatch(/No secret store is running.*memory only/);
  });
});
