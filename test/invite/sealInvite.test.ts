/** Invites: sealed under a one-time passphrase; a changed field, a wrong passphrase, a malformed file each refused plainly. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newInvitePassphrase, normalizePassphrase } from '../../electron/invite/passphrase';
import { openInvite, parseInvite, sealInvite, type InviteContent } from '../../electron/invite/sealInvite';
import { importInvite } from '../../electron/invite/importInvite';
import { memoryCredentials } from '../../electron/services/nodeStores';
import { FlussError } from '../../electron/protocol/errors';
import type { Invite } from '../../electron/invite/inviteFormat';

const content = (): InviteContent => ({
  deviceId: 'f1a000000001',
  deviceName: 'Front Door',
  identityKey: new Uint8Array(randomBytes(32)),
  userId: 'u-0123456789abcdef',
  label: 'Ben, caretaker',
  key: new Uint8Array(randomBytes(32)),
});

async function refusal(work: Promise<unknown>): Promise<FlussError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlussError);
  return error as FlussError;
}

describe('invites', () => {
  it('opens with its passphrase, typed in any case and without dashes, and gives the key back', async () => {
    const c = content();
    const passphrase = newInvitePassphrase();
    const text = JSON.stringify(await sealInvite(c, passphrase));
    expect(text).not.toContain(Buffer.from(c.key).toString('base64'));
    expect(text).not.toContain(Buffer.from(c.key).toString('hex'));
    const opened = await openInvite(text, passphrase.toUpperCase().replace(/-/g, ' '));
    expect(opened).toMatchObject({ deviceId: c.deviceId, deviceName: 'Front Door', userId: c.userId, label: 'Ben, caretaker', role: 'shared' });
    expect(Buffer.from(opened.key).equals(Buffer.from(c.key))).toBe(true);
    expect(Buffer.from(opened.identityKey).equals(Buffer.from(c.identityKey))).toBe(true);
  });

  it('makes strong, different passphrases: five groups of four, 100 bits', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newInvitePassphrase()));
    expect(seen.size).toBe(200);
    for (const p of seen) expect(p).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){4}$/);
    expect(normalizePassphrase('AbCo-iL')).toBe('abc011');
  });

  it('a wrong passphrase is said to be wrong', async () => {
    const text = JSON.stringify(await sealInvite(content(), newInvitePassphrase()));
    const error = await refusal(openInvite(text, newInvitePassphrase()));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toMatch(/passphrase does not open/);
  });

  // Every header field is covered by the AES-GCM additional data: changing any one is caught.
  const edits: [string, (i: Invite) => void][] = [
    ['device id', (i) => (i.device.deviceId = 'f1a000000009')],
    ['device name', (i) => (i.device.name = 'Back Door')],
    ['identity key', (i) => (i.device.identityKey = 'ab'.repeat(32))],
    ['user id', (i) => (i.user.userId = 'u-ffffffffffffffff')],
    ['label', (i) => (i.user.label = 'Mallory')],
    ['created at', (i) => (i.createdAt = '2020-01-01T00:00:00.000Z')],
    ['nonce', (i) => (i.seal.nonce = Buffer.alloc(12, 1).toString('base64'))],
    ['ciphertext', (i) => (i.seal.ciphertext = Buffer.alloc(32, 7).toString('base64'))],
    ['tag', (i) => (i.seal.tag = Buffer.alloc(16, 7).toString('base64'))],
  ];
  it.each(edits)('a changed %s is refused as changed, with the right passphrase', async (_name, edit) => {
    const passphrase = newInvitePassphrase();
    const invite = JSON.parse(JSON.stringify(await sealInvite(content(), passphrase))) as Invite;
    edit(invite);
    const error = await refusal(openInvite(JSON.stringify(invite), passphrase));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toMatch(/changed after the owner made it/);
  });

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['another kind of file', '{"format":"something-else"}', /not a valid Fluss\+ invite/],
    ['a later version', '{"format":"fluss-invite","version":2}', /version 2/],
    ['a huge file', 'x'.repeat(20_000), /too large/],
  ])('a malformed file (%s) is refused with what is wrong', async (_name, text, message) => {
    const error = await refusal(openInvite(text, 'aaaa-bbbb-cccc-dddd-eeee'));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toMatch(message);
  });

  it('refuses an invite whose scrypt cost differs from the format (no file may ask for more memory)', async () => {
    const invite = JSON.parse(JSON.stringify(await sealInvite(content(), newInvitePassphrase()))) as Invite;
    (invite.seal as { N: number }).N = 2 ** 22;
    expect(() => parseInvite(JSON.stringify(invite))).toThrow(/seal.N/);
  });

  it('import files the key with the identity key pinned, and refuses over an existing key unless confirmed', async () => {
    const c = content();
    const passphrase = newInvitePassphrase();
    const text = JSON.stringify(await sealInvite(c, passphrase));
    const store = memoryCredentials();
    expect(await importInvite(store, text, passphrase)).toEqual({ deviceId: c.deviceId, deviceName: 'Front Door', userId: c.userId, label: 'Ben, caretaker', role: 'shared' });
    const filed = store.lookup(c.deviceId, 'shared');
    expect(filed?.userId).toBe(c.userId);
    expect(Buffer.from(filed?.identityKey ?? []).equals(Buffer.from(c.identityKey))).toBe(true);

    const second = { ...content(), deviceId: c.deviceId };
    const secondText = JSON.stringify(await sealInvite(second, passphrase));
    const error = await refusal(importInvite(store, secondText, passphrase));
    expect(error.code).toBe('CREDENTIAL_EXISTS');
    expect(store.lookup(c.deviceId, 'shared')?.userId).toBe(c.userId);
    await importInvite(store, secondText, passphrase, { replaceExisting: true });
    expect(store.lookup(c.deviceId, 'shared')?.userId).toBe(second.userId);
  });

  it('writes nothing when the invite does not open', async () => {
    const text = JSON.stringify(await sealInvite(content(), newInvitePassphrase()));
    const store = memoryCredentials();
    await refusal(importInvite(store, text, newInvitePassphrase()));
    expect(store.holds('f1a000000001')).toBe(false);
  });
});
