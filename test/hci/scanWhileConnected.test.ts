/**
 * Issue 8, item 1: the Devices list stays live during and after a connection. noble's HCI binding stops
 * the scan to connect (and resets the controller before the first link); NobleTransport starts it again.
 * Over the real stacks: noble <-> virtual controllers <-> bleno hosting the demo site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Advertisement } from '../../electron/transport/transport';
import { FRONT_DOOR, MAIN_GATE, demoSite } from '../helpers/demo';
import { openSiteOverHci, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';

const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');
const run = realStackAvailable();
let site: Awaited<ReturnType<typeof openSiteOverHci>>;
const heard: Advertisement[] = [];

/** Resolves once `address` is heard in a report received after `since`. */
async function heardAfter(address: string, since: number): Promise<Advertisement> {
  let found: Advertisement | undefined;
  await expect
    .poll(() => (found = heard.find((ad) => ad.address === address && ad.receivedAt > since)), { timeout: 3_000, interval: 20 })
    .toBeDefined();
  return found as Advertisement;
}

describe.runIf(run)('scanning while connected, over noble, virtual controllers and bleno', () => {
  beforeAll(async () => {
    site = await openSiteOverHci(demoSite(), { air: TEST_AIR });
    await site.transport.startScan((ad) => heard.push(ad));
  });
  afterAll(async () => {
    await site.transport.stopScan().catch(() => undefined);
    await site.rig.close();
  });

  it('keeps hearing the other devices while a link is open, and the connected one again after it closes', async () => {
    await heardAfter(addressOf(MAIN_GATE), 0);
    await heardAfter(addressOf(FRONT_DOOR), 0);
    const link = await site.transport.connect(addressOf(FRONT_DOOR), { signal: AbortSignal.timeout(5_000) });
    try {
      const connectedAt = Date.now();
      // noble stopped the scan for the connection (and reset the controller): the gate is heard afresh.
      await heardAfter(addressOf(MAIN_GATE), connectedAt);
      expect(link.connected).toBe(true);
      // Still live a while later, not just one straggling report.
      await heardAfter(addressOf(MAIN_GATE), Date.now() + 200);
    } finally {
      await link.disconnect();
    }
    await heardAfter(addressOf(FRONT_DOOR), Date.now());
  });

  it('a second and a third connection leave the scan running too', async () => {
    for (let i = 0; i < 2; i += 1) {
      const link = await site.transport.connect(addressOf(FRONT_DOOR), { signal: AbortSignal.timeout(5_000) });
      const connectedAt = Date.now();
      await heardAfter(addressOf(MAIN_GATE), connectedAt);
      await link.disconnect();
    }
    await heardAfter(addressOf(FRONT_DOOR), Date.now());
    await heardAfter(addressOf(MAIN_GATE), Date.now());
  });
});
