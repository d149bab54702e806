/**
 * The engine's session operations over the real stacks (noble <-> virtual controllers <-> bleno hosting the
 * firmware models): roles enforced by the device over the air, codes, identify, claim, and a settings save
 * whose link is lost at every one of its ACL packets in turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessSettings } from '../../electron/protocol/messages';
import { parseSetupKey } from '../../electron/cli/args';
import { FRONT_DOOR, MAIN_GATE, NEW_INTERCOM, demoSite } from '../helpers/demo';
import { openSiteOverHci, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';

const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');
const run = realStackAvailable();
let site: Awaited<ReturnType<typeof openSiteOverHci>>;

/** What the intercom's flash holds now (read from the model, not over the air). */
function deviceSettings(): AccessSettings {
  const snapshot = site.sim.intercom(FRONT_DOOR)?.snapshot();
  return structuredClone(snapshot?.state.settings) as AccessSettings;
}

describe.runIf(run)('session operations over noble, virtual controllers and bleno', () => {
  beforeAll(async () => {
    // A short supervision timeout: a lost link is noticed in 100 ms, so the loop below stays quick.
    site = await openSiteOverHci(demoSite(), { air: { ...TEST_AIR, supervisionTimeoutMs: 100 } });
  });
  afterAll(async () => {
    await site.rig.close();
  });

  it("a shared user's settings change is refused by the device over the air", async () => {
    const before = deviceSettings();
    const refused = await site.commissioner.saveSettings('Front Door', { inviteDurationHours: 2 }, { role: 'shared' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'NOT_AUTHORIZED', message: expect.stringMatching(/owner/i) as unknown });
    expect(deviceSettings()).toEqual(before);
  });

  it('a shared user creates a code and revokes it; identify makes the gate blink', async () => {
    const { created, listed, revoked } = await site.commissioner.withIntercom('Front Door', { role: 'shared' }, async (session) => {
      const made = await session.createCode('0123456789abcdef0123456789abcdef');
      const list = await session.listCodes();
      const gone = await session.revokeCode(made.code.codeId);
      return { created: made, listed: list, revoked: gone };
    });
    expect(created.digits).toMatch(/^\d{4}$/);
    expect(listed.map((c) => c.codeId)).toContain(created.code.codeId);
    expect(revoked).toMatchObject({ codeId: created.code.codeId, state: 'revoked' });

    const events: string[] = [];
    const off = site.sim.gate(MAIN_GATE)?.onEvent((event) => events.push(event.type));
    try {
      await site.commissioner.withGate('Main Gate', {}, (session) => session.identify());
      expect(events).toContain('gate.identify');
    } finally {
      off?.();
    }
  });

  it('claims the unclaimed intercom over the air, then opens it with the new owner key', async () => {
    const info = await site.commissioner.claim('New Intercom', parseSetupKey('d34e-1930-3fdf-180c-472f-ae12-13eb-49f1'), { ownerUserId: 'tech1' });
    expect(info.deviceId).toBe(NEW_INTERCOM);
    expect(site.local.saved.get(NEW_INTERCOM)?.map((c) => c.role)).toEqual(['owner']);
    // The device advertises itself as claimed again once the claiming link is gone.
    await expect.poll(async () => (await site.commissioner.scan(300)).find((d) => d.deviceId === NEW_INTERCOM)?.claimed, { timeout: 5_000 }).toBe(true);
    const users = await site.commissioner.withIntercom('New Intercom', {}, (session) => session.listUsers());
    expect(users).toEqual([{ userId: 'tech1', role: 'owner' }]);
  });

  it('link loss at every ACL packet of a settings save: the device holds the old or the new settings, and the app reports which', async () => {
    const address = addressOf(FRONT_DOOR);
    const linksBefore = site.rig.air.linkStats(address).length;
    const clean = await site.commissioner.saveSettings(FRONT_DOOR, { maxUsers: 5 });
    expect(clean.settings.maxUsers).toBe(5);
    const cleanLinks = site.rig.air.linkStats(address).slice(linksBefore);
    expect(cleanLinks).toHaveLength(1);
    const packets = cleanLinks[0]?.aclPackets ?? 0;
    // A save with the GATT cache warm: MTU, validation, info, CCCDs, handshake, get, set and read-back.
    expect(packets).toBeGreaterThan(15);

    const outcomes: string[] = [];
    for (let n = 1; n <= packets; n++) {
      const old = deviceSettings();
      const wanted: AccessSettings = { ...old, maxUsers: old.maxUsers === 5 ? 10 : 5 };
      site.rig.air.faults.dropAfterAclPackets.set(address, n);
      const result = await site.commissioner.saveSettings(FRONT_DOOR, { maxUsers: wanted.maxUsers }, { timeoutMs: 5_000 }).then(
        (snapshot) => ({ ok: true as const, snapshot }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      site.rig.air.faults.dropAfterAclPackets.delete(address);
      const held = deviceSettings();
      // Never a mix: the device holds exactly one of the two.
      expect([old, wanted], `drop after packet ${n}`).toContainEqual(held);
      // The app's answer is the truth: saved means the device holds the new settings, failed means the old.
      if (result.ok) expect(result.snapshot.settings, `drop after packet ${n}`).toEqual(held);
      else expect(held, `drop after packet ${n}: ${String(result.error)}`).toEqual(old);
      if (result.ok) expect(held).toEqual(wanted);
      outcomes.push(result.ok ? 'saved' : 'failed');
    }
    // Every drop was recovered from: reconnect, re-authenticate, retry with the same request id, read back.
    expect(outcomes.filter((o) => o === 'saved').length).toBe(packets);
  }, 120_000);
});
