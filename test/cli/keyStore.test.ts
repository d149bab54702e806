/**
 * The real `fluss` binary and its key store at rest (issue 9, finding 2): with a passphrase, a copied
 * data folder reveals no key or code digits and does not open; with neither keychain nor passphrase the
 * CLI says so in one line and writes nothing; files of the old format are migrated without loss.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passphraseProtection } from '../../electron/storage/keyProtection';
import { CredentialFile } from '../../electron/storage/credentialFile';
import { SealedJsonFile } from '../../electron/storage/sealedJsonFile';
import { fluss, TEST_PASSPHRASE } from '../helpers/cli';
import { tempDir } from '../helpers/demo';
import { readFolderText, spellings } from '../helpers/folderText';
import { writeLegacySealedFile } from '../helpers/legacySealed';

/** What the CLI may write beside its sealed files: no secret in either (the redacted BLE trace; GATT layouts). */
const NO_SECRETS = new Set(['logs', 'state.json.gatt-cache.json']);

const SETUP_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';
/** A Linux computer with no session bus: the Secret Service cannot be reached. */
const NO_KEYCHAIN = { FLUSS_PASSPHRASE: undefined, FLUSS_KEYCHAIN: undefined, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fluss-test-bus' };
const identity = (c: { plain: unknown; secret: unknown }) => c;

function ownerKeyIn(keysPath: string): Uint8Array {
  const key = new CredentialFile(keysPath, passphraseProtection(TEST_PASSPHRASE)).lookup('f1a000000002', 'owner')?.key;
  if (!key) throw new Error('the owner key was not stored');
  return key;
}

describe('fluss key store at rest', { timeout: 60_000 }, () => {
  it('a copied data folder holds no owner key or code digits, and does not open without the passphrase', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const run = (args: string[], env: Record<string, string | undefined> = {}) => fluss(['--sim', '--sim-state', state, ...args], dir, 20_000, env);
    expect((await run(['claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1'])).code).toBe(0);
    expect((await run(['settings', 'set', 'Front Door', '--entry', 'Main Gate'])).code).toBe(0);
    const created = await run(['--json', 'codes', 'create', 'Front Door']);
    expect(created.code).toBe(0);
    const { digits } = created.json() as { digits: string };
    const ownerKey = ownerKeyIn(`${state}.keys.json`);
    // Every file 0600 and every folder 0700 (logs/ holds the redacted BLE trace: no keys, no digits).
    for (const file of readdirSync(dir)) {
      const stat = statSync(join(dir, file));
      expect(stat.mode & 0o777, file).toBe(stat.isDirectory() ? 0o700 : 0o600);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.key'))).toEqual([]);

    const copy = join(tempDir(), 'stolen');
    cpSync(dir, copy, { recursive: true });
    for (const file of readFolderText(copy)) {
      for (const secret of [...spellings(ownerKey), `"${digits}"`, TEST_PASSPHRASE, SETUP_KEY.replace(/-/g, '')]) expect(file.text, file.name).not.toContain(secret);
    }
    const copiedState = join(copy, 'state.json');
    const before = readFileSync(copiedState, 'utf8');
    const withoutPassphrase = await fluss(['--sim', '--sim-state', copiedState, '--json', 'users', 'list', 'New Intercom'], copy, 20_000, { FLUSS_PASSPHRASE: undefined, FLUSS_KEYCHAIN: 'off' });
    expect(withoutPassphrase.code).toBe(4);
    expect(withoutPassphrase.json()).toMatchObject({ error: { code: 'NO_CREDENTIALS', hint: expect.stringMatching(/FLUSS_PASSPHRASE/) as unknown } });
    const wrongPassphrase = await fluss(['--sim', '--sim-state', copiedState, '--json', 'users', 'list', 'New Intercom'], copy, 20_000, { FLUSS_PASSPHRASE: 'not the passphrase at all' });
    expect(wrongPassphrase.json()).toMatchObject({ error: { code: 'DECRYPT_FAILED' } });
    expect(readFileSync(copiedState, 'utf8')).toBe(before);
  });

  it('with no keychain and no passphrase says in one line that keys are kept in memory only, and writes nothing', async (context) => {
    if (process.platform !== 'linux') {
      process.stdout.write('skipped: the no-keychain case is staged with an unreachable session bus, which only Linux uses\n');
      context.skip();
    }
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const run = (...args: string[]) => fluss(['--sim', '--sim-state', state, ...args], dir, 20_000, NO_KEYCHAIN);
    const claim = await run('claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1');
    expect(claim.code).toBe(0);
    const lines = claim.stderr.split('\n').filter((l) => /memory only/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: Keys and code digits are kept in memory only and are forgotten when this program ends: the Secret Service is not reachable .*FLUSS_PASSPHRASE/);
    // No key and no state: only what holds no secret (the redacted BLE trace, what was learnt of GATT layouts).
    expect(readdirSync(dir).filter((f) => !NO_SECRETS.has(f))).toEqual([]);
    // Nothing was kept: the next run finds the intercom unclaimed again.
    const again = await run('claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1');
    expect(again.code).toBe(0);
  });

  it('migrates state and keys sealed under the old beside-the-file key, losing nothing', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const run = (...args: string[]) => fluss(['--sim', '--sim-state', state, ...args], dir);
    expect((await run('claim', 'New Intercom', '--setup-key', SETUP_KEY, '--owner-id', 'tech1')).code).toBe(0);
    const ownerKey = ownerKeyIn(`${state}.keys.json`);
    // Rewrite both files exactly as the previous version stored them: fluss-sealed-v1 with a .key file.
    const oldKeys: Buffer[] = [];
    for (const path of [state, `${state}.keys.json`]) {
      const loaded = new SealedJsonFile(path, passphraseProtection(TEST_PASSPHRASE)).load(identity);
      if (loaded.status !== 'loaded') throw new Error(`${path} did not load`);
      oldKeys.push(writeLegacySealedFile(path, loaded.value));
    }
    const users = await run('--json', 'users', 'list', 'New Intercom');
    expect(users.code).toBe(0);
    expect(users.json()).toEqual({ users: [{ userId: 'tech1', role: 'owner' }] });
    expect(readdirSync(dir).filter((f) => !NO_SECRETS.has(f)).sort()).toEqual(['state.json', 'state.json.keys.json']);
    for (const path of [state, `${state}.keys.json`]) {
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'fluss-sealed-v2', kek: { kind: 'passphrase' } });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(existsSync(`${path}.key`)).toBe(false);
    }
    expect(ownerKeyIn(`${state}.keys.json`)).toEqual(ownerKey);
    for (const file of readFolderText(dir)) for (const key of oldKeys) for (const s of spellings(key)) expect(file.text).not.toContain(s);
  });
});
