/**
 * The engine's session operations over the real stacks (noble <-> virtual controllers <-> bleno hosting the
 * firmware models): roles enforced by the device over the air, codes, identify, claim, and a settings save
 * whose link is lost at every one of its ACL packets in turn, once and on every retry (test/helpers/linkFaults.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessSettings } from '../../electron/protocol/messages';
import { parseSetupKey } from '../../electron/cli/args';
import { FRONT_DOOR, MAIN_GATE, NEW_INTERCOM, demoSite } from '../helpers/demo';
import { openSiteOverHci, realStackAvailable } from '../helpers/hciHarness';
import { cleanPackets, dropAtEachPacket, dropPasses, failures, FAULT_AIR, held, UNKNOWN_OUTCOME } from '../helpers/linkFaults';
const run = realStackAvailable();
let site: Awaited<ReturnType<typeof openSiteOverHci>>;

/** What the intercom's flash holds now (read from the model, not over the air). */
const deviceSettings = (): AccessSettings => held(site.sim, FRONT_DOOR).settings;

describe.runIf(run)('session operations over noble, virtual controllers and bleno', () => {
  beforeAll(async () => {
    site = await openSiteOverHci(demoSite(), { air: FAULT_AIR });
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

  it('link loss at every ACL packet of a settings save, once and on every retry: the device holds the old or the new settings, and the app reports which', async () => {
    const save = (maxUsers: AccessSettings['maxUsers']) => site.commissioner.saveSettings(FRONT_DOOR, { maxUsers }, { timeoutMs: 5_000 });
    const flip = (): AccessSettings['maxUsers'] => (deviceSettings().maxUsers === 5 ? 10 : 5);
    const packets = await cleanPackets(site.rig.air, FRONT_DOOR, () => save(flip()));
    // A save with the GATT cache warm: MTU, validation, info, CCCDs, handshake, get, set and read-back.
    expect(packets).toBeGreaterThan(15);

    for (const { links, stride, first } of dropPasses(3)) {
      let wanted = deviceSettings();
      const outcomes = await dropAtEachPacket(site.rig.air, {
        deviceIds: [FRONT_DOOR],
        packets,
        links,
        stride,
        first,
        before: () => {
          const old = deviceSettings();
          wanted = { ...old, maxUsers: old.maxUsers === 5 ? 10 : 5 };
          return old;
        },
        run: () => save(wanted.maxUsers),
        check: (outcome, old, label) => {
          const held = deviceSettings();
          // Never a mix: the device holds exactly one of the two.
          expect([old, wanted], label).toContainEqual(held);
          // The app's answer is the truth: saved means the device holds the new settings; failed means the
          // old, unless the device could not be reached to check (and the error says so).
          if (outcome.ok) expect(outcome.value.settings, label).toEqual(wanted);
          if (outcome.ok) expect(held, label).toEqual(wanted);
          else if (!UNKNOWN_OUTCOME.test(String(outcome.error))) expect(held, label).toEqual(old);
        },
      });
      // One drop is always recovered from: reconnect, re-authenticate, retry with the same request id, read back.
      if (links === 1) expect(failures(outcomes)).toEqual([]);
    }
  }, 150_000);
});
