/**
 * The radio's figures: each operation's ATT PDUs and exchanges in the simulator and on the air side by side;
 * connect-to-settings exchanges of the CLI run as separate processes, first contact and known device, and
 * the gate's own exchanges during the CLI's test-fire (a listening session, issue 7 item 6); wall
 * times at several connection intervals (median, min, max of several runs); and our session against a
 * minimal script using noble directly, in the same process on the same air.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Commissioner } from '../../electron/core/commissioner';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { SimSite } from '../../electron/sim/simSite';
import type { Site } from '../../electron/sim/siteFile';
import { MemoryGattCache } from '../../electron/transport/gattCache';
import { createNoble } from '../../electron/transport/noble/binding';
import { waitForPoweredOn } from '../../electron/transport/noble/adapterState';
import { fluss } from '../helpers/cli';
import { demoSite, FRONT_DOOR, tempDir } from '../helpers/demo';
import { CENTRAL_ADDRESS, openSiteOverHci, serveSiteOverHci } from '../helpers/hciHarness';
import { airCounts, GATE_ADDRESS, INTERCOM_ADDRESS, linkCounts, RADIO_OPS, recordingTransport, type OpCounts } from '../helpers/radioOps';
import { nobleDirectSettingsGet } from './nobleDirect';
import { spread, type BenchReport } from './report';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

/** The bench's air: the demo site, adverts every 20 ms so scanning weighs little against the link. */
function benchSite(intervalMs: number): Site {
  return demoSite((site) => (site.radio = { ...site.radio, connectionIntervalMs: intervalMs, advertisingIntervalMs: 20 }));
}

const settingsGet = (c: Commissioner) => c.withIntercom(FRONT_DOOR, {}, (s) => s.getSettings());

async function time(job: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await job();
  return performance.now() - start;
}

/** Each operation's counts, simulated and on the air (real stacks), side by side. */
export async function countsBench(report: BenchReport): Promise<void> {
  report.section('ATT PDUs and exchanges per operation: simulator vs real stacks (air counts), 7.5 ms interval');
  const site = benchSite(7.5);
  const sim = new SimSite({ site, gateAnswerTimeoutMs: 300 });
  const simTransport = recordingTransport(sim.createTransport());
  const simCommissioner = new Commissioner(simTransport, siteCredentials(site), SIMULATED_SITE_TRUST);
  const real = await openSiteOverHci(benchSite(7.5), { air: { advertisingIntervalMs: 20, connectionIntervalMs: 7.5, rssiNoiseDb: 2 } });
  try {
    for (const op of RADIO_OPS) {
      const from = simTransport.links.length;
      await op.run(simCommissioner);
      const address = op.address ?? INTERCOM_ADDRESS;
      const simulated = linkCounts(simTransport.links.slice(from), address);
      const airFrom = real.rig.air.linkStats(address).length;
      await op.run(real.commissioner);
      const onAir = airCounts(real.rig.air, address, airFrom);
      report.row(op.name, { simPdus: simulated.pdus, realPdus: onAir.pdus, simExchanges: simulated.exchanges, realExchanges: onAir.exchanges, agreement: agreement(simulated, onAir) });
    }
  } finally {
    await simTransport.close();
    await real.rig.close();
  }
}

/** The worse of the two relative differences, PDUs and exchanges (the tests hold it within 10%). */
function agreement(sim: OpCounts, real: OpCounts): string {
  const worst = Math.max(Math.abs(sim.pdus - real.pdus) / Math.max(1, real.pdus), Math.abs(sim.exchanges - real.exchanges) / Math.max(1, real.exchanges));
  return `${(worst * 100).toFixed(1)}%`;
}

