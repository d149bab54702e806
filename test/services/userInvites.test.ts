/**
 * The app's side of invites (issue 11, item 6): the owner's window adds a shared user by label and gets an
 * invite; a second installation's services import it, connect as the shared user, create a code, are
 * refused settings, and are refused altogether once the owner removes the user.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, ResultOf } from '../../electron/ipc/contract';
import { createAppServices, type AppServices } from '../../electron/services/appServices';
import { memoryCredentials } from '../../electron/services/nodeStores';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { memoryUserLabels } from '../../electron/invite/userLabels';
import { FRONT_DOOR } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

let owner: ReturnType<typeof servicesOnDemo> | undefined;
let second: AppServices | undefined;
afterEach(async () => {
  await second?.close();
  await owner?.close();
  second = undefined;
  owner = undefined;
});

const okOn = async <T>(services: AppServices, channel: string, payload: unknown) => value((await services.invoke(channel, payload)) as IpcResult<T>);

describe('users.add and access.import', () => {
  it('moves access to a second installation, which is a shared user until removed', async () => {
    owner = servicesOnDemo({ extra: { userLabels: memoryUserLabels() } });
    const added = await okOn<ResultOf<'users.add'>>(owner.services, 'users.add', { deviceId: FRONT_DOOR, label: 'Ben, caretaker' });
    expect(added.invite.passphrase).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){4}$/);
    expect(added.invite.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(added.invite.fileName).toBe('Front-Door-Ben-caretaker.fluss-invite.json');
    expect(JSON.parse(added.invite.text)).toMatchObject({ device: { deviceId: FRONT_DOOR }, user: { userId: added.userId, role: 'shared', label: 'Ben, caretaker' } });
    // The owner's computer keeps no copy of Ben's key: only the invite carries it.
    expect(owner.env.credentials.lookup(FRONT_DOOR, 'shared')?.userId).not.toBe(added.userId);
    await okOn(owner.services, 'intercom.close', { deviceId: FRONT_DOOR });

    second = createAppServices({ transport: owner.env.transport, credentials: memoryCredentials(), prefs: memoryPrefs(), emit: () => undefined, version: 'test', simulated: true, now: owner.env.now, batchMs: 20 });
    const wrong = await second.invoke('access.import', { inviteText: added.invite.text, passphrase: 'aaaa-bbbb-cccc-dddd-eeee' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE', message: expect.stringMatching(/passphrase/) as unknown } });
    const imported = await okOn<ResultOf<'access.import'>>(second, 'access.import', { inviteText: added.invite.text, passphrase: added.invite.passphrase });
    expect(imported).toEqual({ deviceId: FRONT_DOOR, deviceName: 'Front Door', userId: added.userId, role: 'shared' });
    expect(await second.invoke('access.import', { inviteText: added.invite.text, passphrase: added.invite.passphrase })).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_EXISTS' } });

    expect(await okOn(second, 'intercom.open', { deviceId: FRONT_DOOR })).toMatchObject({ role: 'shared', userId: added.userId });
    const code = await okOn<ResultOf<'codes.create'>>(second, 'codes.create', { deviceId: FRONT_DOOR });
    expect(code.code.createdBy).toBe(added.userId);
    const save = await second.invoke('settings.save', { deviceId: FRONT_DOOR, settings: { entryDevice: null, exitDevice: 'same', maxUsers: 5, inviteDurationHours: 12 }, baseRevision: 0 });
    expect(save).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    await okOn(second, 'intercom.close', { deviceId: FRONT_DOOR });

    // Removing the user revokes the invite's key.
    await okOn(owner.services, 'users.remove', { deviceId: FRONT_DOOR, userId: added.userId });
    expect(await okOn(owner.services, 'users.list', { deviceId: FRONT_DOOR })).not.toContainEqual(expect.objectContaining({ userId: added.userId }));
    await okOn(owner.services, 'intercom.close', { deviceId: FRONT_DOOR });
    expect(await second.invoke('intercom.open', { deviceId: FRONT_DOOR })).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
  });

  it('refuses a label that is empty or too long, adding nobody', async () => {
    owner = servicesOnDemo();
    const before = await okOn<unknown[]>(owner.services, 'users.list', { deviceId: FRONT_DOOR });
    for (const label of ['   ', 'x'.repeat(33)]) {
      expect(await owner.services.invoke('users.add', { deviceId: FRONT_DOOR, label })).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE' } });
    }
    expect(await okOn<unknown[]>(owner.services, 'users.list', { deviceId: FRONT_DOOR })).toHaveLength(before.length);
  });

  it('access.inspect says what an invite is for before its passphrase, and refuses QR text that is not an invite', async () => {
    owner = servicesOnDemo({ extra: { userLabels: memoryUserLabels() } });
    const added = await okOn<ResultOf<'users.add'>>(owner.services, 'users.add', { deviceId: FRONT_DOOR, label: 'Ben, caretaker' });
    for (const source of ['file', 'qr'] as const) {
      const summary = await okOn<ResultOf<'access.inspect'>>(owner.services, 'access.inspect', { inviteText: added.invite.text, source });
      expect(summary).toMatchObject({ deviceId: FRONT_DOOR, deviceName: 'Front Door', label: 'Ben, caretaker' });
    }
    expect(await owner.services.invoke('access.inspect', { inviteText: 'hello', source: 'qr' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_VALUE', message: 'This QR code is not a Fluss+ invite.' },
    });
    expect(await owner.services.invoke('access.inspect', { inviteText: 'hello', source: 'file' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_VALUE', message: 'That file is not a Fluss+ invite: it is not JSON.' },
    });
    expect(await owner.services.invoke('access.inspect', { inviteText: 'hello', source: 'camera' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
