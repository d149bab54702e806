/**
 * The whole shared-user path over the CLI, as two installations (two data folders, the real `fluss` in
 * child processes) around one simulated site: the owner invites, the invite file moves, the second
 * computer imports it, acts as the shared user (creates a code, cannot change settings), and after the
 * owner removes the user the imported key no longer works.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';
import { readFolderText } from '../helpers/folderText';
import { writePng } from '../helpers/pngWriter';

const SETUP_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';

function installations() {
  const site = tempDir();
  const state = join(site, 'state.json');
  const owner = tempDir();
  const ben = tempDir();
  return {
    site,
    owner: (...args: string[]) => fluss(['--sim', '--sim-state', state, '--sim-keys', join(owner, 'sim-keys.json'), ...args], owner),
    ben: (args: string[], env: Record<string, string | undefined> = {}) => fluss(['--sim', '--sim-state', state, '--sim-keys', join(ben, 'sim-keys.json'), ...args], ben, 20_000, env),
    benDir: ben,
    ownerDir: owner,
  };
}

describe('fluss users invite / keys import', { timeout: 120_000 }, () => {
  it('the invite moves to a second installation, which acts as the shared user until the owner removes it', async () => {
    const { owner, ben, ownerDir, site } = installations();
    expect((await owner('claim', 'New Intercom', '--setup-key', SETUP_KEY)).code).toBe(0);
    expect((await owner('settings', 'set', 'New Intercom', '--entry', 'Main Gate')).code).toBe(0);
    const out = join(site, 'ben.fluss-invite.json');
    const qr = join(site, 'ben.svg');
    const invited = await owner('--json', 'users', 'invite', 'New Intercom', 'Ben, caretaker', '--out', out, '--qr', qr);
    expect(invited.code, invited.stderr).toBe(0);
    const { added, passphrase } = invited.json() as { added: string; passphrase: string };
    // The device knows Ben by a random id, never by the name the owner typed (issue 9, finding 10).
    expect(added).toMatch(/^u-[0-9a-f]{16}$/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(qr, 'utf8')).toMatch(/^<svg/);
    const listed = await owner('--json', 'users', 'list', 'New Intercom');
    expect(listed.json()).toMatchObject({ users: expect.arrayContaining([{ userId: added, role: 'shared', label: 'Ben, caretaker' }]) as unknown });
    // The passphrase is never kept on the owner's computer.
    for (const file of readFolderText(ownerDir)) expect(file.text, file.name).not.toContain(passphrase);

    // Ben's computer: no passphrase, no terminal -> a clear refusal, nothing written.
    const noPassphrase = await ben(['--json', 'keys', 'import', out]);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.json()).toMatchObject({ error: { code: 'INVALID_ARGUMENT', hint: expect.stringMatching(/FLUSS_INVITE_PASSPHRASE/) as unknown } });
    const imported = await ben(['--json', 'keys', 'import', out], { FLUSS_INVITE_PASSPHRASE: passphrase });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json()).toEqual({ imported: 'f1a000000002', device: 'New Intercom', userId: added, role: 'shared' });
    const again = await ben(['--json', 'keys', 'import', out, '--passphrase', passphrase]);
    expect(again.json()).toMatchObject({ error: { code: 'CREDENTIAL_EXISTS' } });

    const code = await ben(['--json', '--role', 'shared', 'codes', 'create', 'New Intercom']);
    expect(code.code, code.stderr).toBe(0);
    expect(code.json()).toMatchObject({ code: { createdBy: added } });
    const settings = await ben(['--json', '--role', 'shared', 'settings', 'set', 'New Intercom', '--max-users', '5']);
    expect(settings.code).toBe(4);
    expect(settings.json()).toMatchObject({ error: { code: 'NOT_AUTHORIZED' } });

    const removed = await owner('--json', 'users', 'remove', 'New Intercom', 'ben, CARETAKER');
    expect(removed.json()).toEqual({ removed: added, label: 'Ben, caretaker' });
    const revoked = await ben(['--json', '--role', 'shared', 'codes', 'list', 'New Intercom']);
    expect(revoked.code).toBe(4);
    expect(revoked.json()).toMatchObject({ error: { code: 'AUTH_FAILED' } });
    // Importing the invite again gives nothing back: the device has forgotten that key.
    const reimport = await ben(['--json', 'keys', 'import', out, '--passphrase', passphrase, '--replace-existing-key']);
    expect(reimport.code).toBe(0);
    expect((await ben(['--json', '--role', 'shared', 'codes', 'list', 'New Intercom'])).json()).toMatchObject({ error: { code: 'AUTH_FAILED' } });
  });

  it('keys import also takes a PNG of the QR code: the second installation imports it and acts as the shared user', async () => {
    const { owner, ben, benDir, site } = installations();
    expect((await owner('claim', 'New Intercom', '--setup-key', SETUP_KEY)).code).toBe(0);
    expect((await owner('settings', 'set', 'New Intercom', '--entry', 'Main Gate')).code).toBe(0);
    const qr = join(site, 'ben.png');
    const invited = await owner('--json', 'users', 'invite', 'New Intercom', 'Ben, caretaker', '--out', join(site, 'ben.fluss-invite.json'), '--qr', qr);
    expect(invited.code, invited.stderr).toBe(0);
    const { added, passphrase } = invited.json() as { added: string; passphrase: string };

    // Pictures that are not an invite's QR code are refused before any passphrase is asked (none is given here).
    const hello = join(site, 'hello.png');
    writeFileSync(hello, await QRCode.toBuffer('hello', { type: 'png' }));
    const other = await ben(['--json', 'keys', 'import', hello]);
    expect(other.code).toBe(2);
    expect(other.json()).toMatchObject({ error: { code: 'INVALID_VALUE', message: 'This QR code is not a Fluss+ invite.' } });
    const blank = join(site, 'blank.png');
    writeFileSync(blank, writePng(new Uint8Array(100 * 100 * 4).fill(255), 100, 100, { colorType: 2, depth: 8 }));
    const none = await ben(['--json', 'keys', 'import', blank]);
    expect(none.code).toBe(2);
    expect(none.json()).toMatchObject({ error: { message: 'No QR code found in this picture.', hint: 'Try a sharper photo, or import the invite file.' } });
    expect(readFolderText(benDir).filter((f) => f.name.includes('keys'))).toEqual([]);

    const imported = await ben(['--json', 'keys', 'import', qr], { FLUSS_INVITE_PASSPHRASE: passphrase });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json()).toEqual({ imported: 'f1a000000002', device: 'New Intercom', userId: added, role: 'shared' });
    const code = await ben(['--json', '--role', 'shared', 'codes', 'create', 'New Intercom']);
    expect(code.code, code.stderr).toBe(0);
    expect(code.json()).toMatchObject({ code: { createdBy: added } });
    const settings = await ben(['--json', '--role', 'shared', 'settings', 'set', 'New Intercom', '--max-users', '5']);
    expect(settings.json()).toMatchObject({ error: { code: 'NOT_AUTHORIZED' } });
  });

  it('a tampered invite, a wrong passphrase and a malformed file are each refused with exit 2, writing nothing', async () => {
    const { owner, ben, benDir, site } = installations();
    expect((await owner('claim', 'New Intercom', '--setup-key', SETUP_KEY)).code).toBe(0);
    const out = join(site, 'invite.json');
    const { passphrase } = (await owner('--json', 'users', 'invite', 'New Intercom', 'Anna', '--out', out)).json() as { passphrase: string };

    const tampered = join(site, 'tampered.json');
    writeFileSync(tampered, readFileSync(out, 'utf8').replace('"name": "New Intercom"', '"name": "Front Door"'));
    const changed = await ben(['--json', 'keys', 'import', tampered, '--passphrase', passphrase]);
    expect(changed.code).toBe(2);
    expect(changed.json()).toMatchObject({ error: { message: expect.stringMatching(/changed after the owner made it/) as unknown } });

    const wrong = await ben(['--json', 'keys', 'import', out, '--passphrase', 'aaaa-bbbb-cccc-dddd-eeee']);
    expect(wrong.code).toBe(2);
    expect(wrong.json()).toMatchObject({ error: { message: expect.stringMatching(/passphrase does not open/) as unknown } });

    const malformed = join(site, 'malformed.json');
    writeFileSync(malformed, '{"format":"fluss-invite","version":1,"device":{}}');
    const bad = await ben(['--json', 'keys', 'import', malformed, '--passphrase', passphrase]);
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({ error: { message: expect.stringMatching(/not a valid Fluss\+ invite/) as unknown } });

    const missing = await ben(['--json', 'keys', 'import', join(site, 'nope.json'), '--passphrase', passphrase]);
    expect(missing.code).toBe(2);
    expect(readFolderText(benDir).filter((f) => f.name.includes('keys'))).toEqual([]);
  });

  it('an output folder that cannot be written is refused before the device changes', async () => {
    const { owner, site } = installations();
    expect((await owner('claim', 'New Intercom', '--setup-key', SETUP_KEY)).code).toBe(0);
    // A "folder" that is a file cannot be written to, even by root (which ignores permission bits).
    const notAFolder = join(site, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const refused = await owner('--json', 'users', 'invite', 'New Intercom', 'Anna', '--out', join(notAFolder, 'invite.json'));
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'IO_ERROR', message: expect.stringMatching(/nothing was changed/) as unknown } });
    const users = (await owner('--json', 'users', 'list', 'New Intercom')).json() as { users: unknown[] };
    expect(users.users).toHaveLength(1);
  });

  it('users add takes a label: the device gets a random id, the label stays here', async () => {
    const { owner } = installations();
    expect((await owner('claim', 'New Intercom', '--setup-key', SETUP_KEY)).code).toBe(0);
    const added = await owner('--json', 'users', 'add', 'New Intercom', 'Ben, caretaker');
    expect(added.code, added.stderr).toBe(0);
    const { added: userId } = added.json() as { added: string };
    expect(userId).toMatch(/^u-[0-9a-f]{16}$/);
    expect((await owner('--json', 'users', 'add', 'New Intercom', 'x'.repeat(33))).code).toBe(2);
    const removed = await owner('--json', 'users', 'remove', 'New Intercom', userId);
    expect(removed.json()).toEqual({ removed: userId, label: 'Ben, caretaker' });
  });
});