/** `fluss --hci-uart <central> --sim settings get "Front Door"` twice, as separate processes: the measure. */
export async function cliExchangesBench(report: BenchReport): Promise<void> {
  report.section('exchanges on the air of the CLI run as separate processes: `fluss settings get`, then the gate during `fluss test-fire`');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!existsSync(join(root, 'out/cli/fluss.mjs'))) {
    report.row('skipped', { reason: 'the CLI is not built (npm run build:cli)' });
    return;
  }
  const served = await serveSiteOverHci(benchSite(7.5), { air: { advertisingIntervalMs: 20, connectionIntervalMs: 7.5, rssiNoiseDb: 2 } });
  const dataDir = tempDir();
  try {
    const central = await served.rig.controller('central', CENTRAL_ADDRESS);
    for (const label of ['first contact', 'known device (GATT cache on disk)']) {
      const from = served.rig.air.linkStats(INTERCOM_ADDRESS).length;
      const result = await fluss(['--hci-uart', central, '--sim', 'settings', 'get', 'Front Door'], dataDir, 30_000);
      if (result.code !== 0) throw new Error(`fluss settings get failed: ${result.stderr}`);
      const counts = airCounts(served.rig.air, INTERCOM_ADDRESS, from);
      report.row(label, { exchanges: counts.exchanges, requests: counts.requests, commands: counts.commands, pdus: counts.pdus });
    }
    // The gate's own exchanges during `fluss test-fire` (entry and exit on Main Gate): its relay events are
    // notifications on a listening session, so the whole test costs the gate's connection and HELLO only.
    for (const label of ["test-fire, gate's own: first contact", "test-fire, gate's own: known gate"]) {
      const from = served.rig.air.linkStats(GATE_ADDRESS).length;
      const result = await fluss(['--hci-uart', central, '--sim', 'test-fire', 'Front Door'], dataDir, 60_000);
      if (result.code !== 0) throw new Error(`fluss test-fire failed: ${result.stderr}`);
      const counts = airCounts(served.rig.air, GATE_ADDRESS, from);
      report.row(label, { exchanges: counts.exchanges, requests: counts.requests, commands: counts.commands, notifications: counts.notifications, pdus: counts.pdus });
    }
  } finally {
    await served.rig.close();
  }
}

/** Wall times of connect + settings.get at each interval, simulated and real, and the noble-direct ratio. */
export async function wallTimesBench(report: BenchReport, intervals: number[], runs: number): Promise<void> {
  for (const intervalMs of intervals) {
    report.section(`wall time, connect + settings.get (scan included), ${intervalMs} ms connection interval, ${runs} runs`);
    const cache = new MemoryGattCache();
    const real = await openSiteOverHci(benchSite(intervalMs), { air: { advertisingIntervalMs: 20, connectionIntervalMs: intervalMs, rssiNoiseDb: 2 }, gattCache: cache });
    const site = benchSite(intervalMs);
    const sim = new SimSite({ site, gateAnswerTimeoutMs: 300 });
    const simTransport = sim.createTransport();
    const simCommissioner = new Commissioner(simTransport, siteCredentials(site), SIMULATED_SITE_TRUST);
    try {
      const directPort = await real.rig.controller('direct', 'c0:ff:ee:00:00:02');
      const binding = { kind: 'hci-uart' as const, port: directPort, baudRate: 1_000_000 };
      const noble = createNoble(binding);
      await waitForPoweredOn(noble, binding, 5_000);
      const credential = siteCredentials(site).lookup(FRONT_DOOR, 'owner');
      if (!credential) throw new Error('the demo site has no owner of Front Door');
      // Warm every path once (module loading, the first scan), then interleave the runs.
      await settingsGet(real.commissioner);
      await nobleDirectSettingsGet(noble, FRONT_DOOR, credential);
      await settingsGet(simCommissioner);
      const times: Record<string, number[]> = { realFirst: [], realKnown: [], nobleDirect: [], simFirst: [], simKnown: [] };
      for (let i = 0; i < runs; i++) {
        cache.delete(FRONT_DOOR);
        times.realFirst?.push(await time(() => settingsGet(real.commissioner)));
        times.realKnown?.push(await time(() => settingsGet(real.commissioner)));
        times.nobleDirect?.push(await time(() => nobleDirectSettingsGet(noble, FRONT_DOOR, credential)));
        simTransport.gattCache.delete(FRONT_DOOR);
        times.simFirst?.push(await time(() => settingsGet(simCommissioner)));
        times.simKnown?.push(await time(() => settingsGet(simCommissioner)));
      }
      noble.stop();
      noble.removeAllListeners();
      const median = (name: string) => spread(times[name] ?? []).median ?? Number.NaN;
      report.row('real stacks, first contact (ms)', spread(times.realFirst ?? []));
      report.row('real stacks, known device (ms)', spread(times.realKnown ?? []));
      report.row('noble directly, same GATT work (ms)', spread(times.nobleDirect ?? []));
      report.row('simulator, first contact (ms)', spread(times.simFirst ?? []));
      report.row('simulator, known device (ms)', spread(times.simKnown ?? []));
      report.row('our session / noble directly', {
        knownDevice: round2(median('realKnown') / median('nobleDirect')),
        firstContact: round2(median('realFirst') / median('nobleDirect')),
        goal: 1.1,
      });
    } finally {
      await simTransport.close();
      await real.rig.close();
    }
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
