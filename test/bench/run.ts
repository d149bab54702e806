/**
 * `npm run bench`: how long the engine's operations take on the simulated site, in wall time and in
 * modelled air time, and how many ATT PDUs each costs. Numbers only: tests assert behaviour, not speed.
 */
import { performance } from 'node:perf_hooks';
import { Commissioner } from '../../electron/core/commissioner';
import { saveSettings } from '../../electron/core/settingsWrite';
import { segment, Reassembler } from '../../electron/protocol/framing';
import { decodeRequest, encodeRequest } from '../../electron/protocol/codec';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { parseSite } from '../../electron/sim/siteFile';
import { SimSite } from '../../electron/sim/simSite';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { socatAvailable } from '../../electron/hci/ptyBridge';
import { openSiteOverHci } from '../helpers/hciHarness';
import { cliBench } from './cliStartup';
import { uiBench } from './uiFigures';

const FRONT_DOOR = 'f1a000000001';
const MAIN_GATE = 'f16000000001';

function row(name: string, values: Record<string, string | number>): void {
  const format = (v: number) => (Number.isInteger(v) || v >= 10 ? v.toFixed(0) : v.toFixed(2));
  const cells = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' ? format(v) : v}`);
  console.log(`${name.padEnd(40)} ${cells.join('  ')}`);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function radioBench(intervalMs: number): Promise<void> {
  const site = parseSite(structuredClone(DEMO_SITE));
  site.radio = { ...site.radio, connectionIntervalMs: intervalMs, advertisingIntervalMs: 100 };
  const sim = new SimSite({ site, gateAnswerTimeoutMs: 1500 });
  const transport = sim.createTransport();
  const commissioner = new Commissioner(transport, siteCredentials(site));
  console.log(`\n# simulated radio: connection interval ${intervalMs} ms, MTU ${site.radio.mtu}`);
  const [, findMs] = await timed(() => commissioner.find(FRONT_DOOR, 'intercom'));
  row('find intercom by id (scan)', { ms: findMs });
  const [, findByNameMs] = await timed(() => commissioner.find('Front Door', 'intercom'));
  row('find intercom by name (scan)', { ms: findByNameMs });
  await commissioner.withReconnectingIntercom(FRONT_DOOR, {}, async (keeper) => {
    const session = keeper.session;
    row('connect + info + secure session', { pdus: session.stats().pdusOut + session.stats().pdusIn, airMs: session.stats().airTimeMs });
    const before = session.stats();
    const [current, getMs] = await timed(() => session.getSettings());
    row('settings.get', { ms: getMs, pdus: session.stats().pdusOut + session.stats().pdusIn - before.pdusOut - before.pdusIn });
    const beforeSave = session.stats();
    const [, saveMs] = await timed(() => saveSettings(keeper, { ...current.settings, entryDevice: MAIN_GATE }, current.revision));
    row('settings save + read-back', { ms: saveMs, pdus: session.stats().pdusOut + session.stats().pdusIn - beforeSave.pdusOut - beforeSave.pdusIn });
  });
  const [report, fireMs] = await timed(() => commissioner.testFire(FRONT_DOOR, {}));
  row('test-fire end to end', { ms: fireMs, passed: String(report.passed) });
  for (const step of report.steps) row(`  ${step.label}`, { ms: step.durationMs ?? 0 });
  await transport.close();
}

function codecBench(): void {
  const request = encodeRequest({ id: 1, op: 'settings.set', args: { requestId: 'ab'.repeat(16), baseRevision: 3, settings: { entryDevice: MAIN_GATE, exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 } } });
  const n = 20_000;
  let start = performance.now();
  for (let i = 0; i < n; i++) decodeRequest(request);
  row('codec: decode+validate settings.set', { usPerOp: ((performance.now() - start) * 1000) / n });
  const big = new Uint8Array(4000);
  start = performance.now();
  for (let i = 0; i < 2000; i++) {
    const r = new Reassembler();
    for (const p of segment(big, 23)) r.push(p);
  }
  row('framing: 4 kB at MTU 23 round trip', { usPerOp: ((performance.now() - start) * 1000) / 2000 });
}

/** The same jobs over the real noble and bleno stacks and the virtual controller (needs socat). */
async function hciBench(): Promise<void> {
  if (!socatAvailable()) {
    console.log('\n# real stacks over the virtual controller: skipped (socat is not installed)');
    return;
  }
  const site = parseSite(structuredClone(DEMO_SITE));
  const { rig, commissioner } = await openSiteOverHci(site, { air: { advertisingIntervalMs: 100, connectionIntervalMs: 7.5, rssiNoiseDb: 2 } });
  try {
    console.log('\n# real stacks: noble <-> virtual controller (7.5 ms interval) <-> bleno');
    const [, saveMs] = await timed(() => commissioner.saveSettings(FRONT_DOOR, { maxUsers: 25 }));
    row('settings save (find, connect, read-back)', { ms: saveMs });
    const [report, fireMs] = await timed(() => commissioner.testFire(FRONT_DOOR, {}));
    row('test-fire end to end', { ms: fireMs, passed: String(report.passed) });
    const intercomAddress = FRONT_DOOR.replace(/(..)(?!$)/g, '$1:');
    for (const [i, link] of rig.air.linkStats(intercomAddress).entries()) {
      row(`  intercom link ${i + 1}`, { attOut: link.attPdusOut, attIn: link.attPdusIn, acl: link.aclPackets, events: link.connectionEvents, airUs: link.airTimeUs });
    }
  } finally {
    await rig.close();
  }
}

codecBench();
for (const interval of [7.5, 30]) await radioBench(interval);
await hciBench();
cliBench(row);
await uiBench(row);
process.exit(0);
