/**
 * Issue 8, item 5, over the real stacks (noble <-> virtual controllers <-> bleno hosting the firmware
 * models): the intercom's event queue overflows (its next events are sealed, their counters used, and
 * never notified) while another user changes it. The next event that reaches noble reveals the gap, and
 * the app's services read again what it shows and send it with the notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, EventTypes } from '../../electron/ipc/contract';
import { chainCredentials } from '../../electron/core/credentials';
import { newRequestId } from '../../electron/core/requestId';
import { createAppServices, type AppServices } from '../../electron/services/appServices';
import { memoryPrefs } from '../../electron/services/prefsStore';
import type { CodeSummary } from '../../electron/protocol/messages';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { FRONT_DOOR, demoSite, memoryCredentials } from '../helpers/demo';
import { realStackAvailable, serveSiteOverHci } from '../helpers/hciHarness';

const run = realStackAvailable();
const site = demoSite();
let served: Awaited<ReturnType<typeof serveSiteOverHci>>;
let services: AppServices;
const events: { channel: EventChannel; payload: unknown }[] = [];

async function waitFor<E extends EventChannel>(channel: E, test: (payload: EventTypes[E]) => boolean, timeoutMs = 15_000): Promise<EventTypes[E]> {
  const started = Date.now();
  for (;;) {
    const found = events.filter((e) => e.channel === channel).map((e) => e.payload as EventTypes[E]).find(test);
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${channel} event came within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Another user's request reaching the intercom (over their own link): the app hears of it only by events. */
async function sharedUserCreatesCode(): Promise<CodeSummary> {
  const intercom = served.sim.intercom(FRONT_DOOR);
  if (!intercom) throw new Error('no Front Door');
  const result = await intercom.handle({ id: 1, op: 'codes.create', args: { requestId: newRequestId() } }, { kind: 'user', userId: 'demo-shared', role: 'shared' });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { code: CodeSummary }).code;
}

describe.runIf(run)('an event gap over noble, virtual controllers and bleno', () => {
  beforeAll(async () => {
    served = await serveSiteOverHci(site);
    const transport = await served.rig.central();
    services = createAppServices({
      transport,
      credentials: chainCredentials(memoryCredentials(), siteCredentials(site)),
      prefs: memoryPrefs(),
      emit: (channel, payload) => events.push({ channel, payload }),
      version: '0.0.0-test',
      simulated: true,
      trust: SIMULATED_SITE_TRUST,
      batchMs: 20,
    });
  }, 60_000);
  afterAll(async () => {
    await services.close();
    await served.rig.close();
  });

  it('is reported with the number missed, and the codes, settings and users are read again over the air', async () => {
    const opened = await services.invoke('intercom.open', { deviceId: FRONT_DOOR, role: 'owner' });
    expect(opened.ok).toBe(true);
    const before = await services.handlers['codes.list']({ deviceId: FRONT_DOOR });
    expect(before).toMatchObject({ ok: true, value: { codes: [] } });

    const endpoint = served.sim.peripherals().find((p) => p.model.deviceId === FRONT_DOOR);
    if (!endpoint) throw new Error('no Front Door endpoint');
    endpoint.dropEvents = 3;
    const made: CodeSummary[] = [];
    for (let i = 0; i < 4; i++) made.push(await sharedUserCreatesCode());
    expect(endpoint.dropEvents).toBe(0);

    const resynced = await waitFor('device.resynced', (p) => p.deviceId === FRONT_DOOR);
    expect(resynced.message).toBe('Front Door sent events this app did not receive (3 missed). The codes, settings and users shown were read again.');
    expect(resynced.codes?.codes.map((c) => c.codeId).sort()).toEqual(made.map((c) => c.codeId).sort());
    expect(resynced.settings?.settings.entryDevice).toBe('f16000000001');
    expect(resynced.users?.map((u) => u.userId).sort()).toEqual(['demo-owner', 'demo-shared']);
    expect(resynced.events?.map((e) => e.detail.codeId)).toEqual(made.slice(0, 3).map((c) => c.codeId));
    // Only the fourth code's event was notified; the three lost ones never arrived.
    await waitFor('device.events', (batch) => batch.some((b) => b.event.detail.codeId === made[3]?.codeId));
    const live = events.filter((e) => e.channel === 'device.events').flatMap((e) => (e.payload as EventTypes['device.events']).map((b) => b.event.detail.codeId));
    expect(live.filter((id) => made.slice(0, 3).some((c) => c.codeId === id))).toEqual([]);
  }, 60_000);
});
