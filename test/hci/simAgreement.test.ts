/**
 * The simulator tells the truth about the air: for each operation, the ATT PDUs and exchanges SimTransport
 * counts agree with what the virtual controller counts on the air between noble and bleno (issue 7, item 3).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { SimSite } from '../../electron/sim/simSite';
import { airCounts, INTERCOM_ADDRESS, linkCounts, RADIO_OPS, recordingTransport, type OpCounts } from '../helpers/radioOps';
import { demoSite } from '../helpers/demo';
import { openSiteOverHci, realStackAvailable } from '../helpers/hciHarness';
import { SIM_AGREEMENT } from './exchangeBudget';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

const run = realStackAvailable();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function simulated(): Promise<OpCounts[]> {
  const site = demoSite();
  const sim = new SimSite({ site, gateAnswerTimeoutMs: 300 });
  const transport = recordingTransport(sim.createTransport());
  cleanups.push(() => transport.close());
  const commissioner = new Commissioner(transport, siteCredentials(site), SIMULATED_SITE_TRUST);
  const out: OpCounts[] = [];
  for (const op of RADIO_OPS) {
    const from = transport.links.length;
    await op.run(commissioner);
    out.push(linkCounts(transport.links.slice(from), op.address ?? INTERCOM_ADDRESS));
  }
  return out;
}

async function overTheAir(): Promise<OpCounts[]> {
  const site = demoSite((s) => (s.radio = { ...s.radio, connectionIntervalMs: 7.5, advertisingIntervalMs: 40 }));
  const { rig, commissioner } = await openSiteOverHci(site);
  cleanups.push(() => rig.close());
  const out: OpCounts[] = [];
  for (const op of RADIO_OPS) {
    const address = op.address ?? INTERCOM_ADDRESS;
    const from = rig.air.linkStats(address).length;
    await op.run(commissioner);
    out.push(airCounts(rig.air, address, from));
  }
  return out;
}

describe.runIf(run)('SimTransport counts what the air carries', () => {
  it('each operation: PDUs and exchanges within 10% of the virtual controller, first contact and known device', async () => {
    const sim = await simulated();
    const real = await overTheAir();
    for (const [i, op] of RADIO_OPS.entries()) {
      const s = sim[i];
      const r = real[i];
      if (!s || !r) throw new Error(`no counts for ${op.name}`);
      expect(r.exchanges, op.name).toBeGreaterThan(0);
      expect(Math.abs(s.pdus - r.pdus), `${op.name}: sim ${s.pdus} PDUs, air ${r.pdus}`).toBeLessThanOrEqual(SIM_AGREEMENT * r.pdus);
      expect(Math.abs(s.exchanges - r.exchanges), `${op.name}: sim ${s.exchanges} exchanges, air ${r.exchanges}`).toBeLessThanOrEqual(SIM_AGREEMENT * r.exchanges);
    }
    // Known device costs fewer exchanges than first contact, on both; so does a known gate's test-fire.
    expect(sim[1]?.exchanges).toBeLessThan(sim[0]?.exchanges ?? 0);
    expect(real[1]?.exchanges).toBeLessThan(real[0]?.exchanges ?? 0);
    const gateFirst = RADIO_OPS.findIndex((op) => op.address !== undefined);
    expect(sim[gateFirst + 1]?.exchanges).toBeLessThan(sim[gateFirst]?.exchanges ?? 0);
    expect(real[gateFirst + 1]?.exchanges).toBeLessThan(real[gateFirst]?.exchanges ?? 0);
  }, 90_000);
});
