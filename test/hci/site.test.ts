/**
 * The demo site over the real stacks: noble (through NobleTransport) <-> virtual controllers <-> bleno hosting
 * the firmware models, one bleno and one controller per device, all in this process. The core's
 * Commissioner drives it exactly as it drives the in-process simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRONT_DOOR, GARAGE, MAIN_GATE, NEW_INTERCOM, demoSite } from '../helpers/demo';
import { openSiteOverHci, realStackAvailable } from '../helpers/hciHarness';

const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');
const run = realStackAvailable();
let site: Awaited<ReturnType<typeof openSiteOverHci>>;

describe.runIf(run)('demo site over noble, virtual controllers and bleno', () => {
  beforeAll(async () => {
    site = await openSiteOverHci(demoSite());
  });
  afterAll(async () => {
    await site.rig.close();
  });

  it('scan classifies the intercoms, gates and other advertisers', async () => {
    const devices = await site.commissioner.scan(800);
    const byKind = (kind: string) => devices.filter((d) => d.kind === kind).map((d) => d.name).sort();
    expect(byKind('intercom')).toEqual(['Front Door', 'New Intercom']);
    expect(byKind('gate')).toEqual(['Garage', 'Main Gate', 'Side Gate']);
    expect(byKind('other').length).toBe(site.sim.options.site.others.length);
    expect(devices.find((d) => d.deviceId === NEW_INTERCOM)?.claimed).toBe(false);
    expect(devices.find((d) => d.deviceId === FRONT_DOOR)).toMatchObject({ claimed: true, model: 'FI-100', firmware: '1.4.2' });
    // RSSI is the site's value plus the air's noise, smoothed by the scanner.
    expect(Math.abs((devices.find((d) => d.deviceId === FRONT_DOOR)?.rssi ?? 0) - -58)).toBeLessThan(8);
  });

  it('authenticates as owner, saves settings and reads them back', async () => {
    const info = await site.commissioner.withIntercom('Front Door', {}, (session) => {
      expect(session.stats().pdusOut).toBeGreaterThan(0);
      return Promise.resolve(session.info);
    });
    expect(info).toMatchObject({ kind: 'intercom', deviceId: FRONT_DOOR, claimed: true });
    const saved = await site.commissioner.saveSettings('Front Door', { entryDevice: MAIN_GATE, exitDevice: GARAGE, maxUsers: 5, inviteDurationHours: 3 });
    expect(saved.settings).toEqual({ entryDevice: MAIN_GATE, exitDevice: GARAGE, maxUsers: 5, inviteDurationHours: 3 });
    // A new session reads the same back from the device, and the air counted the exchanges.
    const again = await site.commissioner.withIntercom(FRONT_DOOR, {}, (session) => session.getSettings());
    expect(again).toEqual(saved);
    const stats = site.rig.air.linkStats(addressOf(FRONT_DOOR));
    expect(stats.length).toBeGreaterThanOrEqual(2);
    expect(stats[0]?.attPdusOut).toBeGreaterThan(5);
    expect(stats[0]?.airTimeUs).toBeGreaterThan(0);
  });

  it('a link lost mid-session is reported as DISCONNECTED and nothing hangs', async () => {
    await site.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      const lost = new Promise<string>((resolve) => session.onDisconnect(resolve));
      site.rig.air.loseLinks(addressOf(FRONT_DOOR));
      const started = Date.now();
      await expect(session.getSettings({ timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'DISCONNECTED' });
      expect(await lost).toMatch(/supervision timeout/);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });

  it('a link dropped after the Nth ACL packet is reported as DISCONNECTED', async () => {
    site.rig.air.faults.dropAfterAclPackets.set(addressOf(FRONT_DOOR), 30);
    const outcome = await site.commissioner
      .withIntercom(FRONT_DOOR, {}, async (session) => {
        for (let i = 0; i < 20; i++) await session.getSettings({ timeoutMs: 5_000 });
        return 'finished';
      })
      .catch((error: unknown) => error);
    expect(outcome).toMatchObject({ code: 'DISCONNECTED' });
    // The next link is healthy again.
    expect((await site.commissioner.withIntercom(FRONT_DOOR, {}, (s) => s.getSettings())).settings.maxUsers).toBe(5);
  });

  it('a save whose link drops mid-write reconnects, and the device holds exactly the new settings', async () => {
    // A save opens a session and reads the settings first: on a clean link that costs `before` ACL packets
    // (with the GATT cache as warm as it is for the save), so packet before + 1 is the settings.set write.
    // The device applies it and its reply is lost with the link, so the app must retry and read back.
    await site.commissioner.withIntercom(FRONT_DOOR, {}, (s) => s.getSettings());
    const before = site.rig.air.linkStats(addressOf(FRONT_DOOR)).at(-1)?.aclPackets ?? 0;
    expect(before).toBeGreaterThan(10);
    site.rig.air.faults.dropAfterAclPackets.set(addressOf(FRONT_DOOR), before + 1);
    const saved = await site.commissioner.saveSettings(FRONT_DOOR, { maxUsers: 25 });
    expect(saved.settings).toMatchObject({ maxUsers: 25, entryDevice: MAIN_GATE });
    const links = site.rig.air.linkStats(addressOf(FRONT_DOOR));
    expect(links.at(-2)?.aclPackets).toBe(before + 1);
    expect((await site.commissioner.withIntercom(FRONT_DOOR, {}, (s) => s.getSettings())).settings).toEqual(saved.settings);
  });

  it('a peer whose host stops answering fails with TIMEOUT within the core timeout', async () => {
    await site.commissioner.withIntercom(FRONT_DOOR, {}, async (session) => {
      site.rig.air.faults.silentHosts.add(addressOf(FRONT_DOOR));
      try {
        const started = Date.now();
        await expect(session.getSettings({ timeoutMs: 800 })).rejects.toMatchObject({ code: 'TIMEOUT' });
        expect(Date.now() - started).toBeLessThan(1_500);
      } finally {
        site.rig.air.faults.silentHosts.delete(addressOf(FRONT_DOOR));
      }
    });
  });

  it('test-fire passes end to end with the intercom and the gate connected at the same time', async () => {
    const report = await site.commissioner.testFire(FRONT_DOOR, {});
    expect(report.steps.map((s) => `${s.id}:${s.status}`)).toEqual(report.steps.map((s) => `${s.id}:passed`));
    expect(report.passed).toBe(true);
    expect(report.steps.find((s) => s.id === 'entry')?.detail).toMatch(/Main Gate fired/);
    // Both links were up together: the gate's link was made while the intercom's was open.
    const intercom = site.rig.air.history.filter((h) => h.peripheral === addressOf(FRONT_DOOR)).at(-1);
    const gate = site.rig.air.history.filter((h) => h.peripheral === addressOf(MAIN_GATE)).at(-1);
    expect(intercom && gate && site.rig.air.history.indexOf(gate) > site.rig.air.history.indexOf(intercom)).toBe(true);
  });
});
