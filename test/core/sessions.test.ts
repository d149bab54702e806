/**
 * Device sessions against the simulated site: the real protocol, secure session and firmware models
 * behind the in-process air. Nothing of our own is mocked.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IntercomSession } from '../../electron/core/deviceSession';
import { SessionKeeper } from '../../electron/core/sessionKeeper';
import { applySettingsChange, saveSettings } from '../../electron/core/settingsWrite';
import { SimSite } from '../../electron/sim/simSite';
import { FRONT_DOOR, GARAGE, MAIN_GATE, NEW_INTERCOM, demoSite, openDemo, tempDir } from '../helpers/demo';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');
/** A keeper that cannot reconnect: for tests where the link stays up. */
const keep = (session: IntercomSession) => new SessionKeeper(session, () => Promise.reject(new Error('no reconnect in this test')));
const requestId = () => crypto.randomUUID().replace(/-/g, '');
let demo: ReturnType<typeof openDemo>;
afterEach(async () => demo.close());

describe('scan', () => {
  it('classifies intercoms, gates and other advertisers, one entry per device', async () => {
    demo = openDemo();
    const devices = await demo.commissioner.scan(150);
    const byKind = (kind: string) => devices.filter((d) => d.kind === kind).map((d) => d.name).sort();
    expect(byKind('intercom')).toEqual(['Front Door', 'New Intercom']);
    expect(byKind('gate')).toEqual(['Garage', 'Main Gate', 'Side Gate']);
    expect(byKind('other').length).toBe(demo.site.others.length);
    expect(new Set(devices.map((d) => d.key)).size).toBe(devices.length);
    expect(devices.find((d) => d.deviceId === NEW_INTERCOM)?.claimed).toBe(false);
    expect(devices.find((d) => d.deviceId === FRONT_DOOR)).toMatchObject({ claimed: true, model: 'FI-100', firmware: '1.4.2' });
  });
});

describe('intercom session', () => {
  it('authenticates as owner and reads the One Time Access Settings (demo: Entry Device set, the rest default)', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom('Front Door', {}, async (session) => {
      expect(session.info).toMatchObject({ kind: 'intercom', deviceId: FRONT_DOOR, claimed: true });
      const { settings, revision } = await session.getSettings();
      expect(settings).toEqual({ entryDevice: MAIN_GATE, exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 });
      expect(revision).toBe(0);
      expect(session.stats().pdusOut).toBeGreaterThan(0);
      expect(session.stats().airTimeMs).toBeGreaterThan(0);
    });
  });

  it('saves all four settings atomically and reads them back', async () => {
    demo = openDemo();
    const saved = await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const current = await session.getSettings();
      const next = applySettingsChange(current.settings, { entryDevice: MAIN_GATE, exitDevice: GARAGE, maxUsers: 5, inviteDurationHours: 3 });
      return saveSettings(keep(session), next, current.revision);
    });
    expect(saved).toEqual({ settings: { entryDevice: MAIN_GATE, exitDevice: GARAGE, maxUsers: 5, inviteDurationHours: 3 }, revision: 1 });
  });

  it('a shared user can read settings, but the device refuses their change', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, { role: 'shared' }, async (session) => {
      const current = await session.getSettings();
      await expect(saveSettings(keep(session), { ...current.settings, inviteDurationHours: 2 }, current.revision)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    });
  });

  it('refuses a write based on a stale revision', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const current = await session.getSettings();
      await saveSettings(keep(session), { ...current.settings, maxUsers: 2 }, current.revision);
      await expect(saveSettings(keep(session), { ...current.settings, maxUsers: 25 }, current.revision)).rejects.toMatchObject({ code: 'STALE_REVISION' });
    });
  });

  it('after a lost reply it reconnects, asks again with the same request id, and the change applies once', async () => {
    demo = openDemo();
    demo.transport.faults.loseReplies.set(addressOf(FRONT_DOOR), 0);
    const progress: string[] = [];
    const events: string[] = [];
    const saved = await demo.commissioner.withReconnectingIntercom(FRONT_DOOR, { timeoutMs: 300 }, async (keeper) => {
      const current = await keeper.session.getSettings();
      keeper.session.onEvent((e) => events.push(e.type));
      demo.transport.faults.loseReplies.set(addressOf(FRONT_DOOR), 1);
      return saveSettings(keeper, { ...current.settings, maxUsers: 50 }, current.revision, {
        timeoutMs: 300,
        onProgress: (p) => progress.push(p.phase),
      });
    });
    expect(progress).toEqual(['writing', 'retrying', 'verifying']);
    expect(saved).toMatchObject({ revision: 1, settings: { maxUsers: 50 } });
    const audit = await demo.commissioner.withIntercom(FRONT_DOOR, {}, (s) => s.readAudit(1, 200));
    expect(audit.entries.filter((e) => e.type === 'settings.changed')).toHaveLength(1);
  });

  it('refuses a disallowed value before it reaches the device, naming the allowed values', () => {
    expect(() => applySettingsChange({ entryDevice: null, exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 }, { maxUsers: 7 as 10 })).toThrow(
      /1, 2, 5, 10, 25, 50/,
    );
  });

  it('creates, lists and revokes codes, and the digits appear only in the create reply', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const current = await session.getSettings();
      await saveSettings(keep(session), { ...current.settings, entryDevice: MAIN_GATE }, current.revision);
      const created = await session.createCode(requestId());
      expect(created.digits).toMatch(/^\d{4}$/);
      const listed = await session.listCodes();
      expect(listed.map((c) => c.codeId)).toContain(created.code.codeId);
      expect(JSON.stringify(listed)).not.toContain(created.digits);
      const revoked = await session.revokeCode(created.code.codeId);
      expect(revoked.state).toBe('revoked');
      expect(await session.keypadEnter(created.digits)).toEqual({ outcome: 'refused', reason: 'revoked' });
    });
  });

  it('streams the device events live, without code digits', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const events: { type: string }[] = [];
      session.onEvent((e) => events.push(e));
      const current = await session.getSettings();
      await saveSettings(keep(session), { ...current.settings, entryDevice: MAIN_GATE }, current.revision);
      const created = await session.createCode(requestId());
      await new Promise((r) => setTimeout(r, 20));
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['settings.changed', 'code.created']));
      expect(JSON.stringify(events)).not.toContain(created.digits);
    });
  });

  it('rejects a key the device does not know with AUTH_FAILED', async () => {
    demo = openDemo();
    const device = await demo.commissioner.find(FRONT_DOOR, 'intercom');
    await expect(
      IntercomSession.connect(demo.transport, { address: device.address, label: device.name }, { userId: 'demo-owner', key: new Uint8Array(32).fill(7) }, { trust: SIMULATED_SITE_TRUST }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('reports a dropped link as DISCONNECTED instead of hanging', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const lost = new Promise<string>((resolve) => session.onDisconnect(resolve));
      const pending = session.getSettings();
      demo.transport.cutLinks(addressOf(FRONT_DOOR));
      await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
      expect(await lost).toMatch(/link lost/);
      expect(session.connected).toBe(false);
      await expect(session.getSettings()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    });
  });

  it('times out, with a clear message, when the device stops answering', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      demo.transport.faults.loseReplies.set(addressOf(session.info.deviceId), 1000);
      await expect(session.getSettings({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/did not finish within 0\.1 s/) as string });
    });
  });

  it('stops at once when the caller cancels', async () => {
    demo = openDemo();
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const controller = new AbortController();
      const pending = session.getSettings({ signal: controller.signal });
      controller.abort();
      await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    });
  });
});

