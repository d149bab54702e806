/**
 * Issue 8, item 5, at the app's services over the in-process simulator: the intercom loses events (its
 * event queue overflows: counters used, frames never sent) while another technician changes it; the
 * next event reveals the gap, and the services read again the codes, settings, users and the missed audit
 * entries, send them with the notice in the technician's words, and log it without digits or keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventTypes, ResultOf } from '../../electron/ipc/contract';
import { IntercomSession } from '../../electron/core/deviceSession';
import { newRequestId } from '../../electron/core/requestId';
import type { OperationRecord } from '../../electron/services/operationLog';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { FRONT_DOOR } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

let app: ReturnType<typeof servicesOnDemo>;
afterEach(async () => app.close());

const frontDoor = () => {
  const endpoint = app.env.site.peripherals().find((p) => p.model.deviceId === FRONT_DOOR);
  if (!endpoint) throw new Error('no Front Door on the demo site');
  return endpoint;
};

/** Another technician's session with Front Door (a second central on the same air), as the shared user. */
async function otherTechnician(): Promise<IntercomSession> {
  const shared = DEMO_SITE.users.find((u) => u.role === 'shared');
  if (!shared) throw new Error('the demo site has no shared user');
  const credential = { userId: shared.userId, key: new Uint8Array(Buffer.from(shared.key, 'base64')) };
  return IntercomSession.connect(app.env.transport, { address: frontDoor().address, label: 'Front Door' }, credential, { trust: SIMULATED_SITE_TRUST });
}

function memoryLog() {
  const records: OperationRecord[] = [];
  return { records, record: (entry: OperationRecord) => records.push(entry) };
}

describe('an event gap on an open intercom', () => {
  it('is reported with the number missed, and codes, settings, users and the missed audit entries are read again', async () => {
    const log = memoryLog();
    app = servicesOnDemo({ log });
    value(await app.services.invoke('intercom.open', { deviceId: FRONT_DOOR, role: 'owner' }));
    expect(value(await app.services.handlers['codes.list']({ deviceId: FRONT_DOOR })).codes).toEqual([]);

    const other = await otherTechnician();
    frontDoor().dropEvents = 2;
    const made: ResultOf<'codes.create'>[] = [];
    for (let i = 0; i < 3; i++) made.push(await other.createCode(newRequestId()));
    await other.close();

    const resynced = await app.waitFor('device.resynced', (p) => p.deviceId === FRONT_DOOR);
    expect(resynced.missed).toBe(2);
    expect(resynced.message).toBe('Front Door sent events this app did not receive (2 missed). The codes, settings and users shown were read again.');
    expect(resynced.error).toBeUndefined();
    expect(resynced.codes?.codes.map((c) => c.codeId).sort()).toEqual(made.map((m) => m.code.codeId).sort());
    expect(resynced.settings?.settings.entryDevice).toBe('f16000000001');
    expect(resynced.users?.map((u) => u.userId).sort()).toEqual(['demo-owner', 'demo-shared']);
    // The two lost events' audit entries, and not the one that arrived and revealed the gap.
    expect(resynced.events?.map((e) => [e.type, e.detail.codeId])).toEqual(made.slice(0, 2).map((m) => ['code.created', m.code.codeId]));

    // The live stream went on: the third code's event arrived; the lost ones never did.
    await app.waitFor('device.events', (batch) => batch.some((b) => b.event.detail.codeId === made[2]?.code.codeId));
    const live = app.of('device.events').flat().map((b) => b.event.detail.codeId);
    expect(live).not.toContain(made[0]?.code.codeId);
    expect(live).not.toContain(made[1]?.code.codeId);

    expect(log.records.filter((r) => r.channel === 'device.resynced')).toEqual([
      { at: expect.any(String) as unknown, channel: 'device.resynced', deviceId: FRONT_DOOR, ms: expect.any(Number) as unknown, ok: true, missed: 2 },
    ]);
    const everything = JSON.stringify([app.events, log.records]);
    for (const m of made) expect(everything).not.toContain(`"${m.digits}"`);
  });

  it('for a shared user reads again what that role may read: codes and settings', async () => {
    app = servicesOnDemo();
    value(await app.services.invoke('intercom.open', { deviceId: FRONT_DOOR, role: 'shared' }));
    // As Device Details does at once: the first request carries AUTH, and from then on events flow.
    value(await app.services.invoke('codes.list', { deviceId: FRONT_DOOR }));
    const other = await otherTechnician();
    frontDoor().dropEvents = 1;
    const first = await other.createCode(newRequestId());
    await other.revokeCode(first.code.codeId);
    await other.close();

    const resynced: EventTypes['device.resynced'] = await app.waitFor('device.resynced', (p) => p.deviceId === FRONT_DOOR);
    expect(resynced.message).toBe('Front Door sent events this app did not receive (1 missed). The codes and settings shown were read again.');
    expect(resynced.codes?.codes).toEqual([expect.objectContaining({ codeId: first.code.codeId, state: 'revoked' })]);
    expect(resynced.users).toBeUndefined();
    expect(resynced.events).toBeUndefined();
  });

  it('says so when reading again fails, with what happened and what to do, and logs the failure', async () => {
    const log = memoryLog();
    app = servicesOnDemo({ log });
    value(await app.services.invoke('intercom.open', { deviceId: FRONT_DOOR, role: 'owner' }));
    value(await app.services.handlers['codes.list']({ deviceId: FRONT_DOOR }));
    const intercom = app.env.site.intercom(FRONT_DOOR);
    if (!intercom) throw new Error('no Front Door');
    frontDoor().dropEvents = 1;
    // From now on the app's replies are lost on air (events still arrive): the read-again cannot finish.
    app.env.transport.faults.loseReplies.set(frontDoor().address, 100);
    for (let i = 0; i < 2; i++) {
      const made = await intercom.handle({ id: i + 1, op: 'codes.create', args: { requestId: newRequestId() } }, { kind: 'user', userId: 'demo-shared', role: 'shared' });
      expect(made.ok).toBe(true);
    }
    const resynced = await app.waitFor('device.resynced', (p) => p.deviceId === FRONT_DOOR, 20_000);
    expect(resynced.error).toMatchObject({ code: 'TIMEOUT', hint: expect.any(String) as unknown });
    expect(resynced.message).toBe(`Front Door sent events this app did not receive (1 missed). Reading what is shown again did not work: ${resynced.error?.message ?? ''}`);
    expect(resynced.codes).toBeUndefined();
    expect(log.records.filter((r) => r.channel === 'device.resynced')).toMatchObject([{ deviceId: FRONT_DOOR, ok: false, code: 'TIMEOUT', missed: 1 }]);
  }, 30_000);

  it('sends no notice while no event was lost', async () => {
    app = servicesOnDemo();
    value(await app.services.invoke('intercom.open', { deviceId: FRONT_DOOR, role: 'owner' }));
    const created = value(await app.services.handlers['codes.create']({ deviceId: FRONT_DOOR }));
    await app.waitFor('device.events', (batch) => batch.some((b) => b.event.detail.codeId === created.code.codeId));
    expect(app.of('device.resynced')).toEqual([]);
  });
});
