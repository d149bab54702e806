/** What a window does with `device.resynced` (after an event gap): refresh what it shows, keep a draft, say so. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceResynced } from '../../electron/ipc/contract';
import type { AuditEntry } from '../../electron/protocol/messages';
import { setApi } from '../../renderer/src/api';
import { loadSettings } from '../../renderer/src/effects/settings';
import { onDeviceResynced } from '../../renderer/src/effects/resync';
import { onDeviceEvents, openIntercom } from '../../renderer/src/effects/session';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { fakeApi, ok, type FakeApi } from './fakeApi';
import { INTERCOM, sessionView, snapshot } from './fixtures';

let fake: FakeApi;
const MESSAGE = 'Front Door sent events this app did not receive (2 missed). The codes, settings and users shown were read again.';
const entry = (seq: number, codeId: string): AuditEntry => ({ seq, at: 1_000 + seq, type: 'code.created', actor: 'demo-shared', detail: { codeId } });
const code = (codeId: string) => ({ codeId, state: 'active' as const, createdAt: 1, expiresAt: 2, createdBy: 'demo-shared' });

function resynced(extra: Partial<DeviceResynced> = {}): DeviceResynced {
  return {
    deviceId: INTERCOM,
    deviceName: 'Front Door',
    missed: 2,
    codes: { codes: [code('0000000a'), code('0000000b'), code('0000000c')], deviceNow: 5, labels: { '0000000a': 'Anna' }, maxActive: 10 },
    settings: snapshot(4),
    users: [
      { userId: 'demo-owner', role: 'owner' },
      { userId: 'demo-shared', role: 'shared' },
    ],
    events: [entry(1, '0000000a'), entry(2, '0000000b')],
    message: MESSAGE,
    ...extra,
  };
}

beforeEach(async () => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
  fake.handle('intercom.open', () => ok(sessionView('owner')));
  fake.handle('users.list', () => ok([{ userId: 'demo-owner', role: 'owner' as const }]));
  fake.handle('settings.get', () => ok(snapshot(3)));
  await openIntercom(INTERCOM);
  useStore.setState({ codes: { status: 'ready', value: { codes: [], deviceNow: 0, fetchedAt: 0, labels: {} } } });
});

describe('device.resynced', () => {
  it('replaces the codes, users and settings shown, fills Live events without repeats, and says so politely', async () => {
    await loadSettings(INTERCOM);
    onDeviceEvents([{ deviceId: INTERCOM, event: entry(3, '0000000c') }]);
    onDeviceResynced(resynced({ events: [entry(1, '0000000a'), entry(2, '0000000b'), entry(3, '0000000c')] }));
    const s = useStore.getState();
    expect(s.codes).toMatchObject({ status: 'ready', value: { codes: resynced().codes?.codes, labels: { '0000000a': 'Anna' }, maxActive: 10 } });
    expect(s.users).toEqual({ status: 'ready', value: resynced().users });
    expect(s.settings).toMatchObject({ status: 'ready', snapshot: snapshot(4), draft: snapshot(4).settings });
    expect(s.events.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(s.notice).toMatchObject({ kind: 'info', text: MESSAGE });
  });

  it('keeps a draft being edited, on the revision it was based on (its save is then refused as stale, never silently over)', async () => {
    await loadSettings(INTERCOM);
    useStore.getState().setDraft({ maxUsers: 5 });
    onDeviceResynced(resynced());
    expect(useStore.getState().settings).toMatchObject({ status: 'ready', snapshot: { revision: 3 }, draft: { maxUsers: 5 } });
    expect(useStore.getState().codes).toMatchObject({ status: 'ready', value: { codes: resynced().codes?.codes } });
  });

  it("leaves a window showing another intercom alone", () => {
    onDeviceResynced(resynced({ deviceId: 'f1a000000002', deviceName: 'New Intercom' }));
    expect(useStore.getState().codes).toMatchObject({ status: 'ready', value: { codes: [] } });
    expect(useStore.getState().notice).toBeNull();
  });

  it('says what could not be read again, and what to do, as an error notice', () => {
    const error = { code: 'DISCONNECTED' as const, message: 'Front Door stopped answering (the Bluetooth link was lost).', hint: 'Move closer and press Reconnect.' };
    const message = `Front Door sent events this app did not receive (2 missed). Reading what is shown again did not work: ${error.message}`;
    onDeviceResynced({ deviceId: INTERCOM, deviceName: 'Front Door', missed: 2, message, error });
    expect(useStore.getState().notice).toMatchObject({ kind: 'error', text: message, hint: error.hint });
    expect(useStore.getState().codes).toMatchObject({ status: 'ready', value: { codes: [] } });
  });
});
