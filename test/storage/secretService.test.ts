/**
 * The key-encryption key in a real Linux Secret Service (gnome-keyring on a private session bus),
 * through the real `fluss` binary and @napi-rs/keyring (issue 9, finding 2): the KEK is in the keyring
 * under the documented name and in no file; a copy of the folder opened against another keyring (another
 * computer) reveals nothing; files of the old format are re-sealed under the keyring's KEK.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountForFolder, KEYCHAIN_SERVICE } from '../../electron/storage/keychain';
import { passphraseProtection } from '../../electron/storage/keyProtection';
import { SealedJsonFile } from '../../electron/storage/sealedJsonFile';
import { fluss, TEST_PASSPHRASE } from '../helpers/cli';
import { tempDir } from '../helpers/demo';
import { readFolderText, spellings } from '../helpers/folderText';
import { writeLegacySealedFile } from '../helpers/legacySealed';
import { secretServiceMissing, startSecretService, type SecretService } from '../helpers/secretService';

const SETUP_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';
const missing = secretServiceMissing();
if (missing) process.stdout.write(`skipped: ${missing}\n`);

const services: SecretService[] = [];
async function secretService(): Promise<SecretService> {
  const service = await startSecretService();
  services.push(service);
  return service;
}

/** The CLI on the simulator with only the keychain to seal with (no passphrase, keychain allowed). */
const onKeychain = (service: SecretService, state: string, ...args: string[]) =>
  fluss(['--sim', '--sim-state', state, ...args], join(state, '..'), 30_000, { ...service.env, FLUSS_PASSPHRASE: undefined, FLUSS_KEYCHAIN: undefined });

describe.skipIf(missing !== undefined)('the OS keychain: a real Secret Service', { timeout: 90_000 }, () => {
  let keyring: SecretService;
  beforeAll(async () => {
    keyring = await secretService();
  }, 30_000);
  afterAll(async () => {
    for (const service of services) await service.stop();
  });

  it('keeps the KEK in the keyring under the documented name, and in no file', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const claim = await onKeychain(keyring, state, 'claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1');
    expect(claim.code).toBe(0);
    expect(claim.stderr).not.toMatch(/memory only/);
    expect((await onKeychain(keyring, state, 'settings', 'set', 'Front Door', '--entry', 'Main Gate')).code).toBe(0);
    const created = await onKeychain(keyring, state, '--json', 'codes', 'create', 'Front Door');
    const { digits } = created.json() as { digits: string };

    const kek = keyring.lookup(KEYCHAIN_SERVICE, accountForFolder(dir));
    expect(Buffer.from(kek ?? '', 'base64')).toHaveLength(32);
    expect(keyring.accounts(KEYCHAIN_SERVICE)).toEqual([accountForFolder(dir)]); // no probe entry left behind
    // Beside them only what holds no secret: the redacted BLE trace (logs/) and the GATT layouts learnt.
    expect(readdirSync(dir).filter((f) => f !== 'logs' && f !== 'state.json.gatt-cache.json').sort()).toEqual(['state.json', 'state.json.keys.json']);
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).mode & 0o777).toBe(statSync(join(dir, file)).isDirectory() ? 0o700 : 0o600);
    for (const file of readFolderText(dir)) {
      for (const secret of [...spellings(Buffer.from(kek ?? '', 'base64')), `"${digits}"`, SETUP_KEY.replace(/-/g, '')]) expect(file.text, file.name).not.toContain(secret);
    }
    // The owner key came back from the keyring-sealed key file: the device accepts this run's session.
    const users = await onKeychain(keyring, state, '--json', 'users', 'list', 'New Intercom');
    expect(users.json()).toEqual({ users: [{ userId: 'tech1', role: 'owner' }] });
  });

  it('a copy of the folder opened against another keyring reveals nothing and is set aside', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    expect((await onKeychain(keyring, state, 'claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1')).code).toBe(0);
    const copy = join(tempDir(), 'stolen');
    cpSync(dir, copy, { recursive: true });
    const otherComputer = await secretService();
    const result = await onKeychain(otherComputer, join(copy, 'state.json'), '--json', 'users', 'list', 'New Intercom');
    expect(result.stderr).toMatch(/not in the Secret Service/);
    // Without the owner key, the copy cannot act as the owner.
    expect(result.code).not.toBe(0);
    expect(readdirSync(copy).filter((f) => f.includes('.corrupt-')).length).toBe(2);
  });

  it('re-seals files of the old format under the keyring KEK and removes their .key files', async () => {
    const source = tempDir();
    const sourceState = join(source, 'state.json');
    expect((await fluss(['--sim', '--sim-state', sourceState, 'claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1'], source)).code).toBe(0);
    const dir = tempDir();
    const state = join(dir, 'state.json');
    for (const [from, to] of [[sourceState, state], [`${sourceState}.keys.json`, `${state}.keys.json`]] as const) {
      const loaded = new SealedJsonFile(from, passphraseProtection(TEST_PASSPHRASE)).load((c) => c);
      if (loaded.status !== 'loaded') throw new Error(`${from} did not load`);
      writeLegacySealedFile(to, loaded.value);
    }
    const users = await onKeychain(keyring, state, '--json', 'users', 'list', 'New Intercom');
    expect(users.json()).toEqual({ users: [{ userId: 'tech1', role: 'owner' }] });
    for (const path of [state, `${state}.keys.json`]) {
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'fluss-sealed-v2', kek: { kind: 'keychain', account: accountForFolder(dir) } });
      expect(existsSync(`${path}.key`)).toBe(false);
    }
    expect(keyring.lookup(KEYCHAIN_SERVICE, accountForFolder(dir))).toBeDefined();
  });
});
