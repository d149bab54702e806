/**
 * Exchanges on the air for `fluss --hci-uart <central> --sim settings get "Front Door"`, the CLI run as
 * separate processes so what one run learns about the device must persist on disk (the GATT cache in the
 * data folder). The demo site is served by bleno on virtual controllers in this process; the air's own
 * counters (electron/hci/attCounts.ts) are the measure, not the app's.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AirLinkStats } from '../../electron/hci/airLink';
import { fluss } from '../helpers/cli';
import { demoSite, FRONT_DOOR, MAIN_GATE, tempDir } from '../helpers/demo';
import { realStackAvailable, serveSiteOverHci, CENTRAL_ADDRESS } from '../helpers/hciHarness';
import { DISCOVERY_OPCODES, EXCHANGE_BUDGET } from './exchangeBudget';

const run = realStackAvailable();
const intercom = FRONT_DOOR.replace(/(..)(?!$)/g, '$1:');
const gate = MAIN_GATE.replace(/(..)(?!$)/g, '$1:');
let served: Awaited<ReturnType<typeof serveSiteOverHci>> | undefined;
let central = '';
const dataDir = tempDir();

/** One CLI run of `settings get "Front Door"`, and the air's counts of the intercom link it made. */
async function settingsGet(): Promise<AirLinkStats> {
  if (!served) throw new Error('the site is not served');
  const linksBefore = served.rig.air.linkStats(intercom).length;
  const result = await fluss(['--hci-uart', central, '--sim', 'settings', 'get', 'Front Door'], dataDir, 30_000);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/Max Users\s+\d+/);
  const links = served.rig.air.linkStats(intercom).slice(linksBefore);
  expect(links).toHaveLength(1);
  const link = links[0];
  if (!link) throw new Error('no link to the intercom');
  return link;
}

/** One CLI run of `test-fire "Front Door"` (entry and exit on Main Gate), and the air's counts of the gate link it made. */
async function testFire(): Promise<AirLinkStats> {
  if (!served) throw new Error('the site is not served');
  const linksBefore = served.rig.air.linkStats(gate).length;
  const result = await fluss(['--hci-uart', central, '--sim', 'test-fire', 'Front Door'], dataDir, 60_000);
  expect(result.code, result.stderr).toBe(0);
  const links = served.rig.air.linkStats(gate).slice(linksBefore);
  expect(links).toHaveLength(1);
  const link = links[0];
  if (!link) throw new Error('no link to the gate');
  return link;
}

const discoveryPdus = (link: AirLinkStats) => DISCOVERY_OPCODES.reduce((sum, op) => sum + (link.att.byOpcode[op] ?? 0), 0);

describe.runIf(run)('ATT exchanges of `fluss settings get` over the real stacks, run by run', () => {
  beforeAll(async () => {
    // The demo's radio, but the shortest interval noble asks for: counts do not depend on it, test time does.
    served = await serveSiteOverHci(demoSite((site) => (site.radio = { ...site.radio, connectionIntervalMs: 7.5, advertisingIntervalMs: 40 })));
    central = await served.rig.controller('central', CENTRAL_ADDRESS);
  }, 30_000);
  afterAll(async () => served?.rig.close());

  it('first contact discovers, then a later run uses the cached layout with no discovery at all', async () => {
    const first = await settingsGet();
    expect(first.att.exchanges).toBeLessThanOrEqual(EXCHANGE_BUDGET.firstContact);
    expect(first.att.byOpcode['0x06']).toBe(1); // one Find By Type Value: the Fluss+ service by UUID
    expect(first.att.byOpcode['0x10']).toBeUndefined(); // never a walk of every service
    expect(existsSync(join(dataDir, 'gatt-cache.json'))).toBe(true);

    const second = await settingsGet();
    expect(second.att.exchanges).toBeLessThanOrEqual(EXCHANGE_BUDGET.knownDevice);
    expect(discoveryPdus(second)).toBe(0);
    expect(second.att.byOpcode['0x08']).toBe(1); // the one Read By Type that validates the cached layout
    expect(second.att.exchanges).toBeLessThan(first.att.exchanges);
  }, 90_000);

  it('a device whose handles moved (same firmware) is rediscovered, the cache rewritten, and the command completes', async () => {
    await settingsGet(); // the cache is warm
    if (!served) throw new Error('the site is not served');
    const index = served.sim.peripherals().findIndex((p) => p.address === intercom);
    const endpoint = served.sim.peripherals()[index];
    const host = served.hosts[index];
    if (!endpoint || !host) throw new Error('Front Door is not served');
    endpoint.gattFillers = 2;
    await host.republish();
    try {
      const moved = await settingsGet();
      // The failed validation, then discovery by UUID.
      expect(moved.att.byOpcode['0x08']).toBeGreaterThanOrEqual(2);
      expect(moved.att.byOpcode['0x06']).toBe(1);
      const after = await settingsGet();
      expect(discoveryPdus(after)).toBe(0);
      expect(after.att.exchanges).toBeLessThanOrEqual(EXCHANGE_BUDGET.knownDevice);
    } finally {
      endpoint.gattFillers = 0;
      await host.republish();
    }
  }, 120_000);

  it("a known gate's test-fire costs at most 4 exchanges of its own: a listening session, no AUTH (issue 7, item 6)", async () => {
    const first = await testFire();
    expect(first.att.byOpcode['0x06']).toBe(1); // first contact with the gate: its service by UUID
    const known = await testFire();
    expect(known.att.exchanges).toBeLessThanOrEqual(EXCHANGE_BUDGET.knownGateTestFire);
    expect(discoveryPdus(known)).toBe(0);
    // One Write Command, the HELLO: no AUTH and no request. The relay events of both legs (and HELLO_REPLY)
    // arrived as notifications, at no exchange of their own.
    expect(known.att.commands).toBe(1);
    expect(known.att.notifications).toBeGreaterThanOrEqual(3);
  }, 150_000);

  it('a corrupt cache file costs discovery, not the command, and is rewritten', async () => {
    writeFileSync(join(dataDir, 'gatt-cache.json'), '{ not json');
    const afterCorrupt = await settingsGet();
    expect(afterCorrupt.att.byOpcode['0x06']).toBe(1);
    const next = await settingsGet();
    expect(discoveryPdus(next)).toBe(0);
  }, 90_000);
});
