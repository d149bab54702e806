/**
 * The main-process services against the simulated demo site: the real protocol, secure session and
 * firmware models; nothing of our own is mocked. Calls go through `invoke`, as both hosts' IPC does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, ResultOf } from '../../electron/ipc/contract';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { FRONT_DOOR, GARAGE, MAIN_GATE, NEW_INTERCOM } from '../helpers/demo';
import { ADAPTER_PROBLEM, servicesOnDemo, value, waitForScan } from './harness';

let app: ReturnType<typeof servicesOnDemo>;
afterEach(async () => app.close());

const call = async (channel: string, request: unknown) => app.services.invoke(channel, request);
const ok = async <T>(channel: string, request: unknown) => value((await call(channel, request)) as IpcResult<T>);

describe('app status and preferences', () => {
  it('says the simulated site is open and why', async () => {
    app = servicesOnDemo();
    expect(await ok('app.status', {})).toEqual({ transport: 'sim', simulated: true, adapterProblem: ADAPTER_PROBLEM, siteName: 'Demo site', version: '0.0.0-test' });
  });

  it('saves and reads preferences', async () => {
    app = servicesOnDemo();
    expect(await ok('prefs.set', { technicianName: '  Ana  ' })).toEqual({ technicianName: 'Ana', showOtherDevices: false });
    expect(await ok('prefs.get', {})).toEqual({ technicianName: 'Ana', showOtherDevices: false });
  });
});

describe('settings', () => {
  it('round-trips One Time Access Settings: get, save all four, get again', async () => {
    app = servicesOnDemo();
    const session = await ok<ResultOf<'intercom.open'>>('intercom.open', { deviceId: FRONT_DOOR });
    expect(session).toMatchObject({ role: 'owner', userId: 'demo-owner', info: { deviceId: FRONT_DOOR, name: 'Front Door' } });
    const before = await ok<ResultOf<'settings.get'>>('settings.get', { deviceId: FRONT_DOOR });
    expect(before.settings.entryDevice).toBe(MAIN_GATE);
    const settings = { entryDevice: MAIN_GATE, exitDevice: GARAGE, maxUsers: 5, inviteDurationHours: 3 };
    const saved = await ok<ResultOf<'settings.save'>>('settings.save', { deviceId: FRONT_DOOR, settings, baseRevision: before.revision });
    expect(saved).toEqual({ settings, revision: before.revision + 1 });
    expect(await ok('settings.get', { deviceId: FRONT_DOOR })).toEqual(saved);
    await app.waitFor('device.events', (batch) => batch.some((e) => e.deviceId === FRONT_DOOR && e.event.type === 'settings.changed'));
  });

  it("refuses a shared user's change as data (NOT_AUTHORIZED), leaving the settings as they were", async () => {
    app = servicesOnDemo();
    expect(await ok('intercom.open', { deviceId: FRONT_DOOR, role: 'shared' })).toMatchObject({ role: 'shared', userId: 'demo-shared' });
    const before = await ok<ResultOf<'settings.get'>>('settings.get', { deviceId: FRONT_DOOR });
    const refused = await call('settings.save', { deviceId: FRONT_DOOR, settings: { ...before.settings, maxUsers: 50 }, baseRevision: before.revision });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(await ok('settings.get', { deviceId: FRONT_DOOR })).toEqual(before);
  });

  it('reports a stale revision as data', async () => {
    app = servicesOnDemo();
    const before = await ok<ResultOf<'settings.get'>>('settings.get', { deviceId: FRONT_DOOR });
    await ok('settings.save', { deviceId: FRONT_DOOR, settings: { ...before.settings, maxUsers: 2 }, baseRevision: before.revision });
    const stale = await call('settings.save', { deviceId: FRONT_DOOR, settings: { ...before.settings, maxUsers: 25 }, baseRevision: before.revision });
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE_REVISION' } });
  });
});

describe('codes', () => {
  it('creates a code (digits once), lists it with the device clock, revokes it', async () => {
    app = servicesOnDemo();
    const created = await ok<ResultOf<'codes.create'>>('codes.create', { deviceId: FRONT_DOOR });
    expect(created.digits).toMatch(/^\d{4}$/);
    const listed = await ok<ResultOf<'codes.list'>>('codes.list', { deviceId: FRONT_DOOR });
    expect(listed.codes.find((c) => c.codeId === created.code.codeId)).toMatchObject({ state: 'active' });
    expect(JSON.stringify(listed)).not.toContain(`"${created.digits}"`);
    expect(Math.abs(listed.deviceNow - app.env.now())).toBeLessThan(2000);
    const revoked = await ok<ResultOf<'codes.revoke'>>('codes.revoke', { deviceId: FRONT_DOOR, codeId: created.code.codeId });
    expect(revoked.state).toBe('revoked');
    const missing = await call('codes.revoke', { deviceId: FRONT_DOOR, codeId: '00000000' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'CODE_NOT_FOUND' } });
  });

  it('reports the device clock when the simulated time runs ahead', async () => {
    app = servicesOnDemo();
    app.env.site.advanceClock(3 * 3_600_000);
    const listed = await ok<ResultOf<'codes.list'>>('codes.list', { deviceId: FRONT_DOOR });
    expect(listed.deviceNow - Date.now()).toBeGreaterThan(3 * 3_600_000 - 2000);
  });
});

describe('test-fire', () => {
  it('runs end to end with progress and a passing report', async () => {
    app = servicesOnDemo();
    const { runId } = await ok<ResultOf<'testFire.start'>>('testFire.start', { deviceId: FRONT_DOOR });
    expect(runId).toMatch(/^[0-9a-f]{16}$/);
    const done = await app.waitFor('testFire.done', (d) => d.runId === runId, 15_000);
    expect(done.report.passed).toBe(true);
    expect(done.report.steps.map((s) => s.status)).toEqual(Array(7).fill('passed'));
    const progress = app.of('testFire.progress').filter((p) => p.runId === runId);
    expect(progress.length).toBeGreaterThan(7);
    expect(progress.some((p) => p.steps.some((s) => s.id === 'entry' && s.status === 'running'))).toBe(true);
    const codes = await ok<ResultOf<'codes.list'>>('codes.list', { deviceId: FRONT_DOOR });
    expect(codes.codes.filter((c) => c.state === 'active')).toEqual([]);
  });

  it('cancels a run and leaves no test code active', async () => {
    app = servicesOnDemo();
    const { runId } = await ok<ResultOf<'testFire.start'>>('testFire.start', { deviceId: FRONT_DOOR });
    await app.waitFor('testFire.progress', (p) => p.runId === runId && p.steps.some((s) => s.id === 'create' && s.status === 'passed'));
    expect(await ok('testFire.cancel', { runId })).toBeNull();
    const done = await app.waitFor('testFire.done', (d) => d.runId === runId, 15_000);
    expect(done.report.passed).toBe(false);
    expect(done.report.codeLeftActive).toBe(false);
    expect(done.report.steps.find((s) => s.status === 'failed')?.error?.code).toBe('ABORTED');
    const codes = await ok<ResultOf<'codes.list'>>('codes.list', { deviceId: FRONT_DOOR });
    expect(codes.codes.filter((c) => c.state === 'active' || c.state === 'entered')).toEqual([]);
    expect(await call('testFire.cancel', { runId: '0123456789abcdef' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses to run as a shared user', async () => {
    app = servicesOnDemo();
    await ok('intercom.open', { deviceId: FRONT_DOOR, role: 'shared' });
    expect(await call('testFire.start', { deviceId: FRONT_DOOR })).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
  });
});

describe('first-time setup and users', () => {
  it('claims the new intercom with its setup key and then opens it as owner', async () => {
    app = servicesOnDemo();
    expect(await call('intercom.open', { deviceId: NEW_INTERCOM })).toMatchObject({ ok: false, error: { code: 'NOT_CLAIMED' } });
    const bad = await call('setup.claim', { deviceId: NEW_INTERCOM, setupKey: 'not-a-key' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE' } });
    const info = await ok<ResultOf<'setup.claim'>>('setup.claim', { deviceId: NEW_INTERCOM, setupKey: 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1' });
    expect(info).toMatchObject({ deviceId: NEW_INTERCOM, claimed: true });
    // The owner's user id is random per installation and device, never a name (security issue #9, finding 10).
    const opened = await ok<{ role: string; userId: string }>('intercom.open', { deviceId: NEW_INTERCOM });
    expect(opened).toMatchObject({ role: 'owner', userId: expect.stringMatching(/^u-[0-9a-f]{16}$/) as string });
    expect(await ok('users.list', { deviceId: NEW_INTERCOM })).toEqual([{ userId: opened.userId, role: 'owner' }]);
  });

  it('adds a shared user by label with a random id and an invite, and removes them', async () => {
    app = servicesOnDemo();
    const added = await ok<ResultOf<'users.add'>>('users.add', { deviceId: FRONT_DOOR, label: 'Ben, caretaker' });
    expect(added).toMatchObject({ userId: expect.stringMatching(/^u-[0-9a-f]{16}$/) as string, label: 'Ben, caretaker' });
    expect(await ok('users.list', { deviceId: FRONT_DOOR })).toContainEqual({ userId: added.userId, role: 'shared', label: 'Ben, caretaker' });
    expect(await ok('users.remove', { deviceId: FRONT_DOOR, userId: added.userId })).toBeNull();
    // Device Details' history, newest first and in people's words: this computer's label for the user it added.
    const audit = await ok<ResultOf<'audit.read'>>('audit.read', { deviceId: FRONT_DOOR });
    expect(audit.rows[0]).toMatchObject({ type: 'user.removed', kind: 'users', who: 'You' });
    expect(audit.rows[1]).toMatchObject({ type: 'user.added', text: 'You added Ben, caretaker as a shared user' });
    expect(audit.rows.map((r) => r.seq)).toEqual([...audit.rows.map((r) => r.seq)].sort((a, b) => b - a));
  });
});

describe('scan, gates and connections', () => {
  it('streams the live scan, coalesced, while sessions find devices', async () => {
    app = servicesOnDemo();
    expect(await ok('scan.start', {})).toBeNull();
    const list = await waitForScan(app, (devices) => devices.filter((d) => d.kind === 'gate').length === 3);
    expect(list.find((d) => d.deviceId === FRONT_DOOR)).toMatchObject({ kind: 'intercom', name: 'Front Door', claimed: true });
    await ok('settings.get', { deviceId: FRONT_DOOR }); // finding the intercom must not stop the live scan
    const count = app.of('scan.devices').length;
    // Signals wander (the simulator's noise) and last-heard times advance: the stream goes on.
    await waitForScan(app, () => app.of('scan.devices').length > count);
    expect(app.of('scan.devices')[0]?.type).toBe('snapshot');
    expect(await ok('scan.stop', {})).toBeNull();
  });

  it('identifies a gate and reads device info without a session', async () => {
    app = servicesOnDemo();
    expect(await ok('gate.identify', { deviceId: MAIN_GATE })).toBeNull();
    expect(await ok('device.info', { deviceId: NEW_INTERCOM })).toMatchObject({ kind: 'intercom', claimed: false });
  });

  it('reports a lost link and reconnects on the next call', async () => {
    app = servicesOnDemo();
    await ok('intercom.open', { deviceId: FRONT_DOOR });
    app.env.transport.cutLinks(FRONT_DOOR.replace(/(..)(?!$)/g, '$1:'));
    await app.waitFor('connection.state', (s) => s.deviceId === FRONT_DOOR && s.state === 'lost');
    await ok('settings.get', { deviceId: FRONT_DOOR });
    const states = app.of('connection.state').map((s) => s.state);
    expect(states).toEqual(['connected', 'lost', 'connected']);
  });

  it('answers a device that is not there with DEVICE_NOT_FOUND', async () => {
    app = servicesOnDemo();
    expect(await call('settings.get', { deviceId: 'abcdefabcdef' })).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_FOUND' } });
  }, 10_000);
});

describe('devices seen', () => {
  it('remembers the intercoms and gates a scan heard, with the site', async () => {
    const prefs = memoryPrefs();
    app = servicesOnDemo({ prefs });
    await ok('scan.start', {});
    await waitForScan(app, (devices) => devices.filter((d) => d.kind !== 'other').length === 5);
    await ok('scan.stop', {});
    const seen = prefs.devicesSeen();
    expect(seen.map((d) => d.name).sort()).toEqual(['Front Door', 'Garage', 'Main Gate', 'New Intercom', 'Side Gate']);
    expect(seen.every((d) => d.site === 'Demo site')).toBe(true);
  });
});
