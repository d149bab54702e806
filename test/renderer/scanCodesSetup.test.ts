import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../renderer/src/api';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { scannedGates, visibleDevices } from '../../renderer/src/store/scanSlice';
import { liveCodes, timeLeft } from '../../renderer/src/store/codesSlice';
import { isUserId, normalizeSetupKey } from '../../renderer/src/store/setupSlice';
import { bootstrap } from '../../renderer/src/effects/app';
import { createCode, revokeCode } from '../../renderer/src/effects/codes';
import { claimIntercom } from '../../renderer/src/effects/setup';
import { identifyGate } from '../../renderer/src/effects/scan';
import { signalBars } from '../../renderer/src/components/SignalBars';
import type { CodeSummary } from '../../electron/protocol/messages';
import { err, fakeApi, ok, type FakeApi } from './fakeApi';
import { INTERCOM, MAIN_GATE, scanList, sessionView } from './fixtures';

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
});

describe('scan', () => {
  it('hides unrelated advertisers by default and sorts by signal', () => {
    const list = visibleDevices(scanList(), { query: '', kindFilter: 'all', sortOrder: 'signal', showOthers: false });
    expect(list.map((d) => d.name)).toEqual(['Front Door', 'Main Gate', 'New Intercom', 'Garage']);
    const all = visibleDevices(scanList(), { query: '', kindFilter: 'all', sortOrder: 'signal', showOthers: true });
    expect(all[0]?.name).toBe('Pixel 8');
  });

  it('filters by kind and search text', () => {
    expect(visibleDevices(scanList(), { query: 'gar', kindFilter: 'all', sortOrder: 'name', showOthers: false }).map((d) => d.name)).toEqual(['Garage']);
    expect(visibleDevices(scanList(), { query: '', kindFilter: 'intercom', sortOrder: 'name', showOthers: true }).map((d) => d.name)).toEqual([
      'Front Door',
      'New Intercom',
    ]);
  });

  it('offers only scanned gates to the pickers, strongest first', () => {
    expect(scannedGates(scanList()).map((g) => g.name)).toEqual(['Main Gate', 'Garage']);
  });

  it('shows signal as 0–4 bars', () => {
    expect([-50, -65, -75, -85, -95].map(signalBars)).toEqual([4, 3, 2, 1, 0]);
  });

  it('bootstrap wires scan events into the store and starts the scan', () => {
    const stop = bootstrap();
    fake.emit('scan.devices', { type: 'snapshot', seq: 1, devices: scanList() });
    expect(useStore.getState().devices).toHaveLength(5);
    expect(fake.calls.map((c) => c.channel)).toEqual(expect.arrayContaining(['scan.start', 'app.status', 'prefs.get']));
    stop();
  });

  it('identify records a failure with its hint', async () => {
    fake.handle('gate.identify', () => err('GATE_UNREACHABLE', 'Main Gate does not answer.', 'Move closer.'));
    await identifyGate(MAIN_GATE);
    expect(useStore.getState().identify[MAIN_GATE]).toMatchObject({ status: 'failed', error: { hint: 'Move closer.' } });
  });
});

describe('codes', () => {
  const code = { codeId: 'abcd0123', state: 'active' as const, createdBy: 'demo-owner', createdAt: 0, expiresAt: 3 * 3_600_000 + 12 * 60_000 };

  it('computes time left from the device clock', () => {
    expect(timeLeft(code.expiresAt, { deviceNow: 0, fetchedAt: 1000 }, 1000)).toBe('3 h 12 min left');
    expect(timeLeft(code.expiresAt, { deviceNow: 3 * 3_600_000, fetchedAt: 0 }, 0)).toBe('12 min left');
    expect(timeLeft(code.expiresAt, { deviceNow: code.expiresAt, fetchedAt: 0 }, 0)).toBe('Expired');
    // A screen clock that last ticked before the list was fetched does not add time.
    expect(timeLeft(code.expiresAt, { deviceNow: 0, fetchedAt: 5000 }, 1000)).toBe('3 h 12 min left');
  });

  it('lists only codes that can still open a gate', () => {
    expect(liveCodes([code, { ...code, codeId: 'ffff0000', state: 'revoked' }, { ...code, codeId: 'eeee0000', state: 'entered' }])).toHaveLength(2);
  });

  it('shows new digits once, then revoke refreshes the list', async () => {
    let codes: CodeSummary[] = [code];
    fake.handle('codes.create', () => ok({ code, digits: '4821' }));
    fake.handle('codes.list', () => ok({ codes, deviceNow: 0, labels: {} }));
    fake.handle('codes.revoke', () => {
      codes = [{ ...code, state: 'revoked' }];
      return ok(codes[0] ?? code);
    });
    await createCode(INTERCOM);
    expect(useStore.getState().newCode?.digits).toBe('4821');
    await revokeCode(INTERCOM, code.codeId);
    const list = useStore.getState().codes;
    expect(list.status === 'ready' && liveCodes(list.value.codes)).toEqual([]);
    expect(useStore.getState().notice?.text).toMatch(/revoked/);
  });
});

describe('first-time setup', () => {
  it('validates the setup key before sending anything', async () => {
    expect(normalizeSetupKey('d34e-1930-3fdf-180c-472f-ae12-13eb-49f1')).toBe('d34e19303fdf180c472fae1213eb49f1');
    expect(normalizeSetupKey('d34e-1930')).toBeNull();
    expect(normalizeSetupKey('z34e-1930-3fdf-180c-472f-ae12-13eb-49f1')).toBeNull();
    expect(await claimIntercom(INTERCOM, 'not-a-key')).toBe(false);
    expect(fake.calls).toHaveLength(0);
    expect(useStore.getState().claim).toMatchObject({ status: 'failed', error: { code: 'INVALID_VALUE' } });
  });

  it('checks user ids like the device does', () => {
    expect(isUserId('tech-1')).toBe(true);
    expect(isUserId('Tech')).toBe(false);
    expect(isUserId('')).toBe(false);
  });

  it('claims, then opens Device Details as owner', async () => {
    fake.handle('setup.claim', () => ok({ ...sessionView().info, claimed: true }));
    fake.handle('intercom.open', () => ok(sessionView('owner')));
    fake.handle('users.list', () => ok([{ userId: 'tech', role: 'owner' as const }]));
    expect(await claimIntercom(INTERCOM, 'D34E-1930-3FDF-180C-472F-AE12-13EB-49F1')).toBe(true);
    expect(fake.calls[0]).toEqual({ channel: 'setup.claim', request: { deviceId: INTERCOM, setupKey: 'd34e19303fdf180c472fae1213eb49f1' } });
    expect(useStore.getState().route).toEqual({ screen: 'device', deviceId: INTERCOM });
    expect(useStore.getState().session.status).toBe('open');
  });

  it('shows the device refusal with its hint', async () => {
    fake.handle('setup.claim', () => err('AUTH_FAILED', 'The setup key is wrong.', 'Check the label.'));
    expect(await claimIntercom(INTERCOM, 'd34e19303fdf180c472fae1213eb49f0')).toBe(false);
    expect(useStore.getState().claim).toMatchObject({ status: 'failed', error: { hint: 'Check the label.' } });
  });
});
