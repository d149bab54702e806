/** Which key-encryption key a process uses (storage/keyProtection.ts): passphrase, keychain or memory. */
import { describe, expect, it } from 'vitest';
import { FlussError } from '../../electron/protocol/errors';
import { keychainProblem, memoryKeychain, type Keychain } from '../../electron/storage/keychain';
import { memoryOnlyStatement, resolveKeyProtection } from '../../electron/storage/keyProtection';

const working = () => memoryKeychain();
const unreachable = (): Keychain => ({
  name: 'the Secret Service',
  get: () => {
    throw new Error('Platform failure: DBus error: no session bus\nmore detail');
  },
  set: () => {
    throw new Error('Platform failure: DBus error: no session bus');
  },
  delete: () => undefined,
});
/** A Secret Service with no unlocked collection: reads answer "nothing", writes fail. */
const readOnly = (): Keychain => ({ ...memoryKeychain(), set: () => { throw new Error('no default collection'); } });

describe('resolveKeyProtection', () => {
  it('uses FLUSS_PASSPHRASE first, even where a keychain works', () => {
    expect(resolveKeyProtection({ FLUSS_PASSPHRASE: 'a long passphrase' }, working).mode).toBe('passphrase');
  });

  it('refuses a short passphrase instead of using it', () => {
    expect(() => resolveKeyProtection({ FLUSS_PASSPHRASE: 'short' }, working)).toThrow(FlussError);
  });

  it('uses the keychain when it really stores a secret, leaving no probe behind', () => {
    const keychain = memoryKeychain();
    expect(resolveKeyProtection({}, () => keychain).mode).toBe('keychain');
    expect(keychain.entries.size).toBe(0);
  });

  it('keeps keys in memory when the keychain is unreachable or refuses writes, and says why in one line', () => {
    for (const keychain of [unreachable, readOnly]) {
      const protection = resolveKeyProtection({}, keychain);
      expect(protection.mode).toBe('memory');
      const statement = memoryOnlyStatement(protection) ?? '';
      expect(statement).toMatch(/kept in memory only/);
      expect(statement).toMatch(/FLUSS_PASSPHRASE/);
      expect(statement).not.toContain('\n');
    }
    expect(keychainProblem(unreachable())).toBe('the Secret Service is not reachable (Platform failure: DBus error: no session bus)');
  });

  it('keeps keys in memory with FLUSS_KEYCHAIN=off, without touching the keychain', () => {
    const protection = resolveKeyProtection({ FLUSS_KEYCHAIN: 'off' }, () => {
      throw new Error('must not be asked');
    });
    expect(memoryOnlyStatement(protection)).toMatch(/FLUSS_KEYCHAIN=off/);
  });

  it('says nothing when keys are sealed on disk', () => {
    expect(memoryOnlyStatement(resolveKeyProtection({}, working))).toBeUndefined();
  });
});