describe('first-time setup', () => {
  it('claims an unclaimed intercom with its setup key; afterwards the owner key works and the setup key does not', async () => {
    demo = openDemo();
    const setupKey = new Uint8Array(Buffer.from('d34e19303fdf180c472fae1213eb49f1', 'hex'));
    const info = await demo.commissioner.claim('New Intercom', setupKey, { ownerUserId: 'alice' });
    expect(info.deviceId).toBe(NEW_INTERCOM);
    expect(demo.local.lookup(NEW_INTERCOM, 'owner')?.userId).toBe('alice');
    const users = await demo.commissioner.withIntercom(NEW_INTERCOM, {}, (s) => s.listUsers());
    expect(users).toEqual([{ userId: 'alice', role: 'owner' }]);
    const device = await demo.commissioner.find(NEW_INTERCOM, 'intercom');
    expect(device.claimed).toBe(true);
    await expect(
      IntercomSession.connect(demo.transport, { address: device.address, label: device.name }, { userId: 'setup', key: setupKey }, { trust: SIMULATED_SITE_TRUST }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('refuses a wrong setup key', async () => {
    demo = openDemo();
    await expect(demo.commissioner.claim('New Intercom', new Uint8Array(16))).rejects.toMatchObject({ code: 'AUTH_FAILED', message: 'New Intercom did not accept this setup key.' });
  });

  it('the owner adds a shared user, who can then create codes but not change settings', async () => {
    demo = openDemo();
    const key = new Uint8Array(32).fill(9);
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (s) => {
      const current = await s.getSettings();
      await saveSettings(keep(s), { ...current.settings, entryDevice: MAIN_GATE }, current.revision);
      await s.addSharedUser('bob', key);
    });
    demo.local.remember(FRONT_DOOR, { userId: 'bob', role: 'shared', key });
    await demo.commissioner.withIntercom(FRONT_DOOR, { role: 'shared' }, async (s) => {
      expect(s.identity).toBe('bob');
      expect((await s.createCode(requestId())).digits).toMatch(/^\d{4}$/);
      await expect(s.listUsers()).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    });
  });
});

describe('gate session', () => {
  it('identify makes the gate report an identify event', async () => {
    demo = openDemo();
    await demo.commissioner.withGate('Main Gate', {}, async (gate) => {
      const events: string[] = [];
      gate.onEvent((e) => events.push(e.type));
      await gate.identify();
      await new Promise((r) => setTimeout(r, 20));
      expect(events).toContain('gate.identify');
    });
  });
});

describe('state survives between runs', () => {
  it('a second site opened on the same state file sees the first one’s settings and codes', async () => {
    const statePath = join(tempDir(), 'state.json');
    demo = openDemo({ statePath });
    const created = await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (s) => {
      const current = await s.getSettings();
      await saveSettings(keep(s), { ...current.settings, entryDevice: MAIN_GATE, maxUsers: 25 }, current.revision);
      return s.createCode(requestId());
    });
    await demo.close();
    const reopened = new SimSite({ site: demoSite(), statePath });
    expect(reopened.notices).toEqual([]);
    demo = openDemo({ statePath });
    await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (s) => {
      expect((await s.getSettings()).settings.maxUsers).toBe(25);
      expect((await s.listCodes()).map((c) => c.codeId)).toContain(created.code.codeId);
      expect((await s.keypadEnter(created.digits)).outcome).toBe('entry');
    });
  });
});
